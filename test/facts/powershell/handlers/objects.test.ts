// handlers/objects.ts: New-Object / [type]::new of System.Management objects, and properties set on them.
import { strict as assert } from 'node:assert';
import { factsOf, findingsOf, setup } from './helpers';

describe('handlers/objects', () => {
  before(setup);

  it('New-Object System.Management.ManagementClass of a remote path', () => {
    const f = factsOf("$c = New-Object System.Management.ManagementClass('\\\\n1\\root\\MSCluster:MSCluster_Cluster')\n$c.InvokeMethod('EvictNode', @('n2'))");
    assert.deepEqual(f.connections.map((c) => c.api), ['New-Object managementclass']);
    assert.deepEqual(f.calls.map((c) => c.method), ['EvictNode']);
  });

  it('ManagementScope with ConnectionOptions whose Impersonation is set to Delegate afterwards', () => {
    const text = "$o = New-Object System.Management.ConnectionOptions\n$o.Impersonation = 'Delegate'\n"
      + "$s = New-Object System.Management.ManagementScope('\\\\n1\\root\\MSCluster', $o)\n"
      + "$c = New-Object System.Management.ManagementClass($s, 'MSCluster_Cluster', $null)\n$c.EvictNode('n2')";
    assert.deepEqual(findingsOf(text), ["HOP004 EvictNode 'n1'"]);
  });

  it('[type]::new and a searcher built on a scope', () => {
    assert.deepEqual(findingsOf("$c = [System.Management.ManagementObject]::new('\\\\n1\\root\\MSCluster:MSCluster_Cluster.Name=\"c1\"')\n$c.AddNode('n3')"), ["HOP001 AddNode 'n1'"]);
    const text = "$scope = New-Object System.Management.ManagementScope('\\\\n1\\root\\MSCluster')\n"
      + "$q = New-Object System.Management.ManagementObjectSearcher($scope, 'SELECT * FROM MSCluster_Cluster')\nforeach ($c in $q.Get()) { $c.EvictNode('n2') }";
    assert.deepEqual(findingsOf(text), ["HOP001 EvictNode 'n1'"]);
  });

  it('objects of other namespaces open no connection', () => {
    assert.equal(factsOf("$c = New-Object System.Management.ManagementClass('\\\\n1\\root\\cimv2:Win32_Service')").connections.length, 0);
  });
});
