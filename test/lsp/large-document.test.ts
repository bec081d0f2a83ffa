// A 50 MB document must not stall the language server: it is skipped at once with a notice
// (hopcheck.maxFileSizeKb, as the workspace scan does; VS Code itself never hands documents over
// 50 MB to extensions), and a small document opened right behind it gets its diagnostics and hover
// as soon as the server has read the big one's message, not after a 5 s analysis budget.
import { strict as assert } from 'node:assert';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { codes, TestClient } from './client';

const REMOTE = [
  '$cluster = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName node1',
  '$cluster.EvictNode("node2")',
  '',
].join('\n');
const NODE1 = REMOTE.indexOf('node1');

/** The per-file analysis budget (base/budget.ts): analysing the big document in line would hold everything up this long. */
const BUDGET_MS = 5000;

describe('language server: a 50 MB document', function () {
  this.timeout(60000);
  let client: TestClient;

  beforeEach(async () => {
    client = new TestClient();
    await client.initialize();
  });
  afterEach(async () => client.stop());

  it('is skipped with one notice, while a small document gets its diagnostics and hover promptly', async () => {
    const bigUri = 'file:///tmp/hopcheck-test/huge-generated.ps1';
    const smallUri = 'file:///tmp/hopcheck-test/small.ps1';
    // Real cluster calls all the way through: analysing it would be real work, not a pre-filter skip.
    const unit = `# generated inventory step\n${REMOTE}`;
    const big = unit.repeat(Math.ceil((50 * 1024 * 1024) / unit.length));
    assert.ok(big.length >= 50 * 1024 * 1024);

    const bigSent = client.open(bigUri, 'powershell', big);
    await client.open(smallUri, 'powershell', REMOTE); // queued right behind the 50 MB message
    const sentAt = Date.now();
    const small = await client.waitForDiagnostics(smallUri, (d) => d.diagnostics.length > 0, 30000);
    assert.deepEqual(codes(small.diagnostics), ['HOP001 2:10']);
    const hover = await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: smallUri }, position: { line: 1, character: 12 } }) as Hover | null;
    const answeredAfter = Date.now() - sentAt;
    assert.match((hover?.contents as MarkupContent | undefined)?.value ?? '', /EvictNode/);
    // An honest bound, not a benchmark: reading the JSON of a 50 MB message takes the server a moment
    // (~0.6 s here), but had it analysed the big document in line, the small one would have waited
    // for the whole per-file budget (measured with the size check off: 5.8 s).
    assert.ok(answeredAfter < BUDGET_MS - 1000, `the small document's diagnostics and hover took ${answeredAfter} ms`);
    await bigSent;

    // The big one: an empty list for its version, and a notice naming it and the setting.
    const bigDiagnostics = await client.waitForDiagnostics(bigUri, (d) => d.version === 1, 30000);
    assert.deepEqual(bigDiagnostics.diagnostics, []);
    const notices = () => client.messages.filter((m) => m.includes('huge-generated.ps1'));
    await waitFor(() => notices().length > 0);
    assert.match(notices()[0], /larger than maxFileSizeKb \(2048 KiB\).*not checked/);

    // The server keeps serving both: an edit of the small one is checked, an edit of the big one
    // is not (and not announced again), a hover on the big one is answered.
    await client.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: smallUri, version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: NODE1 }, end: { line: 0, character: NODE1 + 5 } }, text: '.' }],
    });
    const local = await client.waitForDiagnostics(smallUri, (d) => d.version === 2);
    assert.deepEqual(local.diagnostics, []);
    await client.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: bigUri, version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\n' }],
    });
    const edited = await client.waitForDiagnostics(bigUri, (d) => d.version === 2);
    assert.deepEqual(edited.diagnostics, []);
    assert.equal(await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: bigUri }, position: { line: 3, character: 12 } }), null);
    assert.equal(notices().length, 1, notices().join('\n'));
  });
});

async function waitFor(pred: () => boolean, ms = 10000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
