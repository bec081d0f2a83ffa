// handlers/sessions.ts: Invoke-Command (inline, stored and -FilePath scripts), New-PSSession,
// Enter-/Exit-PSSession moving the statements between them into the session.
import { strict as assert } from 'node:assert';
import { analyzeText } from '../../../../server/src/core/analyze';
import { at, factsOf, findingsOf, setup } from './helpers';

describe('handlers/sessions', () => {
  before(setup);

  it('Invoke-Command -ComputerName: the inline block runs in the session', () => {
    const text = "Invoke-Command -ComputerName n1 -ScriptBlock { Remove-ClusterNode n2 -Force }";
    const f = factsOf(text);
    assert.deepEqual(f.sessions.map((s) => [s.api, at(text, s.target!.span)]), [['Invoke-Command', 'n1']]);
    assert.equal(f.calls[0].session, f.sessions[0].id);
  });

  it('positional computer and block, a block in a variable, a session from New-PSSession with CredSSP', () => {
    assert.deepEqual(findingsOf('icm n1 { Add-ClusterNode n3 }'), ["HOP003 Add-ClusterNode 'n1'"]);
    assert.deepEqual(findingsOf('$sb = { Remove-Cluster -Force }\nInvoke-Command -Cn n1 -ScriptBlock $sb'), ["HOP003 Remove-Cluster 'n1'"]);
    assert.deepEqual(findingsOf('$s = nsn -ComputerName n1 -Authentication CredSSP\nicm -Session $s { Remove-ClusterNode n2 }'), ["HOP004 Remove-ClusterNode 'n1'"]);
  });

  it('a function that runs the block it is given in a session runs every caller\'s block there, on that caller\'s computer', () => {
    // Before: the function was walked at its first call with that call's block; the others were never walked.
    const fn = ['function Invoke-OnNode([string]$Node, [scriptblock]$Block) {', '  Invoke-Command -ComputerName $Node -ScriptBlock $Block', '}'];
    const calls = ['Invoke-OnNode -Node n1 -Block { Remove-ClusterNode n9 -Force }', 'Invoke-OnNode -Node n2 -Block { Add-ClusterNode n8 }', 'Invoke-OnNode n3 { Get-ADUser bob }'];
    const expected = ["HOP003 Remove-ClusterNode 'n1'", "HOP003 Add-ClusterNode 'n2'", "HOP006 Get-ADUser 'n3'"];
    assert.deepEqual(findingsOf([...fn, ...calls].join('\n')), expected);
    // Called before it is defined (walked after the script, with every call site known).
    assert.deepEqual(findingsOf([...calls, ...fn].join('\n')), expected);
  });

  it('-FilePath: the other script\'s cluster calls are reported at the argument', () => {
    const text = 'Invoke-Command -ComputerName n1 -FilePath .\\evict.ps1';
    const a = analyzeText(text, 'powershell', { path: '/scripts/job.ps1' });
    assert.deepEqual(a.findings, []); // nothing to read: no script
    const f = analyzeText(text, 'powershell', {}).facts[0];
    assert.equal(f.sessions[0].body && at(text, f.sessions[0].body), '.\\evict.ps1');
  });

  it('Enter-PSSession moves the following statements into the session until Exit-PSSession', () => {
    const text = 'Enter-PSSession -ComputerName n1\nRemove-ClusterNode n2\nExit-PSSession\nRemove-ClusterNode n3';
    assert.deepEqual(findingsOf(text), ["HOP003 Remove-ClusterNode 'n1'"]);
  });

  it('etsn records a session but does not move statements (the behaviour kept by issue 12)', () => {
    const f = factsOf('etsn n1\nRemove-ClusterNode n2');
    assert.equal(f.sessions.length, 1);
    assert.equal(f.calls[0].session, undefined);
  });
});
