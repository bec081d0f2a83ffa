// Focused cases of the PowerShell extractor that the fixtures do not isolate: syntax errors next to
// a call, PowerShell 7 syntax, and objects that merely have a method with a cluster method's name.
import { strict as assert } from 'node:assert';
import { found, findings } from '../helpers/analyze';

const GWMI = 'Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster';

describe('PowerShell extraction around syntax the grammar rejects', () => {
  it('finds a call on the line after a PowerShell 7 ternary', async () => {
    const t = `$x = $a ? 'b' : 'c'\n$c = ${GWMI} -ComputerName node1\n$c.EvictNode('n2')\n`;
    assert.deepEqual(await found(t), ['HOP001 3:4']);
  });
  it('finds a call after an unclosed parenthesis far above', async () => {
    const t = `Write-Host ("oops"\n${'# filler\n'.repeat(50)}$c = ${GWMI} -ComputerName node1\n$c.EvictNode('n2')\n`;
    assert.deepEqual(await found(t), ['HOP001 53:4']);
  });
  it('finds a call inside a function whose body holds a ?? operator', async () => {
    const t = `function Evict([string]$Node) {\n  $n = $Node ?? 'x'\n  (${GWMI} -ComputerName clu1).EvictNode($n)\n}\nEvict -Node n2\n`;
    assert.deepEqual(await found(t), ['HOP001 3:89']);
  });
  it('reads a Invoke-Command that the grammar swallowed into a broken statement', async () => {
    const t = `$x = $a ? 'b' : 'c'\nInvoke-Command -ComputerName n1 -ScriptBlock { Remove-ClusterNode -Name n2 -Force }\n`;
    assert.deepEqual(await found(t), ['HOP003 2:48']);
  });
});

describe('PowerShell extraction: no guessing', () => {
  it('does not flag EvictNode on an object that did not come from root\\MSCluster', async () => {
    const t = `$o = New-Object PSObject\n$o | Add-Member ScriptMethod EvictNode { 'x' }\n$o.EvictNode('n2')\n$u.EvictNode('n2')\n`;
    assert.deepEqual(await found(t), []);
  });
  it('does not flag other MSCluster classes', async () => {
    const t = `$r = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Resource -ComputerName node1\n$r.TakeOffline()\n$r.EvictNode('x')\n`;
    assert.deepEqual(await found(t), []);
  });
  it('does not flag root\\cimv2', async () => {
    assert.deepEqual(await found(`(Get-WmiObject -Class MSCluster_Cluster -ComputerName node1).EvictNode('n2')\n`), []);
  });
  it('names the method and the target as written in the message', async () => {
    const [f] = await findings(`$srv = 'clu1.contoso.com'\n(${GWMI} -ComputerName $srv).DestroyCluster($true)\n`);
    assert.equal(f.code, 'HOP001');
    assert.match(f.message, /^DestroyCluster over a remote WMI connection to 'clu1\.contoso\.com'/);
    assert.match(f.message, /Remove-Cluster/);
    assert.ok(f.related.some((r) => /\$srv is assigned here/.test(r.message)));
  });
});

describe('PowerShell extraction: Invoke-Command -FilePath', () => {
  it('reports the cluster cmdlets of the script run remotely, at the -FilePath argument', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'hopcheck-fp-'));
    try {
      writeFileSync(join(dir, 'evict.ps1'), 'param($n)\nWrite-Verbose "evicting"\nRemove-ClusterNode -Name $n -Force\n');
      const main = 'Invoke-Command -ComputerName node1 -FilePath .\\evict.ps1 -ArgumentList n2\n';
      const [f] = await findings(main, 'powershell', { path: join(dir, 'main.ps1') });
      assert.equal(f.code, 'HOP003');
      assert.equal(main.slice(f.span.start, f.span.end), '.\\evict.ps1');
      assert.ok(f.related.some((r) => /evict\.ps1 calls Remove-ClusterNode on line 3/.test(r.message)));
      assert.deepEqual(await found(main), [], 'without the file path the script is not followed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('suppression (spec §7), PowerShell', () => {
  const call = `(${GWMI} -ComputerName node1).EvictNode('n2')`;
  it('disable-next-line, with and without codes', async () => {
    assert.deepEqual(await found(`# hopcheck-disable-next-line HOP001\n${call}\n${call}\n`), ['HOP001 3:88']);
    assert.deepEqual(await found(`# hopcheck-disable-next-line\n${call}\n`), []);
    assert.deepEqual(await found(`# hopcheck-disable-next-line HOP002\n${call}\n`), ['HOP001 2:88']);
  });
  it('disable-line as a trailing comment, and disable-file', async () => {
    assert.deepEqual(await found(`${call} # hopcheck-disable-line HOP001\n${call}\n`), ['HOP001 2:88']);
    assert.deepEqual(await found(`<# hopcheck-disable-file HOP001 #>\n${call}\n${call}\n`), []);
  });
  it('a directive inside a string is not a comment', async () => {
    assert.deepEqual(await found(`$s = '# hopcheck-disable-line'; ${call}\n`), ['HOP001 1:120']);
  });
  it('SuppressMessageAttribute on a function covers that function only', async () => {
    const t = `function A {\n  [Diagnostics.CodeAnalysis.SuppressMessageAttribute('hopcheck/HOP001', '')]\n  param()\n  ${call}\n}\nfunction B {\n  ${call}\n}\nA; B\n`;
    assert.deepEqual(await found(t), ['HOP001 7:90']);
  });
});
