// The parsers alone (no facts, no rules): the floor a full analysis is compared with in bench.ts.
import type { DocKind } from '../server/src/core/language';
import { extractScriptBlocks } from '../server/src/parse/embedded';
import { parsePowerShell } from '../server/src/parse/powershell';
import { parseVbscript } from '../server/src/parse/vbscript';

export function parseForBench(text: string, kind: DocKind): void {
  if (kind === 'powershell') {
    parsePowerShell(text).delete();
    return;
  }
  if (kind === 'vbscript') {
    parseVbscript(text);
    return;
  }
  for (const b of extractScriptBlocks(text)) if (b.language === 'vbscript') parseVbscript(b.text);
}
