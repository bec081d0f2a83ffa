// Rule links as an editor gets them from the real server: the diagnostic's codeDescription and the
// hover's "rule documentation" link open the page installed next to the server (a file that exists),
// or the hopcheck.docsBaseUrl setting's; never the catalogue's web address, which does not exist.
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { TestClient } from './client';

const ROOT = join(__dirname, '..', '..');
const REMOTE = '$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName node1\n$c.EvictNode("node2")\n';

describe('language server: rule links', function () {
  this.timeout(30000);
  let client: TestClient;
  beforeEach(async () => {
    client = new TestClient();
  });
  afterEach(async () => client.stop());

  async function linkAndHover(uri: string): Promise<{ href: string; hover: string }> {
    await client.open(uri, 'powershell', REMOTE);
    const p = await client.waitForDiagnostics(uri, (d) => d.diagnostics.length > 0);
    const hover = await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 6 } }) as Hover;
    return { href: p.diagnostics[0].codeDescription!.href, hover: (hover.contents as MarkupContent).value };
  }

  it('by default: the installed docs/rules page, a file: URL that exists, in the diagnostic and the hover', async () => {
    await client.initialize();
    const { href, hover } = await linkAndHover('file:///tmp/hopcheck-links/a.ps1');
    assert.equal(href, pathToFileURL(join(ROOT, 'docs', 'rules', 'HOP001.md')).href);
    assert.ok(existsSync(fileURLToPath(href)));
    assert.ok(hover.includes(`[rule documentation](${href})`), hover);
    assert.ok(!/https?:/.test(hover) && !/https?:/.test(href), 'no link to a web page that may not exist');
  });

  it('hopcheck.docsBaseUrl points them elsewhere; a command: URI is refused', async () => {
    client.settings = { docsBaseUrl: 'https://wiki.corp.example/hopcheck' };
    await client.initialize();
    const { href, hover } = await linkAndHover('file:///tmp/hopcheck-links/b.ps1');
    assert.equal(href, 'https://wiki.corp.example/hopcheck/HOP001.md');
    assert.ok(hover.includes('(https://wiki.corp.example/hopcheck/HOP001.md)'), hover);
    client.settings = { docsBaseUrl: 'command:workbench.action.terminal.new' };
    const uri = 'file:///tmp/hopcheck-links/c.ps1';
    client.clear(uri);
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { hopcheck: client.settings } });
    const again = await linkAndHover(uri);
    assert.equal(again.href, pathToFileURL(join(ROOT, 'docs', 'rules', 'HOP001.md')).href);
  });
});
