// VBScript, .wsf and .hta over stdio: VS Code calls .vbs `vb` and has no language id for .wsf, so
// the server decides by extension.
import { strict as assert } from 'node:assert';
import { codes, TestClient } from './client';

const VBS = [
  "' evict a node",
  'Set svc = GetObject("winmgmts:\\\\node1\\root\\MSCluster")',
  'Set clu = svc.Get("MSCluster_Cluster")',
  'clu.EvictNode "node2"',
  '',
].join('\r\n');

const WSF = [
  '<job id="evict">',
  '  <script language="JScript">var x = 1;</script>',
  '  <script language="VBScript"><![CDATA[',
  '    Set svc = GetObject("winmgmts:\\\\node1\\root\\MSCluster")',
  '    svc.Get("MSCluster_Cluster").AddNode "node3"',
  '  ]]></script>',
  '</job>',
  '',
].join('\n');

describe('language server: VBScript, .wsf', function () {
  this.timeout(30000);
  let client: TestClient;
  beforeEach(async () => { client = new TestClient(); await client.initialize(); });
  afterEach(async () => client.stop());

  it('flags a remote EvictNode in a .vbs opened with language id "vb"', async () => {
    const uri = 'file:///tmp/hopcheck-test/evict.vbs';
    await client.open(uri, 'vb', VBS);
    const p = await client.waitForDiagnostics(uri, (d) => d.diagnostics.length > 0);
    assert.deepEqual(codes(p.diagnostics), ['HOP001 4:5']);
    const d = p.diagnostics[0];
    assert.match(d.codeDescription!.href, /HOP001\.md$/);
    assert.ok(d.relatedInformation!.some((r) => /WMI connection to 'node1' is opened here \(GetObject\)/.test(r.message)));
  });

  it('after edits of a .vbs, publishes what its new text holds: kept findings moved, a local moniker clearing them', async () => {
    const uri = 'file:///tmp/hopcheck-test/typed.vbs';
    await client.open(uri, 'vb', VBS);
    await client.waitForDiagnostics(uri, (d) => d.diagnostics.length > 0);
    const change = async (version: number, line: number, character: number, endCharacter: number, text: string) => {
      const wait = client.waitForDiagnostics(uri, (d) => d.version === version);
      await client.conn.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line, character }, end: { line, character: endCharacter } }, text }],
      });
      return (await wait).diagnostics;
    };
    // A comment line above (no name the calls read: the findings are kept, moved down a line), then a line
    // with an open string (a syntax error in that line only), then the connection made local (`\\.\root`).
    assert.deepEqual(codes(await change(2, 0, 0, 0, "' first\r\n")), ['HOP001 5:5']);
    assert.deepEqual(codes(await change(3, 1, 0, 0, 'x = "open\r\n')), ['HOP001 6:5']);
    assert.deepEqual(codes(await change(4, 3, 32, 37, '.')), []);
  });

  it('flags the VBScript block of a .wsf with exact positions in the file, even with an unknown language id', async () => {
    const uri = 'file:///tmp/hopcheck-test/job.wsf';
    await client.open(uri, 'xml', WSF);
    const p = await client.waitForDiagnostics(uri, (d) => d.diagnostics.length > 0);
    assert.deepEqual(codes(p.diagnostics), ['HOP001 5:34']);
    assert.equal(WSF.split('\n')[4].slice(33, 40), 'AddNode');
  });

  it('flags a WSH .js file (language id "javascript"), and publishes nothing for a Node .js naming the same calls', async () => {
    const body = 'var svc = GetObject("winmgmts:\\\\\\\\node1\\\\root\\\\MSCluster");\nsvc.Get("MSCluster_Cluster").EvictNode("node2");\n';
    const wsh = 'file:///tmp/hopcheck-test/evict.js';
    await client.open(wsh, 'javascript', 'WScript.Echo("evicting");\n' + body);
    const p = await client.waitForDiagnostics(wsh, (d) => d.diagnostics.length > 0);
    assert.deepEqual(codes(p.diagnostics), ['HOP001 3:30']);
    const node = 'file:///tmp/hopcheck-test/server.js';
    await client.open(node, 'javascript', 'const fs = require("fs");\n' + body);
    const q = await client.waitForDiagnostics(node, () => true);
    assert.deepEqual(q.diagnostics, []);
  });

  it('offers the VBScript fixes: connect locally (preferred), delegation in the moniker (saying its cost), disable', async () => {
    const uri = 'file:///tmp/hopcheck-test/fix.vbs';
    await client.open(uri, 'vb', VBS);
    const p = await client.waitForDiagnostics(uri, (d) => d.diagnostics.length > 0);
    const actions = await client.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri }, range: p.diagnostics[0].range, context: { diagnostics: p.diagnostics },
    }) as { title: string; isPreferred?: boolean; edit: { changes: Record<string, { newText: string }[]> } }[];
    assert.deepEqual(actions.map((a) => a.title), [
      'Connect locally (server ".")',
      'Request delegation in the moniker (impersonationLevel=delegate; needs the nodes trusted for delegation, widens what the token can do)',
      'Disable HOP001 for this line',
      'Disable HOP001 for this file',
      'hopcheck: fix all double-hop problems in this file',
    ]);
    assert.equal(actions[0].isPreferred, true);
    assert.equal(actions[0].edit.changes[uri][0].newText, '.');
    assert.equal(actions[1].isPreferred, undefined);
    assert.equal(actions[1].edit.changes[uri][0].newText, '{impersonationLevel=delegate}!');
    assert.equal(actions[2].edit.changes[uri][0].newText, "' hopcheck-disable-next-line HOP001\r\n");
  });
});
