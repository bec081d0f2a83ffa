// Edits arriving while the workspace scan runs: none is lost, none is applied to stale text, and the
// scan's later view of the file on disk never overwrites the open document's diagnostics. The
// document is opened under the URI VS Code sends (`%28` for '(', `%20` for ' '), which need not be
// spelled like the scan's own (`pathToFileURL`) for the same file.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { MarkupContent, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { generateCorpus } from '../../scripts/gen-corpus';
import { codes, TestClient } from './client';

const CONNECT = '$cluster = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName node1';
const EVICT = '$cluster.EvictNode("node2")';
const ON_DISK = `# evict a node\n${CONNECT}\n${EVICT}\n`;

/** A file URI as VS Code writes it (vscode-uri): everything but [A-Za-z0-9-._~] in a segment is percent-encoded. */
function vscodeUri(path: string): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `file://${path.split('/').map(enc).join('/')}`;
}

describe('language server: edits during a workspace scan', function () {
  this.timeout(60000);
  let dir: string;
  let target: string;
  let client: TestClient;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'hopcheck-scan-edits-'));
    generateCorpus(2500, dir, 11);
    // Sorted last, so the scan reaches it after the edits below.
    mkdirSync(join(dir, 'tools'), { recursive: true });
    target = join(dir, 'tools', 'zz-evict (copy 2).ps1');
    writeFileSync(target, ON_DISK);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(async () => client.stop());

  /** Every publishDiagnostics for the target file, whichever URI spelling, in arrival order. */
  const forTarget = (): PublishDiagnosticsParams[] => client.published.filter((p) => samePath(p.uri, target));
  const scanEnded = () => client.progress.some((p) => p.value.kind === 'end');

  async function startScanning(): Promise<void> {
    client = new TestClient();
    await client.initialize(pathToFileURL(dir).href);
    // The scan is under way once it publishes its first findings (files in sorted order; ours is last).
    await waitFor(() => client.published.length > 0);
    assert.ok(!scanEnded(), 'the scan is still running when the document is opened');
  }

  it('the open document\'s diagnostics follow its edits, and the scan never overwrites them', async () => {
    await startScanning();
    const uri = vscodeUri(target);
    assert.notEqual(uri, pathToFileURL(target).href, 'the editor spells the URI differently from the scan');
    const before = forTarget().length;
    await client.open(uri, 'powershell', ON_DISK, 1);
    const change = async (version: number, line: number, character: number, endLine: number, endCharacter: number, text: string) =>
      client.conn.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line, character }, end: { line: endLine, character: endCharacter } }, text }],
      });
    // v2: the remote call is removed (line 3).
    await change(2, 2, 0, 3, 0, '');
    // v3: three lines inserted at the top.
    await change(3, 0, 0, 0, 0, '# one\n# two\n# three\n');
    // v4: the call comes back, at the end (line 6), against another node.
    await change(4, 5, 0, 5, 0, EVICT.replace('node2', 'node9') + '\n');
    // v5: the connection now targets node7 (line 5).
    const col = CONNECT.indexOf('node1');
    await change(5, 4, col, 4, col + 5, 'node7');
    const editsDoneBeforeScanEnd = !scanEnded();

    const final = await client.waitForDiagnostics(uri, (d) => d.version === 5);
    assert.deepEqual(codes(final.diagnostics), ['HOP001 6:10']);
    assert.match(text(final.diagnostics[0].message), /EvictNode over a remote WMI connection to 'node7'/);
    await waitFor(scanEnded);
    await new Promise((r) => setTimeout(r, 300)); // anything the scan still had in flight
    assert.ok(editsDoneBeforeScanEnd, 'the edits were sent while the scan was running (otherwise this test proves nothing)');

    const afterOpen = forTarget().slice(before);
    // Only the open document's own publications (they carry its version; bursts of edits are
    // coalesced), in version order, the last one for the final text.
    assert.deepEqual(afterOpen.filter((p) => p.version === undefined).map((p) => codes(p.diagnostics)), [], 'the scan published the file on disk over the open document');
    const versions = afterOpen.map((p) => p.version!);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b));
    assert.equal(afterOpen.at(-1)!.version, 5);
    assert.deepEqual(codes(afterOpen.at(-1)!.diagnostics), ['HOP001 6:10']);
    // The status bar counts the file once, as the open document (HOP001): the scan kept nothing of it.
    const latest = new Map<string, PublishDiagnosticsParams>();
    for (const p of client.published) latest.set(p.uri, p);
    const otherErrors = [...latest.values()].filter((p) => !samePath(p.uri, target))
      .reduce((n, p) => n + p.diagnostics.filter((d) => d.severity === 1).length, 0);
    assert.equal(client.statuses.at(-1)!.errors, otherErrors + 1);

    // Closed, it goes back to the scan's view of the file on disk.
    await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await waitFor(() => forTarget().at(-1)?.version === undefined && forTarget().at(-1)!.diagnostics.length === 1);
    assert.deepEqual(codes(forTarget().at(-1)!.diagnostics), ['HOP001 3:10']);
  });

  it('a document closed and opened again at once (a language mode change) keeps its own diagnostics', async () => {
    await startScanning();
    const uri = pathToFileURL(target).href; // the scan's own spelling: only the timing is tested here
    await client.open(uri, 'powershell', ON_DISK, 1);
    await client.waitForDiagnostics(uri, (d) => d.version === 1);
    const before = forTarget().length;
    // Closing hands the file back to the scan, which asks the editor for settings first; the document
    // is open again (made local: no finding) before the answer comes.
    await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await client.open(uri, 'powershell', ON_DISK.replace('node1', '.'), 7);
    await client.waitForDiagnostics(uri, (d) => d.version === 7);
    await waitFor(scanEnded);
    await new Promise((r) => setTimeout(r, 300));
    const since = forTarget().slice(before);
    // The close clears (no version), the reopened document publishes version 7 (no finding); the
    // file on disk (HOP001) must not show up in between or after.
    assert.deepEqual(since.filter((p) => p.diagnostics.length > 0), [], JSON.stringify(since));
    assert.equal(since.at(-1)!.version, 7);
  });
});

const text = (m: string | MarkupContent): string => (typeof m === 'string' ? m : m.value);

function samePath(uri: string, path: string): boolean {
  try {
    return fileURLToPath(uri) === path;
  } catch {
    return false;
  }
}

async function waitFor(pred: () => boolean, ms = 20000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
