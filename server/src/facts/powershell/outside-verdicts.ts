// What relevance decided for each command that reaches other computers (`Get-Service`, `Copy-Item`…): does it
// run outside every remote session (relevance.ts runsOutsideSessions)? An admin script names such a command on
// most lines, and deciding each one again on every edit (its statement, its errors, the way down to it) was
// most of an edit's analysis. The answer depends only on the command's top-level statement, so an open
// document keeps the answers (core/document-analysis.ts) and hands them to the next analysis when the edit is
// proved to change syntax only inside its lines (parse/powershell-window.ts). Outside the lines every node
// is then the one decided on, at a shifted offset: the proof compares every node that is not wholly inside
// the lines (type, field and extent), and with them every node on the way from a command's top-level
// statement down to a command outside the lines; the tree has no syntax error (the proof's window has none,
// and the old tree must have none), so a statement's answer does not depend on its neighbours. The answers
// for commands in the lines edited since they were decided are dropped.
import { lineEnd, lineStart } from '../../base/lines';
import { firstAtOrAfter, spliced } from '../points';

export class OutsideVerdicts {
  constructor(
    readonly text: string,
    /** The commands decided, ascending offsets. */
    private readonly at: readonly number[],
    /** For each, 1: it runs outside every session (it is no seed), else 0. */
    private readonly outside: readonly number[],
  ) {}

  /** Reads the verdicts of commands asked in ascending order (each answer, if one was kept, found from where the last was). */
  reader(): (p: number) => boolean | undefined {
    let i = 0;
    return (p) => {
      while (i < this.at.length && this.at[i] < p) i++;
      return i < this.at.length && this.at[i] === p ? this.outside[i] === 1 : undefined;
    };
  }

  /**
   * Moved to `text` after edits whose whole change was `edit` (KeptScan in core/document-analysis.ts calls it
   * once, with every edit since the decisions): the verdicts in the edited lines are dropped, those after moved.
   */
  edited(text: string, edit: { start: number; oldEnd: number; newEnd: number }): OutsideVerdicts {
    const delta = text.length - this.text.length;
    const from = lineStart(this.text, edit.start);
    const oldTo = lineEnd(this.text, edit.oldEnd);
    const cut = [firstAtOrAfter(this.at, from), firstAtOrAfter(this.at, oldTo)];
    return new OutsideVerdicts(text, spliced(this.at, cut, [], delta), spliced(this.outside, cut, []));
  }
}

/** Collects one analysis's verdicts, in ascending order of the commands (narrowSeeds meets them so). */
export class VerdictsFound {
  private readonly at: number[] = [];
  private readonly outside: number[] = [];

  add(p: number, outside: boolean): void {
    this.at.push(p);
    this.outside.push(outside ? 1 : 0);
  }

  done(text: string): OutsideVerdicts {
    return new OutsideVerdicts(text, this.at, this.outside);
  }
}
