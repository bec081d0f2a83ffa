// A document that takes long to analyse must not hold up the rest: while it is analysed, another
// document's diagnostics, hover and code actions are answered; an edit cancels the analysis of the
// version it replaces, whose diagnostics are then never published. Asserted on order, not on time.
import { strict as assert } from 'node:assert';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { codes, TestClient } from './client';

const SMALL = '$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName node1\n$c.EvictNode("node2")\n';

/** A long, real cluster script (about 0.7 MB, every unit a finding): seconds of analysis, under maxFileSizeKb. */
function bigScript(units: number): string {
  let s = '';
  for (let i = 0; i < units; i++) {
    s += `$c${i} = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName node${i}\n$c${i}.EvictNode("n${i}")\n`;
  }
  return s;
}

describe('language server: responsiveness while a long document is analysed', function () {
  this.timeout(60000);
  let client: TestClient;
  beforeEach(async () => { client = new TestClient(); await client.initialize(); });
  afterEach(async () => client.stop());

  it('another document\'s diagnostics, hover and code actions come before the long document\'s diagnostics', async () => {
    const big = 'file:///tmp/hopcheck-test/slow/big.ps1';
    const small = 'file:///tmp/hopcheck-test/slow/small.ps1';
    // Messages are read in the order the server wrote them: at each step, has the big document's
    // publication come in yet?
    const events: string[] = [];
    const step = (name: string) => events.push(client.published.some((p) => p.uri === big) ? `${name} after big diagnostics` : name);
    await client.open(big, 'powershell', bigScript(6000));
    await client.open(small, 'powershell', SMALL);
    const d = await client.waitForDiagnostics(small, (x) => x.diagnostics.length === 1, 30000);
    step('small diagnostics');
    assert.deepEqual(codes(d.diagnostics), ['HOP001 2:4']);
    const hover = await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: small }, position: { line: 1, character: 6 } }) as Hover;
    step('small hover');
    assert.match((hover.contents as MarkupContent).value, /EvictNode/);
    const actions = await client.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri: small }, range: d.diagnostics[0].range, context: { diagnostics: d.diagnostics },
    }) as { title: string }[];
    step('small code actions');
    assert.ok(actions.some((a) => a.title.startsWith('Replace with Remove-ClusterNode')));
    const b = await client.waitForDiagnostics(big, (x) => x.diagnostics.length > 0, 30000);
    assert.equal(b.diagnostics.length, 6000);
    assert.deepEqual(events, ['small diagnostics', 'small hover', 'small code actions']);
  });

  it('an edit cancels the analysis of the version it replaces: only the newest version is published', async () => {
    const big = 'file:///tmp/hopcheck-test/slow/edited.ps1';
    const text = bigScript(6000);
    await client.open(big, 'powershell', text, 1);
    // v2 makes the first connection local: one finding fewer.
    const col = text.indexOf('node0');
    await client.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: big, version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: col }, end: { line: 0, character: col + 5 } }, text: '.' }],
    });
    const v2 = await client.waitForDiagnostics(big, (x) => x.version === 2, 30000);
    assert.equal(v2.diagnostics.length, 5999);
    await client.sync();
    const versions = client.published.filter((p) => p.uri === big).map((p) => p.version);
    assert.deepEqual(versions, [2], 'version 1 was superseded before its analysis ended');
  });
});
