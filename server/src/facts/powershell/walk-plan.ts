// What the PowerShell interpreter walks, decided before it walks: the tree (the one given, or when the file has
// typographic quotes or dashes, or syntax errors a mask can mend, a parse of the masked text: masked-tree.ts), and
// which of its statements can matter (relevance.ts), with the function definitions. The walk itself is
// interpreter.ts's.
import type { Node, SyntaxTree } from '../../parse/powershell';
import type { Span } from '../model';
import { hasPointIn } from '../points';
import type { PsExtractOptions } from './interpreter';
import { reparseMasked, type Masked } from './masked-tree';
import { VerdictsFound } from './outside-verdicts';
import { Relevance, narrowSeeds } from './relevance';
import { TextScan, type Seeds } from './text-scan';
import { TopIndex } from './top-index';
import { recoveredWith } from './tree';
import { functionStatements } from './whole-file';

/**
 * The tree to walk (its offsets are the file's; its node texts masked when it is the masked parse), the text it
 * was parsed from (the file, or its same-length respelling: mask.ts) and the given tree's errors (masked-tree.ts);
 * with what the walk needs of it.
 */
export interface WalkPlan extends Masked {
  /** `tree`'s top-level statements. */
  index: TopIndex;
  /** Which statements of `tree` can matter (all of them when the options say exhaustive). */
  rel: Relevance;
  /** The function definitions of `tree`. */
  fnNodes: Node[];
}

/**
 * Plans the walk of `given` (a view of the text's parse). Sets `options.scan` when it was not given (the caller may
 * keep it), `options.outside.kept` and `options.relevance.summary` as PsExtractOptions says; a masked tree made here
 * goes to `keep`, which deletes it with the walk.
 */
export function planWalk(given: SyntaxTree, text: string, options: PsExtractOptions, keep: (view: SyntaxTree) => SyntaxTree): WalkPlan {
  return new Planner(given, text, options, keep).plan();
}

class Planner {
  private index: TopIndex;
  private rel = Relevance.all();
  /** The tree `rel` and `fnNodes` were decided over (`index` is that tree's). */
  private decided?: SyntaxTree;
  private fnNodes: Node[] = [];
  /** The seeds' offsets, found once for both trees (the masks keep every offset). */
  private seeds?: Seeds;

  constructor(
    private readonly given: SyntaxTree,
    private readonly text: string,
    private readonly options: PsExtractOptions,
    private readonly keep: (view: SyntaxTree) => SyntaxTree,
  ) {
    this.index = new TopIndex(given);
  }

  plan(): WalkPlan {
    const masked = this.maskedTree(this.given);
    const tree = masked.tree;
    if (tree !== this.given) this.index = new TopIndex(tree);
    const fnNodes = this.decideRelevance(tree);
    if (this.options.relevance && !this.options.exhaustive) this.options.relevance.summary = this.rel.summary();
    return { ...masked, index: this.index, rel: this.rel, fnNodes };
  }

  private seedsFound(): Seeds {
    return (this.seeds ??= this.scanned().seeds(this.options.remote));
  }

  /** The text's seed words, variable mentions and function keywords: given (kept by an open document across edits), or scanned once. */
  private scanned(): TextScan {
    return (this.options.scan ??= TextScan.of(this.text));
  }

  /** Decides relevance over `tree` (indexed in `index`), once; returns the function definitions. */
  private decideRelevance(tree: SyntaxTree): Node[] {
    if (this.decided === tree) return this.fnNodes;
    this.decided = tree;
    this.fnNodes = functionStatements(this.index, this.scanned().functionStarts());
    if (!this.options.exhaustive) {
      const outside = this.options.outside;
      // A statement's answer depends on its neighbours only through syntax errors (statementAsWritten).
      const steady = outside && tree === this.given && !tree.rootNode.hasError;
      const found = steady ? new VerdictsFound() : undefined;
      this.rel = Relevance.of(this.index, this.text, this.fnNodes, this.options.deadline, this.seedsFound(), this.scanned().mentions(),
        steady ? { carried: outside.carried, found } : undefined);
      if (outside) outside.kept = found?.done(this.text);
    }
    return this.fnNodes;
  }

  /**
   * The tree to walk: the one given, or (when the file has typographic quotes or dashes, or syntax
   * errors a mask can mend) a parse of the masked text, with the text it was parsed from and the errors.
   */
  private maskedTree(tree: SyntaxTree): Masked {
    if (this.options.recovery === 'lines') return { tree, source: this.text, mended: [] };
    // An error matters if a relevant point is in it or in what is re-read line by line with it: the
    // statement it starts in, with the broken statements around it (recoveredWith). The error alone
    // missed a program the grammar gave up on whole (its one error starts in the opening comment); its
    // statement alone missed a broken neighbour it is re-read with, which the mask can mend.
    // A seed in either makes it relevant, decided without the closure: when the masked tree is walked, the
    // given tree's relevance is never needed (PowerView.ps1, one ERROR of 770 KB, decided it twice). The
    // seeds are those over the given tree (an Invoke-Command it shows running here is none: narrowSeeds);
    // the text's own made the masks re-parse asdk-prechecker.ps1 for a local Invoke-Command.
    let given: ArrayLike<number> | undefined; // the seeds over the given tree (narrowSeeds), found on first need
    const isRelevant = (e: Span) => {
      const at = this.index.statementAt(e.start);
      if (!at || this.options.exhaustive) return true;
      const around = recoveredWith(at, this.text);
      const seeds = (given ??= narrowSeeds(this.index, this.seedsFound(), this.text, this.options.deadline).at);
      if (hasPointIn(seeds, e.start, e.end) || hasPointIn(seeds, around.start, around.end)) return true;
      this.decideRelevance(tree);
      return this.rel.touches(e.start, e.end) || this.rel.touches(around.start, around.end);
    };
    const m = reparseMasked(this.text, tree, isRelevant, this.options.deadline);
    return m.tree === tree ? m : { ...m, tree: this.keep(m.tree) };
  }
}
