// The pre-filter (core/analyze.ts `mayHaveFindings`) lets a file be skipped unparsed. That must never
// lose a finding: on every fixture, example and a generated corpus, analysis with the filter gives the
// same findings as without it; and it rejects files that only mention the names inside other words.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode } from '../../server/src/base/decode';
import { analyzeText, initParsers, mayHaveFindings } from '../../server/src/core/analyze';
import { kindOf } from '../../server/src/core/language';
import { generateCorpus } from '../../scripts/gen-corpus';
import { filesUnder } from '../helpers/files';

const ROOT = join(__dirname, '..', '..');

const scripts = (dir: string): string[] => filesUnder(dir, (name) => kindOf(name) !== undefined);

/** Files whose findings differ with the filter on and off (the filter rejected a file with findings). */
function lost(files: string[]): { checked: number; withFindings: number; rejected: number; lost: string[] } {
  const out = { checked: 0, withFindings: 0, rejected: 0, lost: [] as string[] };
  for (const file of files) {
    const d = decode(readFileSync(file));
    if (!d.ok) continue;
    const kind = kindOf(file)!;
    const all = analyzeText(d.text, kind, { path: file, noPrefilter: true }).findings;
    const filtered = analyzeText(d.text, kind, { path: file }).findings;
    out.checked++;
    if (all.length) out.withFindings++;
    if (!mayHaveFindings(d.text)) out.rejected++;
    if (JSON.stringify(filtered.map((f) => [f.code, f.span])) !== JSON.stringify(all.map((f) => [f.code, f.span]))) out.lost.push(file);
  }
  return out;
}

describe('the pre-filter', function () {
  this.timeout(120000);
  before(() => initParsers());

  it('never rejects a fixture or example that has a finding', () => {
    const r = lost([...scripts(join(ROOT, 'test', 'fixtures')), ...scripts(join(ROOT, 'examples'))]);
    assert.ok(r.withFindings > 80, `the fixtures have findings (${r.withFindings})`);
    assert.ok(r.rejected > 0, 'some fixtures are rejected, so the comparison means something');
    assert.deepEqual(r.lost, []);
  });

  it('never rejects a file of a generated corpus that has a finding', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hopcheck-prefilter-'));
    try {
      generateCorpus(600, dir, 11);
      const r = lost(scripts(dir));
      assert.ok(r.withFindings > 20 && r.rejected > 100, JSON.stringify({ ...r, lost: r.lost.length }));
      assert.deepEqual(r.lost, []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does not parse a .wsf job whose blocks and includes name nothing it looks for, and parses one whose include does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hopcheck-prefilter-wsf-'));
    try {
      // A deployment's pages include one large library each: read for every page, parsed for none.
      writeFileSync(join(dir, 'plain.vbs'), 'Function Log(s)\n  WScript.Echo s\nEnd Function\n'.repeat(200));
      writeFileSync(join(dir, 'cluster.vbs'), 'Sub Evict(svc, n)\n  svc.Get("MSCluster_Cluster").EvictNode n\nEnd Sub\n');
      const page = (lib: string) => `<job id="a"><script language="VBScript" src="${lib}"/><script language="VBScript">\nLog "start"\n</script></job>\n`;
      const path = join(dir, 'page.wsf');
      assert.equal(analyzeText(page('plain.vbs'), 'wsf', { path }).facts.length, 0, 'a job that names nothing is skipped');
      assert.equal(analyzeText(page('plain.vbs'), 'wsf', { path, noPrefilter: true }).facts.length, 1, 'without the filter it is read');
      assert.equal(analyzeText(page('cluster.vbs'), 'wsf', { path }).facts.length, 1, 'an include that names a method is read');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('passes the names as words, in any case and with any dash, and nothing that only contains them', () => {
    for (const t of ['$c.EvictNode("n2")', 'obj.addnode "n3"', 'icm -Cn n1 { Remove-ClusterNode n2 }', 'Invoke–Command -F x.ps1',
      '$s = New-PSSession n1', 'etsn n1', 'Microsoft.PowerShell.Core\\Invoke-Command -Cn n1 {}', "InvokeMethod('DestroyCluster', $null)"]) {
      assert.ok(mayHaveFindings(t), t);
    }
    for (const t of ['Test-Connection -Protocol ICMP', 'Remove-ClusterNode -Name n2 -Force', '$p.FilePath = "x"',
      'Invoke-CommandLine x', 'Get-PSSessionConfiguration', 'Evict-Node', 'MyEvictNodeHelper']) {
      assert.ok(!mayHaveFindings(t), t);
    }
  });
});
