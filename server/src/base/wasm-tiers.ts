// The V8 flags hopcheck sets for WebAssembly, in one place: parse/powershell.ts sets them as it loads the
// PowerShell runtime and grammar (why, there), and V8's code cache needs them set back for the moment it is made
// (lsp/code-cache-maker.ts). The flags are the whole process's, every thread's.
import { setFlagsFromString } from 'node:v8';

/** The runtime's tiering budget: ten times V8's default. */
const TIERING_BUDGET = 18_000_000;
/** V8's default budget: 1,800,000 up to V8 12.3 (Node 20), 13,000,000 since. */
const DEFAULT_TIERING_BUDGETS = [1_800_000, 13_000_000];

/** A WebAssembly module compiled after this tiers up only when hot for ten times V8's default budget. */
export function raiseTieringBudget(): void {
  setFlagsFromString(`--wasm-tiering-budget=${TIERING_BUDGET}`);
}

/** A WebAssembly module compiled after this stays in V8's baseline tier (Liftoff). */
export function baselineTierOnly(): void {
  setFlagsFromString('--liftoff-only');
}

/**
 * Calls `fn` with these flags set back as a thread starts with them (V8's defaults), and sets them again;
 * undefined, without calling it, when `asAtStart` says they are not (another V8's defaults). For V8's code
 * cache, which V8 stamps with the flags of the moment and reads under the same flags only. Only for a moment
 * when no other thread can be compiling a grammar: one that did then would compile it with the optimizing
 * tier (seconds of CPU, parse/powershell.ts).
 */
export function withStartFlags<T>(asAtStart: () => boolean, fn: () => T): T | undefined {
  // --liftoff-only turned these off as it was set; turning it off does not turn them on again.
  for (const flag of ['--no-liftoff-only', '--wasm-tier-up', '--wasm-dynamic-tiering']) setFlagsFromString(flag);
  try {
    for (const budget of DEFAULT_TIERING_BUDGETS) {
      setFlagsFromString(`--wasm-tiering-budget=${budget}`);
      if (asAtStart()) return fn();
    }
    return undefined;
  } finally {
    raiseTieringBudget();
    baselineTierOnly();
  }
}
