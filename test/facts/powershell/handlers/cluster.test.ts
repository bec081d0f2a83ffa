// handlers/cluster.ts: one handler for the catalogue's cluster cmdlets.
import { strict as assert } from 'node:assert';
import { at, factsOf, findingsOf, setup } from './helpers';

describe('handlers/cluster', () => {
  before(setup);

  it('records each cluster cmdlet by its catalogue name, whatever the case or module', () => {
    const text = 'remove-clusternode n2\nFailoverClusters\\New-Cluster -Name c1 -Node n1,n2';
    const f = factsOf(text);
    assert.deepEqual(f.calls.map((c) => [c.method, c.via, at(text, c.span)]), [
      ['Remove-ClusterNode', 'cmdlet', 'remove-clusternode'], ['New-Cluster', 'cmdlet', 'FailoverClusters\\New-Cluster'],
    ]);
  });

  it('keeps the arguments naming nodes and the cluster', () => {
    const text = 'Add-ClusterNode -Name n3 -Cluster c1';
    assert.deepEqual(factsOf(text).calls[0].args.map((a) => at(text, a.span)), ['n3', 'c1']);
  });

  it('is a finding only inside a remote session', () => {
    assert.deepEqual(findingsOf('Remove-Cluster -Cluster c1 -Force'), []);
    assert.deepEqual(findingsOf('icm n1 { Remove-Cluster -Force }'), ["HOP003 Remove-Cluster 'n1'"]);
  });
});
