// A script another one reads (`Invoke-Command -FilePath`, a .wsf `<script src>`) changes on disk: the
// findings reported at the reader follow, for scanned files and open documents alike (issue 11 item 5:
// what is published always equals what the current files give).
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { codes, TestClient } from './client';

const MAIN = 'Invoke-Command -ComputerName node1 -FilePath .\\inner.ps1\n';
const INNER_BAD = 'Remove-ClusterNode -Name node2 -Force\n';
const INNER_GOOD = 'Get-ClusterNode\n';
const WSF = '<job id="Evict">\r\n<script language="VBScript" src="lib.vbs"/>\r\n<script language="VBScript">\r\nSet svc = Connect("node1")\r\n</script>\r\n</job>\r\n';
const LIB_BAD = 'Function Connect(s)\r\n  Set Connect = GetObject("winmgmts:\\\\" & s & "\\root\\MSCluster")\r\n  Connect.Get("MSCluster_Cluster").EvictNode "n2"\r\nEnd Function\r\n';
const LIB_GOOD = 'Function Connect(s)\r\n  Set Connect = GetObject("winmgmts:\\\\.\\root\\MSCluster")\r\nEnd Function\r\n';

describe('language server: a script another one reads changes on disk', function () {
  this.timeout(30000);
  let dir: string;
  let client: TestClient;
  const uri = (rel: string) => pathToFileURL(join(dir, rel)).href;
  const changed = (rel: string) => client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(rel), type: 2 }] });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hopcheck-refs-'));
    writeFileSync(join(dir, 'main.ps1'), MAIN);
    writeFileSync(join(dir, 'inner.ps1'), INNER_BAD);
    writeFileSync(join(dir, 'job.wsf'), WSF);
    writeFileSync(join(dir, 'lib.vbs'), LIB_BAD);
  });
  afterEach(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the scan re-checks the files that read it (-FilePath and .wsf includes)', async () => {
    client = new TestClient();
    await client.initialize(pathToFileURL(dir).href);
    const before = await client.waitForDiagnostics(uri('main.ps1'), (d) => d.diagnostics.length > 0);
    assert.deepEqual(codes(before.diagnostics).map((c) => c.split(' ')[0]), ['HOP003']);
    await client.waitForDiagnostics(uri('job.wsf'), (d) => d.diagnostics.length > 0);
    writeFileSync(join(dir, 'inner.ps1'), INNER_GOOD);
    await changed('inner.ps1');
    await client.waitForDiagnostics(uri('main.ps1'), (d) => d.diagnostics.length === 0);
    writeFileSync(join(dir, 'lib.vbs'), LIB_GOOD);
    await changed('lib.vbs');
    await client.waitForDiagnostics(uri('job.wsf'), (d) => d.diagnostics.length === 0);
    // And back, then gone: a deleted script no longer gives its reader a finding.
    writeFileSync(join(dir, 'inner.ps1'), INNER_BAD);
    await changed('inner.ps1');
    await client.waitForDiagnostics(uri('main.ps1'), (d) => d.diagnostics.length > 0);
    unlinkSync(join(dir, 'inner.ps1'));
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('inner.ps1'), type: 3 }] });
    await client.waitForDiagnostics(uri('main.ps1'), (d) => d.diagnostics.length === 0);
  });

  it('an open document that reads it is checked again', async () => {
    client = new TestClient();
    client.settings = { scan: { onStartup: false } };
    await client.initialize(pathToFileURL(dir).href);
    await client.open(uri('main.ps1'), 'powershell', MAIN);
    await client.waitForDiagnostics(uri('main.ps1'), (d) => d.diagnostics.length > 0);
    writeFileSync(join(dir, 'inner.ps1'), INNER_GOOD);
    await changed('inner.ps1');
    await client.waitForDiagnostics(uri('main.ps1'), (d) => d.diagnostics.length === 0);
  });
});
