// The command line without the PowerShell grammar (.wasm removed from a copy of dist/): VBScript files
// are still checked, and each PowerShell file that could have a finding is reported as not checked.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DIST = join(__dirname, '..', '..', 'dist');
const PS1 = '$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName node1\n$c.EvictNode("node2")\n';
const VBS = 'Set svc = GetObject("winmgmts:\\\\node1\\root\\MSCluster")\r\nsvc.Get("MSCluster_Cluster").EvictNode "node2"\r\n';

describe('hopcheck command line: the PowerShell grammar .wasm missing', function () {
  this.timeout(30000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'hopcheck-cli-grammar-'));
    cpSync(DIST, join(dir, 'dist'), { recursive: true });
    unlinkSync(join(dir, 'dist', 'tree-sitter-powershell.wasm'));
    writeFileSync(join(dir, 'evict.ps1'), PS1);
    writeFileSync(join(dir, 'evict.vbs'), VBS);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('checks the VBScript file and reports the PowerShell file as not checked', () => {
    const r = spawnSync(process.execPath, [join(dir, 'dist', 'cli.js'), '--format', 'json', 'evict.ps1', 'evict.vbs'], { cwd: dir, encoding: 'utf8' });
    const report = JSON.parse(r.stdout) as { findings: { file: string; code: string }[]; problems: { file: string; reason: string }[] };
    assert.deepEqual(report.findings.map((f) => `${f.file} ${f.code}`), ['evict.vbs HOP001']);
    assert.equal(report.problems.length, 1, JSON.stringify(report.problems));
    assert.equal(report.problems[0].file, 'evict.ps1');
    assert.match(report.problems[0].reason, /^the PowerShell grammar could not be loaded .*tree-sitter-powershell\.wasm is missing.*not checked/);
    assert.equal(r.status, 2, 'a broken install is an I/O-class error, not a finding');
  });
});
