// What the server analyses: script files by extension, on disk (`file:`) or new (`untitled:`); not
// VB.NET files that VS Code also calls `vb`, and not the other views of a file an editor opens
// (git diffs, virtual file systems, output panes).
import { strict as assert } from 'node:assert';
import { codes, TestClient } from './client';

const PS1 = '$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName node1\n$c.EvictNode("node2")\n';
const VBS = 'Set svc = GetObject("winmgmts:\\\\node1\\root\\MSCluster")\r\nsvc.Get("MSCluster_Cluster").EvictNode "node2"\r\n';

describe('language server: editor scope', function () {
  this.timeout(30000);
  let client: TestClient;
  beforeEach(async () => { client = new TestClient(); await client.initialize(); });
  afterEach(async () => client.stop());

  it('a VB.NET .vb file (language id vb) is not analysed as VBScript', async () => {
    const vb = 'file:///tmp/hopcheck-test/scope/Module1.vb';
    const vbs = 'file:///tmp/hopcheck-test/scope/evict.vbs';
    await client.open(vb, 'vb', VBS);
    await client.open(vbs, 'vb', VBS);
    await client.waitForDiagnostics(vbs, (d) => d.diagnostics.length === 1);
    await client.sync();
    assert.equal(client.latest(vb), undefined, JSON.stringify(client.latest(vb)));
  });

  it('documents in other schemes (git diff, virtual file systems, output) get no diagnostics; untitled ones do', async () => {
    const views = [
      'git:/tmp/hopcheck-test/scope/evict.ps1?%7B%22path%22%3A%22%2Ftmp%2Fevict.ps1%22%2C%22ref%22%3A%22HEAD%22%7D',
      'vscode-vfs://github/owner/repo/evict.ps1',
      'output:extension-output-hopcheck.ps1',
    ];
    for (const v of views) await client.open(v, 'powershell', PS1);
    const untitled = 'untitled:Untitled-1';
    await client.open(untitled, 'powershell', PS1);
    const u = await client.waitForDiagnostics(untitled, (d) => d.diagnostics.length === 1);
    assert.deepEqual(codes(u.diagnostics), ['HOP001 2:4']);
    await client.sync();
    for (const v of views) assert.equal(client.latest(v), undefined, v);
    // Nor does a hover or a code action answer for them.
    assert.equal(await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: views[0] }, position: { line: 1, character: 6 } }), null);
  });
});
