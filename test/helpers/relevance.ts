// Test helpers for relevance (server/src/facts/*/relevance.ts): a script's findings with every statement
// walked against the gated walk, how many statements the PowerShell extractor walks, and whether an edit could matter.
import { strict as assert } from 'node:assert';
import { analyzeText } from '../../server/src/core/analyze';
import type { DocKind } from '../../server/src/core/language';
import { extractPowerShell, type PsExtractOptions } from '../../server/src/facts/powershell/extract';
import { couldMatter, type RelevanceSummary } from '../../server/src/facts/powershell/relevance';
import { parsePowerShell } from '../../server/src/parse/powershell';
import { comparedView } from '../../scripts/fuzz';

function outcome(text: string, exhaustive: boolean, kind: DocKind): string {
  const a = analyzeText(text, kind, { exhaustive, noPrefilter: true });
  return JSON.stringify(a.findings.map((f) => comparedView(f, text, kind)), null, 1);
}

/** Asserts that the gated walk finds what the walk of every statement finds (with the fixes); returns how many findings. */
export function same(text: string, name: string, kind: DocKind = 'powershell'): number {
  const full = outcome(text, true, kind);
  assert.equal(outcome(text, false, kind), full, `${name}: skipping irrelevant statements changed the result`);
  return (JSON.parse(full) as unknown[]).length;
}

/** How many statements the PowerShell extractor walks in `text`, gated or every one. */
export function walked(text: string, exhaustive: boolean, options: PsExtractOptions = {}): number {
  const stats = { statements: 0 };
  const tree = parsePowerShell(text);
  try {
    extractPowerShell(tree, text, { ...options, exhaustive, stats });
  } finally {
    tree.delete();
  }
  return stats.statements;
}

/** Could `text`, if an edit made it whole, make a statement relevant (core/reuse.ts)? */
export function mattersWhole(text: string, summary: RelevanceSummary): ReturnType<typeof couldMatter> {
  return couldMatter(text, { start: 0, end: text.length }, summary);
}
