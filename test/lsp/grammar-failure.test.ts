// One failing grammar must not silence the other language: the shipped layout (a copy of dist/) with the
// PowerShell grammar's .wasm removed or corrupt still checks VBScript, and says once, clearly, that
// PowerShell is not checked (status in the error state, the output channel, one window message).
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codes, SERVER, TestClient, waitFor } from './client';

const VBS = 'Set svc = GetObject("winmgmts:\\\\node1\\root\\MSCluster")\r\nsvc.Get("MSCluster_Cluster").EvictNode "node2"\r\n';
const PS1 = '$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName node1\n$c.EvictNode("node2")\n';

for (const damage of ['missing', 'corrupt'] as const) {
  describe(`language server: the PowerShell grammar .wasm ${damage}`, function () {
    this.timeout(30000);
    let dir: string;
    let client: TestClient;

    beforeEach(async () => {
      dir = mkdtempSync(join(tmpdir(), 'hopcheck-dist-'));
      cpSync(join(SERVER, '..'), dir, { recursive: true });
      const wasm = join(dir, 'tree-sitter-powershell.wasm');
      if (damage === 'missing') unlinkSync(wasm);
      else writeFileSync(wasm, Buffer.from('\0asm not really a grammar'));
      client = new TestClient(join(dir, 'server.js'));
      await client.initialize();
    });
    afterEach(async () => {
      await client.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('VBScript still gets diagnostics; PowerShell gets one clear error in status, output and a window message', async () => {
      const vbs = 'file:///tmp/hopcheck-test/grammar/evict.vbs';
      const ps1 = 'file:///tmp/hopcheck-test/grammar/evict.ps1';
      const ps2 = 'file:///tmp/hopcheck-test/grammar/other.ps1';
      await client.open(ps1, 'powershell', PS1);
      await client.open(vbs, 'vb', VBS);
      await client.open(ps2, 'powershell', PS1);
      const v = await client.waitForDiagnostics(vbs, (d) => d.diagnostics.length > 0);
      assert.deepEqual(codes(v.diagnostics), ['HOP001 2:30']);
      // PowerShell documents: nothing published that could look like a clean bill of health is fine,
      // but the error must be visible.
      await waitFor(() => client.statuses.some((s) => s.state === 'error'));
      const status = [...client.statuses].reverse().find((s) => s.state === 'error')!;
      assert.match(String(status.message), /PowerShell/);
      assert.match(String(status.message), /not checked/);
      await client.sync();
      assert.ok(client.logs.some((l) => l.type === 1 && /PowerShell grammar/.test(l.message)), JSON.stringify(client.logs));
      const windows = client.messages.filter((m) => /PowerShell/.test(m));
      assert.equal(windows.length, 1, windows.join('\n'));
      // The status stays in the error state afterwards (a later update does not hide it).
      await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: ps2 } });
      await client.sync();
      assert.equal(client.statuses.at(-1)!.state, 'error');
      assert.deepEqual(client.urisWithDiagnostics(), [vbs]);
    });
  });
}
