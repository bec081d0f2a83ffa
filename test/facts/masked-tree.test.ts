// A broken PowerShell file is re-parsed with the respellings of mask.ts (facts/powershell/masked-tree.ts),
// incrementally from a copy of its tree told about each respelled run. Each edit walks the tree's top
// level, which for a file the grammar gave up on whole is one ERROR with thousands of children side by
// side: the runs are merged down to a bounded number of edits, so a long broken script stays within its budget.
import { strict as assert } from 'node:assert';
import { analyzeText, initParsers } from '../../server/src/core/analyze';
import { editBudget, editRuns } from '../../server/src/facts/powershell/masked-tree';
import { rng } from '../../scripts/rng';
import { countingTreeEdits } from '../helpers/tree-edits';

/** Analyses `text`, counting the tree edits made (the masked re-parse's, here). */
function analyseCountingEdits(text: string): { findings: ReturnType<typeof analyzeText>['findings']; edits: number } {
  const { result, edits } = countingTreeEdits(() => analyzeText(text, 'powershell', { budgetMs: 120000 }).findings);
  return { findings: result, edits };
}

describe('re-parsing a broken PowerShell file with its respellings', () => {
  before(() => initParsers());

  it('merges the respelled runs into 256 edits (fewer runs stay as they are) that cover every change, in order', () => {
    const r = rng(20261202);
    for (let round = 0; round < 200; round++) {
      const changes: [number, string][] = [];
      let at = 0;
      for (let n = Math.floor(r() * 1500); changes.length < n;) {
        at += r() < 0.4 ? 1 : 2 + Math.floor(r() * 50); // runs of neighbours, and gaps
        changes.push([at, ' ']);
      }
      const runs = editRuns(changes);
      let natural = 0; // runs of neighbouring changes
      for (let k = 0; k < changes.length; k++) if (k === 0 || changes[k][0] !== changes[k - 1][0] + 1) natural++;
      assert.equal(runs.length, Math.min(256, natural), `${runs.length} runs for ${changes.length} changes`);
      if (changes.length === 0) continue;
      for (let i = 1; i < runs.length; i++) assert.ok(runs[i][0] > runs[i - 1][1], 'runs are ordered and apart');
      const offsets = new Set(changes.map(([o]) => o));
      for (const [start, end] of runs) {
        assert.ok(offsets.has(start) && offsets.has(end - 1), 'a run starts and ends at a change');
      }
      for (const [o] of changes) assert.ok(runs.some(([s, e]) => o >= s && o < e), `change at ${o} is in a run`);
    }
  });

  it('allows as many edits as keep the walks of the root\'s children near a million: at least 256, at most 4,096', () => {
    assert.equal(editBudget(76000), 256); // a 20,000-line script the grammar gave up on whole
    assert.equal(editBudget(784), 1337); // PowerView.ps1: its 1,203 runs are not merged
    assert.equal(editBudget(2), 4096);
    assert.equal(editBudget(0), 4096);
    assert.deepEqual(editRuns([[10, ' '], [20, ' '], [40, ' ']], 2), [[10, 21], [40, 41]]);
    assert.deepEqual(editRuns([[10, ' '], [20, ' '], [30, ' '], [40, ' ']], 2), [[10, 31], [40, 41]], 'equal gaps: the earlier ones close');
  });

  it('a file whose tree is sound keeps one edit per respelled run, past 256 (typographic quotes on every line)', () => {
    const lines: string[] = [];
    for (let i = 0; i < 600; i++) lines.push(`Write-Host \u2018line ${i}\u2019`);
    lines.push('$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName \u2018node7\u2019', '$c.EvictNode(\u201cn1\u201d)');
    const { findings, edits } = analyseCountingEdits(lines.join('\n'));
    const hop = findings.filter((f) => f.code === 'HOP001');
    assert.equal(hop.length, 1);
    assert.match(hop[0].message, /node7/);
    assert.equal(edits, 1204, 'two quotes a line, each its own run');
  });

  it('a file the grammar gives up on whole costs a bounded number of tree edits, and every finding is found', () => {
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      if (i % 10 === 0) lines.push(`$c${i} = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName node${i}`, `$c${i}.EvictNode("n")`);
      else lines.push(`$a${i} = @(1, 2`); // an unclosed array: the grammar gives up on the whole file
    }
    const { findings, edits } = analyseCountingEdits(lines.join('\n'));
    assert.equal(findings.filter((f) => f.code === 'HOP001').length, 300);
    assert.ok(edits > 0 && edits <= 256, `${edits} tree edits`);
  });
});
