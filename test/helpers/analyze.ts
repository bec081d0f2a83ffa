// Test helper: analyse a text as a given kind and return findings as `CODE line:col` (1-based).
import { analyzeText, initParsers, type AnalyzeOptions } from '../../server/src/core/analyze';
import type { DocKind } from '../../server/src/core/language';
import { LineIndex } from '../../server/src/core/positions';
import type { Finding } from '../../server/src/rules/types';

export async function findings(text: string, kind: DocKind = 'powershell', opts: AnalyzeOptions = {}): Promise<Finding[]> {
  await initParsers();
  return analyzeText(text, kind, opts).findings;
}

export async function found(text: string, kind: DocKind = 'powershell', opts: AnalyzeOptions = {}): Promise<string[]> {
  const index = new LineIndex(text);
  return (await findings(text, kind, opts)).map((f) => {
    const p = index.positionAt(f.span.start);
    return `${f.code} ${p.line + 1}:${p.character + 1}`;
  }).sort();
}
