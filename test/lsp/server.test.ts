// The language server as an editor sees it: a real process, JSON-RPC over stdio.
import { strict as assert } from 'node:assert';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { codes, TestClient } from './client';

const text = (m: string | MarkupContent): string => (typeof m === 'string' ? m : m.value);

const REMOTE = [
  '# evict a node from the admin workstation',
  '$cluster = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName node1',
  '$cluster.EvictNode("node2")',
  '',
].join('\n');

describe('language server over stdio', function () {
  this.timeout(30000);
  let client: TestClient;

  beforeEach(async () => {
    client = new TestClient();
    await client.initialize();
  });
  afterEach(async () => client.stop());

  it('publishes HOP001 with rule link, source and trace for a remote EvictNode', async () => {
    const uri = 'file:///tmp/hopcheck-test/evict.ps1';
    await client.open(uri, 'powershell', REMOTE);
    const p = await client.waitForDiagnostics(uri, (d) => d.diagnostics.length > 0);
    assert.deepEqual(codes(p.diagnostics), ['HOP001 3:10']);
    const d = p.diagnostics[0];
    assert.equal(d.source, 'hopcheck');
    assert.equal(d.severity, 1);
    assert.match(d.codeDescription!.href, /docs\/rules\/HOP001\.md$/);
    assert.match(text(d.message), /EvictNode/);
    assert.match(text(d.message), /node1/);
    assert.deepEqual(d.range, { start: { line: 2, character: 9 }, end: { line: 2, character: 18 } });
    const related = d.relatedInformation!.map((r) => `${r.location.range.start.line + 1}: ${r.message}`);
    assert.ok(related.some((r) => r.startsWith('3:') || r.startsWith('2:')), related.join('\n'));
    assert.ok(d.relatedInformation!.every((r) => r.location.uri === uri));
    assert.ok(related.some((r) => /connection to 'node1' is opened here/.test(r)), related.join('\n'));
  });

  it('re-analyses incremental edits: making the connection local clears the finding', async () => {
    const uri = 'file:///tmp/hopcheck-test/edit.ps1';
    await client.open(uri, 'powershell', REMOTE);
    await client.waitForDiagnostics(uri, (d) => d.diagnostics.length === 1);
    // Replace `node1` (line 2, columns 89-93) by `.`
    const line = REMOTE.split('\n')[1];
    const col = line.indexOf('node1');
    client.clear(uri);
    await client.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 1, character: col }, end: { line: 1, character: col + 5 } }, text: '.' }],
    });
    const p = await client.waitForDiagnostics(uri, (d) => d.version === 2);
    assert.deepEqual(p.diagnostics, []);
    // ...and back to a remote name, typed one character at a time.
    client.clear(uri);
    let version = 2;
    const typed = 'n2';
    await client.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: ++version },
      contentChanges: [{ range: { start: { line: 1, character: col }, end: { line: 1, character: col + 1 } }, text: '' }],
    });
    for (let i = 0; i < typed.length; i++) {
      await client.conn.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: ++version },
        contentChanges: [{ range: { start: { line: 1, character: col + i }, end: { line: 1, character: col + i } }, text: typed[i] }],
      });
    }
    const again = await client.waitForDiagnostics(uri, (d) => d.version === version);
    assert.deepEqual(codes(again.diagnostics), ['HOP001 3:10']);
    assert.match(text(again.diagnostics[0].message), /'n2'/);
  });

  it('typing in a long script: findings kept and moved while typing, after a pause, and re-analysed on the call\'s line', async () => {
    // Typing on an ordinary line of a long flat script is proved local from the statements around it, and
    // the whole text re-parsed once the document is still (parse/powershell-window.ts, lsp/analysis-worker.ts).
    const filler = (v: string) => Array.from({ length: 200 }, (_, i) => `$${v}${i} = Get-Service -Name 's${i}'`);
    const lines = [...filler('a'), ...REMOTE.split('\n').slice(1, 3), ...filler('b'), ''];
    const uri = 'file:///tmp/hopcheck-test/long.ps1';
    await client.open(uri, 'powershell', lines.join('\n'));
    await client.waitForDiagnostics(uri, (d) => d.diagnostics.length === 1);
    let version = 1;
    const change = async (line: number, character: number, endCharacter: number, insert: string) => {
      const next = ++version;
      const wait = client.waitForDiagnostics(uri, (d) => d.version === next);
      await client.conn.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: next },
        contentChanges: [{ range: { start: { line, character }, end: { line, character: endCharacter } }, text: insert }],
      });
      return codes((await wait).diagnostics);
    };
    const inString = lines[100].indexOf("'s100'") + 2;
    for (const c of 'xyz') assert.deepEqual(await change(100, inString, inString, c), ['HOP001 202:10']);
    assert.deepEqual(await change(100, 0, 0, '# note\n'), ['HOP001 203:10'], 'a line added above moves the finding down');
    await new Promise((r) => setTimeout(r, 150)); // the document is still: the worker re-parses it
    assert.deepEqual(await change(300, 4, 4, 'q'), ['HOP001 203:10'], 'typing below the call after the pause');
    assert.deepEqual(await change(50, 4, 4, 'w'), ['HOP001 203:10'], 'and above it, with no pause');
    const computer = lines[200].indexOf('node1');
    assert.deepEqual(await change(201, computer, computer + 5, '.'), [], 'the connection made local on its own line');
  });

  it('explains a finding on hover and says nothing elsewhere', async () => {
    const uri = 'file:///tmp/hopcheck-test/hover.ps1';
    await client.open(uri, 'powershell', REMOTE);
    await client.waitForDiagnostics(uri, (d) => d.diagnostics.length === 1);
    const hover = await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 12 } }) as Hover;
    const value = (hover.contents as MarkupContent).value;
    assert.match(value, /HOP001/);
    assert.match(value, /Remove-ClusterNode/);
    assert.match(value, /ERROR_ACCESS_DENIED/);
    const none = await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } });
    assert.equal(none, null);
  });

  it('applies settings: severity override and off, localNames', async () => {
    client.settings = { severity: { HOP001: 'warning' } };
    const uri = 'file:///tmp/hopcheck-test/settings.ps1';
    await client.open(uri, 'powershell', REMOTE);
    const p = await client.waitForDiagnostics(uri, (d) => d.diagnostics.length === 1);
    assert.equal(p.diagnostics[0].severity, 2);

    client.settings = { localNames: ['NODE1'] };
    client.clear(uri);
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { hopcheck: client.settings } });
    const q = await client.waitForDiagnostics(uri);
    assert.deepEqual(q.diagnostics, []);
  });

  it('hopcheck.enable = false publishes nothing, and turning it back on needs no restart', async () => {
    client.settings = { enable: false };
    const uri = 'file:///tmp/hopcheck-test/disabled.ps1';
    await client.open(uri, 'powershell', REMOTE);
    const p = await client.waitForDiagnostics(uri);
    assert.deepEqual(p.diagnostics, []);
    client.settings = { enable: true };
    client.clear(uri);
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { hopcheck: client.settings } });
    const q = await client.waitForDiagnostics(uri, (d) => d.diagnostics.length === 1);
    assert.deepEqual(codes(q.diagnostics), ['HOP001 3:10']);
  });

  it('keeps serving after garbage input', async () => {
    const bad = 'file:///tmp/hopcheck-test/garbage.ps1';
    let junk = '';
    for (let i = 0; i < 5000; i++) junk += String.fromCharCode((i * 7919) % 0xd7ff);
    await client.open(bad, 'powershell', junk + '\n{{{{ ((( "\'\n');
    await client.waitForDiagnostics(bad);
    const uri = 'file:///tmp/hopcheck-test/after.ps1';
    await client.open(uri, 'powershell', REMOTE);
    const p = await client.waitForDiagnostics(uri, (d) => d.diagnostics.length === 1);
    assert.deepEqual(codes(p.diagnostics), ['HOP001 3:10']);
  });

  it('ignores files that are not scripts and clears diagnostics on close', async () => {
    const txt = 'file:///tmp/hopcheck-test/notes.txt';
    await client.open(txt, 'plaintext', REMOTE);
    const uri = 'file:///tmp/hopcheck-test/close.ps1';
    await client.open(uri, 'powershell', REMOTE);
    await client.waitForDiagnostics(uri, (d) => d.diagnostics.length === 1);
    client.clear(uri);
    await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    const p = await client.waitForDiagnostics(uri);
    assert.deepEqual(p.diagnostics, []);
    // The .txt never got diagnostics (the server only analyses script files).
    await assert.rejects(client.waitForDiagnostics(txt, () => true, 500));
  });
});

describe('language server: code actions', function () {
  this.timeout(30000);
  let client: TestClient;
  beforeEach(async () => { client = new TestClient(); await client.initialize(); });
  afterEach(async () => client.stop());

  it('offers the preferred cmdlet rewrite, delegation, connect locally and disable fixes with exact edits', async () => {
    const uri = 'file:///tmp/hopcheck-test/fix.ps1';
    await client.open(uri, 'powershell', REMOTE);
    const p = await client.waitForDiagnostics(uri, (d) => d.diagnostics.length === 1);
    const actions = await client.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri }, range: p.diagnostics[0].range, context: { diagnostics: p.diagnostics },
    }) as { title: string; kind: string; isPreferred?: boolean; edit: { changes: Record<string, { range: unknown; newText: string }[]> } }[];
    const titles = actions.map((a) => a.title);
    assert.deepEqual(titles.slice(0, 3), [
      'Replace with Remove-ClusterNode (run from this machine)',
      'Request delegation (impersonation level Delegate; needs the nodes trusted for delegation, widens what the token can do)',
      'Connect locally (run the script on a cluster node)',
    ]);
    assert.ok(titles.includes('Disable HOP001 for this line') && titles.includes('Disable HOP001 for this file'));
    assert.equal(actions.filter((a) => a.isPreferred).length, 1);
    assert.equal(actions[0].isPreferred, true);
    assert.equal(actions[0].kind, 'quickfix');
    assert.deepEqual(actions[0].edit.changes[uri], [{
      range: { start: { line: 2, character: 0 }, end: { line: 2, character: 27 } },
      newText: 'Remove-ClusterNode -Cluster node1 -Name "node2" -Force',
    }]);
    const disable = actions.find((a) => a.title === 'Disable HOP001 for this line')!;
    assert.deepEqual(disable.edit.changes[uri], [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: '# hopcheck-disable-next-line HOP001\n' }]);
  });

  it('source.fixAll.hopcheck applies every preferred fix', async () => {
    const uri = 'file:///tmp/hopcheck-test/fixall.ps1';
    const text = REMOTE + 'Invoke-Command -ComputerName node3 -ScriptBlock { Add-ClusterNode -Name n4 }\n';
    await client.open(uri, 'powershell', text);
    await client.waitForDiagnostics(uri, (d) => d.diagnostics.length === 2);
    const actions = await client.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    }) as { kind: string; edit: { changes: Record<string, { newText: string }[]> } }[];
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'source.fixAll.hopcheck');
    assert.deepEqual(actions[0].edit.changes[uri].map((e) => e.newText).sort(), [
      'Add-ClusterNode -Name n4 -Cluster node3',
      'Remove-ClusterNode -Cluster node1 -Name "node2" -Force',
    ]);
  });

  it('lists the fixes in the hover', async () => {
    const uri = 'file:///tmp/hopcheck-test/hoverfix.ps1';
    await client.open(uri, 'powershell', REMOTE);
    await client.waitForDiagnostics(uri, (d) => d.diagnostics.length === 1);
    const hover = await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 12 } }) as Hover;
    assert.match((hover.contents as MarkupContent).value, /Quick fixes[\s\S]*Replace with Remove-ClusterNode \(run from this machine\) \*\(preferred\)\*/);
  });
});
