// facts/vbscript/wmi-api.ts: monikers and ConnectServer open connections, SWbemServices reaches
// MSCluster_Cluster, the catalogue's methods are the calls, Security_ sets the impersonation level.
import { strict as assert } from 'node:assert';
import { analyzeText, initParsers } from '../../../server/src/core/analyze';

const findings = (text: string) => analyzeText(text, 'vbscript').findings.map((f) => `${f.code} ${f.method} '${f.target}'`);
const facts = (text: string) => analyzeText(text, 'vbscript', { noPrefilter: true, exhaustive: true }).facts[0];

describe('facts/vbscript/wmi-api', () => {
  before(() => initParsers());

  it('a GetObject moniker with a server opens a DCOM connection to it; without one, locally', () => {
    const f = facts('Set svc = GetObject("winmgmts:\\\\node1\\root\\MSCluster")\nSet loc = GetObject("winmgmts:root\\MSCluster")');
    assert.deepEqual(f.connections.map((c) => [c.api, c.transport, c.edit?.delegationStyle]), [['GetObject', 'dcom', 'vbs-moniker'], ['GetObject', 'dcom', 'vbs-moniker']]);
    assert.deepEqual(findings('Set c = GetObject("winmgmts:root\\MSCluster:MSCluster_Cluster.Name=\'c1\'")\nc.EvictNode "n2"'), []);
  });

  it('ConnectServer, then InstancesOf and For Each, then the method', () => {
    const text = 'Set loc = CreateObject("WbemScripting.SWbemLocator")\nSet svc = loc.ConnectServer("n1", "root\\MSCluster")\n'
      + 'For Each c In svc.InstancesOf("MSCluster_Cluster")\n  c.AddNode "n3"\nNext';
    assert.deepEqual(findings(text), ["HOP001 AddNode 'n1'"]);
  });

  it('ExecMethod on the service and ExecMethod_ on the object name the method in a string', () => {
    assert.deepEqual(findings('Set svc = GetObject("winmgmts:\\\\n1\\root\\MSCluster")\nsvc.ExecMethod "MSCluster_Cluster", "DestroyCluster", inParams'), ["HOP001 DestroyCluster 'n1'"]);
    assert.deepEqual(findings('Set c = GetObject("winmgmts:\\\\n1\\root\\MSCluster:MSCluster_Cluster.Name=\'c1\'")\nSet r = c.ExecMethod_("EvictNode", p)'), ["HOP001 EvictNode 'n1'"]);
  });

  it('Security_.ImpersonationLevel = 4 after ConnectServer requests delegation', () => {
    const text = 'Set svc = CreateObject("WbemScripting.SWbemLocator").ConnectServer("n1", "root\\MSCluster")\nsvc.Security_.ImpersonationLevel = 4\n'
      + 'svc.Get("MSCluster_Cluster.Name=\'c1\'").EvictNode "n2"';
    assert.deepEqual(findings(text), ["HOP004 EvictNode 'n1'"]);
  });

  it('other classes and methods are not calls', () => {
    assert.deepEqual(findings('Set svc = GetObject("winmgmts:\\\\n1\\root\\MSCluster")\nsvc.Get("MSCluster_Node.Name=\'n2\'").EvictNode "n2"\nsvc.Get("MSCluster_Cluster").Rename "c2"'), []);
  });
});
