// An open document's findings cross from the worker without their contexts, which follow as bytes and are
// put back only when hover or a code action needs them (lsp/finding-contexts.ts): what comes back must be
// the findings as analysed, fixes and all.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText, initParsers } from '../../server/src/core/analyze';
import { fixesFor } from '../../server/src/core/fix';
import type { DocKind } from '../../server/src/core/language';
import { attachContexts, detachContexts, encodeContexts } from '../../server/src/lsp/finding-contexts';

const EXAMPLES = join(__dirname, '..', '..', 'examples');

describe('finding contexts across the worker boundary', () => {
  before(() => initParsers());

  const cases: [string, DocKind][] = [
    ['powershell/Invoke-RemoteEvict.ps1', 'powershell'],
    ['powershell/Deploy-S2DCluster.ps1', 'powershell'],
    ['vbscript/evict-node.vbs', 'vbscript'],
    ['vbscript/destroy-lab.wsf', 'wsf'],
  ];
  for (const [file, kind] of cases) {
    it(`gives back ${file}'s findings as analysed, with the same fixes`, () => {
      const text = readFileSync(join(EXAMPLES, file), 'utf8');
      const findings = analyzeText(text, kind, { localNames: [], path: join(EXAMPLES, file) }).findings;
      assert.ok(findings.some((f) => f.context), 'the example has findings with contexts');
      const { findings: bare, contexts } = detachContexts(findings);
      assert.ok(bare.every((f) => !('context' in f)), 'no context crosses with the findings');
      assert.equal(bare.length, findings.length);
      const back = attachContexts(bare, encodeContexts(contexts));
      assert.deepEqual(back, findings);
      assert.deepEqual(back.map((f) => fixesFor(f, text, kind)), findings.map((f) => fixesFor(f, text, kind)));
    });
  }

  it('refuses contexts encoded for other findings', () => {
    const contexts = encodeContexts(detachContexts([]).contexts);
    const text = readFileSync(join(EXAMPLES, 'powershell/Invoke-RemoteEvict.ps1'), 'utf8');
    const findings = analyzeText(text, 'powershell', { localNames: [] }).findings;
    assert.throws(() => attachContexts(detachContexts(findings).findings, contexts), /0 for \d+ findings/);
  });
});
