// Published diagnostics, the status count and hovers always equal what the current settings and files
// give: nothing left over from earlier settings, from another workspace folder, or from a scan that
// another one replaced.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateCorpus } from '../../scripts/gen-corpus';
import { codes, TestClient, waitFor } from './client';

const REMOTE = '$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName node1\n$c.EvictNode("node2")\n';
const scanEnded = (c: TestClient) => c.progress.some((p) => p.value.kind === 'end');

describe('language server: no stale state', function () {
  this.timeout(60000);
  let dir: string;
  let client: TestClient;
  const uri = (rel: string) => pathToFileURL(join(dir, rel)).href;
  const write = (rel: string, text: string) => {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  };

  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'hopcheck-stale-')); });
  afterEach(async () => {
    await client?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('(a) the status count leaves out rules that are off and counts the effective severity', async () => {
    client = new TestClient();
    client.settings = { severity: { HOP001: 'off' } };
    await client.initialize();
    const u = 'file:///tmp/hopcheck-test/stale/off.ps1';
    await client.open(u, 'powershell', REMOTE);
    await client.waitForDiagnostics(u);
    await client.sync();
    assert.deepEqual(client.latest(u)!.diagnostics, []);
    assert.deepEqual(pick(client.statuses.at(-1)!), { errors: 0, warnings: 0, infos: 0 });

    client.settings = { severity: { HOP001: 'warning' } };
    client.clear(u);
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { hopcheck: client.settings } });
    await client.waitForDiagnostics(u, (d) => d.diagnostics.length === 1);
    await client.sync();
    assert.deepEqual(pick(client.statuses.at(-1)!), { errors: 0, warnings: 1, infos: 0 });
  });

  it('(b) hover does not explain a finding whose rule is off', async () => {
    client = new TestClient();
    client.settings = { severity: { HOP001: 'off' } };
    await client.initialize();
    const u = 'file:///tmp/hopcheck-test/stale/hover-off.ps1';
    await client.open(u, 'powershell', REMOTE);
    await client.waitForDiagnostics(u);
    const hover = await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: u }, position: { line: 1, character: 6 } });
    assert.equal(hover, null);
  });

  it('(c) turning hopcheck.enable off clears scanned and open files\' diagnostics', async () => {
    write('scanned.ps1', REMOTE);
    client = new TestClient();
    await client.initialize(pathToFileURL(dir).href);
    await client.waitForDiagnostics(uri('scanned.ps1'), (d) => d.diagnostics.length === 1);
    const open = uri('open.ps1');
    await client.open(open, 'powershell', REMOTE);
    await client.waitForDiagnostics(open, (d) => d.diagnostics.length === 1);
    await waitFor(() => scanEnded(client));

    client.settings = { enable: false };
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { hopcheck: client.settings } });
    await waitFor(() => client.urisWithDiagnostics().length === 0);
    await client.sync();
    assert.deepEqual(pick(client.statuses.at(-1)!), { errors: 0, warnings: 0, infos: 0 });
  });

  it('(d) an exclude glob added later clears the now-excluded files\' diagnostics', async () => {
    write('scripts/evict.ps1', REMOTE);
    write('archive/old.ps1', REMOTE);
    client = new TestClient();
    await client.initialize(pathToFileURL(dir).href);
    await client.waitForDiagnostics(uri('archive/old.ps1'), (d) => d.diagnostics.length === 1);
    await client.waitForDiagnostics(uri('scripts/evict.ps1'), (d) => d.diagnostics.length === 1);
    await waitFor(() => scanEnded(client));

    client.settings = { exclude: ['**/archive/**'] };
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { hopcheck: client.settings } });
    await waitFor(() => client.latest(uri('archive/old.ps1'))!.diagnostics.length === 0);
    await waitFor(() => client.statuses.at(-1)!.state === 'idle' && client.statuses.at(-1)!.errors === 1);
    assert.deepEqual(client.urisWithDiagnostics(), [uri('scripts/evict.ps1')]);
  });

  it('(e) settings are asked for per workspace folder, not once per file opened and closed', async () => {
    client = new TestClient();
    client.settings = { scan: { onStartup: false } };
    await client.initialize(pathToFileURL(dir).href);
    const cycle = async (name: string) => {
      const u = uri(name);
      await client.open(u, 'powershell', REMOTE);
      await client.waitForDiagnostics(u, (d) => d.diagnostics.length === 1);
      await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: u } });
      await client.waitForDiagnostics(u, (d) => d.diagnostics.length === 0);
    };
    await cycle('first.ps1');
    await client.sync();
    const asked = client.configurationScopes.length;
    for (let i = 0; i < 30; i++) await cycle(`file${i}.ps1`);
    await client.sync();
    assert.equal(client.configurationScopes.length, asked, JSON.stringify(client.configurationScopes.slice(asked, asked + 5)));
    assert.ok(client.configurationScopes.every((s) => s === undefined || s === pathToFileURL(dir).href), JSON.stringify(client.configurationScopes));
  });

  it('(f) every workspace folder is scanned with its own settings (.hopcheck.json, enable)', async () => {
    write('a/evict.ps1', REMOTE);
    write('b/evict.ps1', REMOTE);
    write('b/.hopcheck.json', JSON.stringify({ severity: { HOP001: 'warning' } }));
    write('c/evict.ps1', REMOTE);
    write('c/.hopcheck.json', JSON.stringify({ enable: false }));
    client = new TestClient();
    await client.initialize(['a', 'b', 'c'].map((f) => pathToFileURL(join(dir, f)).href));
    const a = await client.waitForDiagnostics(uri('a/evict.ps1'), (d) => d.diagnostics.length === 1);
    const b = await client.waitForDiagnostics(uri('b/evict.ps1'), (d) => d.diagnostics.length === 1);
    assert.equal(a.diagnostics[0].severity, 1);
    assert.equal(b.diagnostics[0].severity, 2);
    await waitFor(() => scanEnded(client));
    await client.sync();
    assert.equal(client.latest(uri('c/evict.ps1'))?.diagnostics.length ?? 0, 0);
    assert.deepEqual(pick(client.statuses.at(-1)!), { errors: 1, warnings: 1, infos: 0 });
    // An open document in b gets b's settings too.
    const open = uri('b/open.ps1');
    await client.open(open, 'powershell', REMOTE);
    const o = await client.waitForDiagnostics(open, (d) => d.diagnostics.length === 1);
    assert.equal(o.diagnostics[0].severity, 2);
  });

  it('(g) the .hopcheck.json of /ws/app does not apply to /ws/app2', async () => {
    write('app/.hopcheck.json', JSON.stringify({ severity: { HOP001: 'warning' } }));
    write('app2/evict.ps1', REMOTE);
    client = new TestClient();
    client.settings = { scan: { onStartup: false } };
    await client.initialize(pathToFileURL(join(dir, 'app')).href);
    const inside = uri('app/evict.ps1');
    const outside = uri('app2/evict.ps1');
    await client.open(inside, 'powershell', REMOTE);
    await client.open(outside, 'powershell', REMOTE);
    assert.equal((await client.waitForDiagnostics(inside, (d) => d.diagnostics.length === 1)).diagnostics[0].severity, 2);
    assert.equal((await client.waitForDiagnostics(outside, (d) => d.diagnostics.length === 1)).diagnostics[0].severity, 1);
  });

  it('(h) a scan started while another runs keeps the server "scanning" until the last one ends', async () => {
    generateCorpus(2500, dir, 7);
    client = new TestClient();
    await client.initialize(pathToFileURL(dir).href);
    await waitFor(() => client.published.length > 0);
    assert.ok(!client.statuses.some((s) => s.state === 'idle'), 'the start-up scan is still running');
    const from = client.statuses.length;
    const result = await client.conn.sendRequest('workspace/executeCommand', { command: 'hopcheck.server.scanWorkspace', arguments: [] }) as { files: number | null };
    assert.ok(result.files !== null && result.files > 0);
    const during = client.statuses.slice(from);
    assert.deepEqual(during.slice(0, -1).filter((s) => s.state !== 'scanning').map((s) => s.state), [], 'idle while a scan was still running');
    assert.equal(during.at(-1)!.state, 'idle');
  });
});

function pick(s: Record<string, unknown>): { errors: unknown; warnings: unknown; infos: unknown } {
  return { errors: s.errors, warnings: s.warnings, infos: s.infos };
}

// `codes` is shared with the other LSP tests; referenced here so an unused import does not creep in.
void codes;
