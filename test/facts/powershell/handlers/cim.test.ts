// handlers/cim.ts: Get-CimInstance, Get-CimClass, Invoke-CimMethod, New-CimSession(Option).
import { strict as assert } from 'node:assert';
import { factsOf, findingsOf, setup } from './helpers';

describe('handlers/cim', () => {
  before(setup);

  it('Invoke-CimMethod -ComputerName goes over WinRM to that computer', () => {
    const f = factsOf("icim -ComputerName n1 -Namespace root/MSCluster -ClassName MSCluster_Cluster -MethodName EvictNode -Arguments @{NodeName='n2'}");
    assert.deepEqual(f.connections.map((c) => [c.api, c.transport]), [['Invoke-CimMethod', 'wsman']]);
    assert.deepEqual(f.calls.map((c) => c.method), ['EvictNode']);
  });

  it('a loopback CIM target is unknown, not local (WinRM)', () => {
    assert.deepEqual(findingsOf("Invoke-CimMethod -CN localhost -Namespace root/MSCluster -Class MSCluster_Cluster -Name AddNode -Arguments @{NodeName='n3'}"), ["HOP002 AddNode 'localhost'"]);
  });

  it('Get-CimInstance through a DCOM CIM session from New-CimSessionOption, piped into Invoke-CimMethod', () => {
    const text = "$o = New-CimSessionOption -Protocol Dcom\n$s = ncms -ComputerName n1 -SessionOption $o\n"
      + "gcim -CimSession $s -Namespace root/MSCluster -ClassName MSCluster_Cluster | Invoke-CimMethod -MethodName EvictNode -Arguments @{NodeName='n2'}";
    const f = factsOf(text);
    assert.deepEqual(f.connections.map((c) => [c.api, c.transport]), [['New-CimSession', 'dcom']]);
    assert.deepEqual(findingsOf(text), ["HOP001 EvictNode 'n1'"]);
  });

  it('New-CimSessionOption -Impersonation Delegate and New-CimSession -Authentication CredSsp request delegation', () => {
    assert.deepEqual(findingsOf("$s = New-CimSession n1 -SessionOption (New-CimSessionOption -Protocol Dcom -Impersonation Delegate)\n"
      + "Get-CimClass -CimSession $s -ClassName MSCluster_Cluster -Namespace root/MSCluster | icim -MethodName DestroyCluster -Arguments @{CleanupAD=$true}"), ["HOP004 DestroyCluster 'n1'"]);
    assert.deepEqual(findingsOf("$s = New-CimSession n1 -Authentication CredSsp\nicim -CimSession $s -Namespace root/MSCluster -ClassName MSCluster_Cluster -MethodName EvictNode -Arguments @{NodeName='n2'}"), ["HOP004 EvictNode 'n1'"]);
  });
});
