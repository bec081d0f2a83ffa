// Facts and findings of a PowerShell snippet, for the handler tests.
import { analyzeText, initParsers } from '../../../../server/src/core/analyze';
import type { Facts } from '../../../../server/src/facts/model';

export const setup = async (): Promise<void> => { await initParsers(); };

/** The facts of a snippet (no pre-filter, every statement walked). */
export function factsOf(text: string): Facts {
  return analyzeText(text, 'powershell', { noPrefilter: true, exhaustive: true }).facts[0];
}

/** `CODE method 'target'` for each finding. */
export function findingsOf(text: string): string[] {
  return analyzeText(text, 'powershell').findings.map((f) => `${f.code} ${f.method} '${f.target}'`);
}

/** The text a span covers. */
export const at = (text: string, span: { start: number; end: number }): string => text.slice(span.start, span.end);
