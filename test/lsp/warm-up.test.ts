// The analysis worker's warm-up (lsp/warm-up.ts) must take the path real edits take, which only counts
// if its scripts parse, have findings and its edits are the ones it analyses: each step's findings are
// compared with a fresh analysis of the step's text, after an interrupted step too.
import { strict as assert } from 'node:assert';
import { analyzeText, initParsers } from '../../server/src/core/analyze';
import { parsePowerShell } from '../../server/src/parse/powershell';
import { warmUp, warmUpScript, type WarmUpStep } from '../../server/src/lsp/warm-up';
import type { Finding } from '../../server/src/rules/types';

const shown = (findings: Finding[]) => findings.map((f) => ({ code: f.code, span: f.span, message: f.message }));

describe('the analysis worker\'s warm-up', () => {
  before(() => initParsers());

  it('edits scripts of both languages that parse cleanly, on a line with a cluster call, a session helper\'s call in PowerShell, and an ordinary line', () => {
    for (const kind of ['powershell', 'vbscript'] as const) {
      const { text, edited } = warmUpScript(kind);
      const lines = text.split('\n');
      const [cluster, ordinary] = [edited[0], edited[edited.length - 1]];
      assert.match(lines[cluster], /EvictNode/, kind);
      assert.doesNotMatch(lines[ordinary], /MSCluster|EvictNode|Invoke-OnNode|Copy-Item/, kind);
      const findings = analyzeText(text, kind).findings;
      assert.ok(findings.filter((f) => f.code === 'HOP001').length > 10, kind);
      if (kind === 'powershell') {
        assert.equal(edited.length, 3);
        assert.match(lines[edited[1]], /^Invoke-OnNode -Node .* -Block \{ Get-ClusterGroup/);
        // Commands that reach other computers by themselves, outside any session, as on most lines of an admin script.
        assert.ok(lines.filter((l) => /^Copy-Item "\\\\\$\(\$Nodes\[/.test(l)).length > 50, 'UNC copies to the nodes');
        // The helper's blocks make a second hop (a share): found through the function's parameter, as an admin script's are.
        const lineOf = (at: number) => text.slice(0, at).split('\n').length - 1;
        const inBlocks = findings.filter((f) => f.code === 'HOP006' && /^Invoke-OnNode /.test(lines[lineOf(f.span.start)]));
        assert.ok(inBlocks.length > 10, `${inBlocks.length} findings in the helper's blocks`);
      } else {
        assert.equal(edited.length, 2);
      }
    }
    const tree = parsePowerShell(warmUpScript('powershell').text);
    assert.equal(tree.rootNode.hasError, false, 'an error would send every edit down the recovery path');
    tree.delete();
  });

  it('finds in each step what a fresh analysis of its text finds, and edits every line it names of both languages', () => {
    const steps = [...warmUp(() => undefined)];
    for (const kind of ['powershell', 'vbscript'] as const) {
      const mine = steps.filter((s) => s.kind === kind);
      assert.ok(mine.length > 20, kind);
      const { text, edited } = warmUpScript(kind);
      const changedLines = new Set<number>();
      for (const step of mine) {
        assert.ok(step.findings, 'nothing interrupted it');
        assert.deepEqual(shown(step.findings!), shown(analyzeText(step.text, kind).findings), `${kind}: ${step.text.length}`);
        const lines = step.text.split('\n');
        text.split('\n').forEach((l, i) => { if (lines[i] !== l) changedLines.add(i); });
      }
      assert.deepEqual([...changedLines].sort((a, b) => a - b), [...edited].sort((a, b) => a - b), kind);
      if (kind === 'powershell') assert.ok(mine.some((s) => s.text.includes(';$cluster')), 'a `;` is typed too');
    }
  });

  it('stops a step when a message is waiting, and the steps after it find what a fresh analysis finds', () => {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const steps = warmUp(() => flag);
    Atomics.store(flag, 0, 1); // before the first step, whose whole parse reads the flag
    const interrupted = steps.next().value as WarmUpStep;
    assert.equal(interrupted.findings, undefined);
    Atomics.store(flag, 0, 0);
    for (let i = 0; i < 4; i++) {
      const step = steps.next().value as WarmUpStep;
      assert.deepEqual(shown(step.findings!), shown(analyzeText(step.text, step.kind).findings));
    }
    steps.return();
  });
});
