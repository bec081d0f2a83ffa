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

export interface Deadline {
  at: number;
  budgetMs: number;
}

export function deadlineIn(budgetMs: number | undefined): Deadline | undefined {
  return budgetMs === undefined ? undefined : { at: Date.now() + budgetMs, budgetMs };
}

export function check(d: Deadline | undefined): void {
  if (d && Date.now() > d.at) throw new BudgetExceeded(d.budgetMs);
}
