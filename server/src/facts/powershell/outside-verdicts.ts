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
import { firstAtOrAfter, splicedInts } from '../points';

export class OutsideVerdicts {
  constructor(
    readonly text: string,
    /** The commands decided, ascending offsets (typed: an admin script names thousands, and an edit copies them). */
    private readonly at: Int32Array,
    /** For each, 1: it runs outside every session (it is no seed), else 0. */
    private readonly outside: Int32Array,
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
    const none = new Int32Array(0);
    return new OutsideVerdicts(text, splicedInts(this.at, cut, none, delta), splicedInts(this.outside, cut, none, 0));
  }
}

/** Takes one analysis's verdicts (narrowSeeds decides every command, in ascending order). */
export class VerdictsFound {
  private found?: { at: Int32Array; outside: Int32Array };

  /** `outside[i]` is the verdict on the command at `at[i]`; neither is changed afterwards. */
  set(at: Int32Array, outside: Int32Array): void {
    this.found = { at, outside };
  }

  /** The verdicts, if relevance decided them. */
  done(text: string): OutsideVerdicts | undefined {
    return this.found && new OutsideVerdicts(text, this.found.at, this.found.outside);
  }
}
