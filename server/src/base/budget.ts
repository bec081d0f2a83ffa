// A per-file time budget, so that no input can hang the server or the CLI: parsers and extractors
// check the deadline as they go and give up with BudgetExceeded, which the front doors report once.
/** An input hopcheck stops analysing on purpose (reported once, the file is skipped). */
export class SkippedInput extends Error {}

export class BudgetExceeded extends SkippedInput {
  constructor(readonly budgetMs: number) {
    super(`analysis took longer than ${budgetMs} ms`);
  }
}

/** Nesting deeper than a parser library can build a tree for without running out of stack. */
export class TooDeeplyNested extends SkippedInput {
  constructor() {
    super('the file is nested too deeply to analyse');
  }
}

/** Default budget of one file's analysis (parse, facts, rules). Real scripts take milliseconds. */
export const DEFAULT_BUDGET_MS = 5000;

/** The analysis was stopped because its result is no longer wanted (the document changed); not reported. */
export class Cancelled extends Error {
  constructor() {
    super('analysis cancelled');
  }
}

export interface Deadline {
  at: number;
  budgetMs: number;
  /**
   * Set to non-zero (by another thread: the language server's main thread) when the result is no
   * longer wanted; every deadline check reads it, so cancelling costs no more than the budget does.
   */
  cancel?: Int32Array;
}

export function deadlineIn(budgetMs: number | undefined): Deadline | undefined {
  return budgetMs === undefined ? undefined : { at: Date.now() + budgetMs, budgetMs };
}

export function check(d: Deadline | undefined): void {
  if (!d) return;
  if (d.cancel && Atomics.load(d.cancel, 0) !== 0) throw new Cancelled();
  if (Date.now() > d.at) throw new BudgetExceeded(d.budgetMs);
}

/** Past the deadline or cancelled (for callbacks that can only say "stop", like tree-sitter's). */
export function expired(d: Deadline): boolean {
  return Date.now() > d.at || (d.cancel !== undefined && Atomics.load(d.cancel, 0) !== 0);
}
