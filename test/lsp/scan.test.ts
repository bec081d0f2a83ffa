// Workspace scans over stdio: files that are not open get diagnostics, with progress, globs,
// .gitignore, size limits, watched-file changes and deletions.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { codes, TestClient } from './client';

const REMOTE = '$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName node1\n$c.EvictNode("node2")\n';
const CLEAN = 'Get-Service | Where-Object Status -eq Running\n';

describe('language server: workspace scan', function () {
  this.timeout(30000);
  let dir: string;
  let client: TestClient;
  const uri = (rel: string) => pathToFileURL(join(dir, rel)).href;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hopcheck-ws-'));
    mkdirSync(join(dir, 'scripts'));
    mkdirSync(join(dir, 'node_modules', 'x'), { recursive: true });
    mkdirSync(join(dir, 'build'));
    writeFileSync(join(dir, 'scripts', 'evict.ps1'), REMOTE);
    writeFileSync(join(dir, 'scripts', 'clean.ps1'), CLEAN);
    writeFileSync(join(dir, 'node_modules', 'x', 'vendored.ps1'), REMOTE);
    writeFileSync(join(dir, 'build', 'generated.ps1'), REMOTE);
    writeFileSync(join(dir, '.gitignore'), 'build/\n');
    writeFileSync(join(dir, 'huge.ps1'), REMOTE + '#'.repeat(3 * 1024 * 1024));
  });
  afterEach(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('scans at start-up with progress, skipping node_modules, .gitignore\'d and huge files with a notice', async () => {
    client = new TestClient();
    await client.initialize(pathToFileURL(dir).href);
    const p = await client.waitForDiagnostics(uri('scripts/evict.ps1'), (d) => d.diagnostics.length > 0);
    assert.deepEqual(codes(p.diagnostics), ['HOP001 2:4']);
    // Wait for the end of the progress, then check nothing else was published.
    await waitFor(() => client.progress.some((x) => x.value.kind === 'end'));
    const kinds = client.progress.map((x) => x.value.kind);
    assert.equal(kinds[0], 'begin');
    assert.ok(client.progress.some((x) => x.value.kind === "report" && x.value.percentage === 100), JSON.stringify(client.progress));
    await assert.rejects(client.waitForDiagnostics(uri('node_modules/x/vendored.ps1'), () => true, 300));
    await assert.rejects(client.waitForDiagnostics(uri('build/generated.ps1'), () => true, 300));
    await assert.rejects(client.waitForDiagnostics(uri('huge.ps1'), () => true, 300));
    assert.ok(client.messages.some((m) => /skipped 1 file larger than maxFileSizeKb.*huge\.ps1/.test(m)), client.messages.join('\n'));
    assert.ok(client.statuses.some((s) => s.state === 'idle' && s.errors === 1), JSON.stringify(client.statuses.at(-1)));
  });

  it('re-analyses changed files, clears deleted ones, and scans on command', async () => {
    client = new TestClient();
    client.settings = { scan: { onStartup: false } };
    await client.initialize(pathToFileURL(dir).href);
    const result = await client.conn.sendRequest('workspace/executeCommand', { command: 'hopcheck.server.scanWorkspace', arguments: [] }) as { files: number; findings: number };
    assert.deepEqual(result, { files: 2, findings: 1 });
    await client.waitForDiagnostics(uri('scripts/evict.ps1'), (d) => d.diagnostics.length === 1);

    writeFileSync(join(dir, 'scripts', 'clean.ps1'), REMOTE);
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('scripts/clean.ps1'), type: 2 }] });
    await client.waitForDiagnostics(uri('scripts/clean.ps1'), (d) => d.diagnostics.length === 1);

    client.clear(uri('scripts/evict.ps1'));
    unlinkSync(join(dir, 'scripts', 'evict.ps1'));
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('scripts/evict.ps1'), type: 3 }] });
    const cleared = await client.waitForDiagnostics(uri('scripts/evict.ps1'));
    assert.deepEqual(cleared.diagnostics, []);
  });

  it('clears a file rewritten to name nothing, and reports it again when the cluster call comes back', async () => {
    client = new TestClient();
    await client.initialize(pathToFileURL(dir).href);
    await client.waitForDiagnostics(uri('scripts/evict.ps1'), (d) => d.diagnostics.length === 1);
    // Rewritten to name nothing hopcheck looks for: the pre-filter stops it, and its diagnostics go.
    client.clear(uri('scripts/evict.ps1'));
    writeFileSync(join(dir, 'scripts', 'evict.ps1'), CLEAN);
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('scripts/evict.ps1'), type: 2 }] });
    assert.deepEqual((await client.waitForDiagnostics(uri('scripts/evict.ps1'))).diagnostics, []);
    // And back to the text it had: analysed again (nothing kept of the first analysis says it is unchanged).
    client.clear(uri('scripts/evict.ps1'));
    writeFileSync(join(dir, 'scripts', 'evict.ps1'), REMOTE);
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('scripts/evict.ps1'), type: 2 }] });
    assert.deepEqual(codes((await client.waitForDiagnostics(uri('scripts/evict.ps1'), (d) => d.diagnostics.length === 1)).diagnostics), ['HOP001 2:4']);
    // A scan on command with nothing changed publishes nothing new and counts the one finding.
    const result = await client.conn.sendRequest('workspace/executeCommand', { command: 'hopcheck.server.scanWorkspace', arguments: [] }) as { files: number; findings: number };
    assert.deepEqual(result, { files: 2, findings: 1 });
  });

  it('an open document takes over from the scan and hands back on close', async () => {
    client = new TestClient();
    await client.initialize(pathToFileURL(dir).href);
    await client.waitForDiagnostics(uri('scripts/evict.ps1'), (d) => d.diagnostics.length === 1);
    client.clear(uri('scripts/evict.ps1'));
    // The editor's unsaved text is local: the open document's view wins.
    await client.open(uri('scripts/evict.ps1'), 'powershell', REMOTE.replace('node1', '.'));
    const open = await client.waitForDiagnostics(uri('scripts/evict.ps1'));
    assert.deepEqual(open.diagnostics, []);
    client.clear(uri('scripts/evict.ps1'));
    await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: uri('scripts/evict.ps1') } });
    const back = await client.waitForDiagnostics(uri('scripts/evict.ps1'), (d) => d.diagnostics.length === 1);
    assert.deepEqual(codes(back.diagnostics), ['HOP001 2:4']);
  });
});

async function waitFor(pred: () => boolean, ms = 15000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
