// handlers/wmi.ts: Get-WmiObject, Invoke-WmiMethod, the WMI type accelerators and calls on WMI objects.
import { strict as assert } from 'node:assert';
import { at, factsOf, findingsOf, setup } from './helpers';

describe('handlers/wmi', () => {
  before(setup);

  it('Get-WmiObject of root\\MSCluster opens a DCOM connection to -ComputerName; other namespaces open none', () => {
    const text = "$c = gwmi -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName node1\n$c.EvictNode('n2')\n$x = Get-WmiObject Win32_Service -ComputerName node1";
    const f = factsOf(text);
    assert.equal(f.connections.length, 1);
    assert.deepEqual([f.connections[0].api, f.connections[0].transport, at(text, f.connections[0].target!.span)], ['Get-WmiObject', 'dcom', 'node1']);
    assert.deepEqual(f.calls.map((c) => [c.method, at(text, c.span)]), [['EvictNode', 'EvictNode']]);
  });

  it('the class comes from -Class, position 0 or -Query; only MSCluster_Cluster calls count', () => {
    assert.deepEqual(findingsOf("(Get-WmiObject MSCluster_Cluster -NS root/mscluster -Cn n1).AddNode('n3')"), ["HOP001 AddNode 'n1'"]);
    assert.deepEqual(findingsOf("$c = gwmi -Query 'SELECT * FROM MSCluster_Cluster' -Namespace root\\MSCluster -Comp n1\n$c.DestroyCluster($true)"), ["HOP001 DestroyCluster 'n1'"]);
    assert.deepEqual(findingsOf("$r = gwmi -Namespace root\\MSCluster -Class MSCluster_Resource -ComputerName n1\n$r.EvictNode('n2')"), []);
  });

  it('Invoke-WmiMethod: -Name by name or position 1, a server inside -Path, -Impersonation Delegate', () => {
    assert.deepEqual(findingsOf("iwmi -Path '\\\\node1\\root\\MSCluster:MSCluster_Cluster' -Name EvictNode -ArgumentList 'n2'"), ["HOP001 EvictNode 'node1'"]);
    assert.deepEqual(findingsOf("Invoke-WmiMethod MSCluster_Cluster AddNode -Namespace root\\MSCluster -ComputerName n1 -ArgumentList n3"), ["HOP001 AddNode 'n1'"]);
    assert.deepEqual(findingsOf("Invoke-WmiMethod -Class MSCluster_Cluster -Name EvictNode -Namespace root\\MSCluster -ComputerName n1 -Impersonation Delegate -ArgumentList n2"), ["HOP004 EvictNode 'n1'"]);
  });

  it('[wmiclass], [wmi] and .InvokeMethod / .PSBase.InvokeMethod', () => {
    assert.deepEqual(findingsOf("$c = [wmiclass]'\\\\n1\\root\\MSCluster:MSCluster_Cluster'\n$c.PSBase.InvokeMethod('CreateCluster', @('c1', @('n1')))"), ["HOP001 CreateCluster 'n1'"]);
    assert.deepEqual(findingsOf("([wmi]'\\\\n1\\root\\MSCluster:MSCluster_Cluster.Name=\"c1\"').EvictNode('n2')"), ["HOP001 EvictNode 'n1'"]);
  });

  it('[wmisearcher] finds objects over its scope when .Get() runs', () => {
    const text = "$s = [wmisearcher]'SELECT * FROM MSCluster_Cluster'\n$s.Scope.Path = '\\\\n1\\root\\MSCluster'\n$s.Get() | ForEach-Object { $_.EvictNode('n2') }";
    assert.deepEqual(findingsOf(text), ["HOP001 EvictNode 'n1'"]);
  });
});
