// Issue 11, item 2: discovery never follows symlinked folders, lists a symlinked file once (by its
// real path, only inside the scanned folder), and the server's background scan stops at its caps.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeText, initParsers } from '../../server/src/core/analyze';
import { DEFAULT_SETTINGS } from '../../server/src/core/config';
import { discover } from '../../server/src/workspace/discover';
import { WorkspaceScanner } from '../../server/src/workspace/scan';

const REMOTE = '$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName node1\n$c.EvictNode("node2")\n';

describe('discover: symlinks and caps (issue 11 item 2)', () => {
  let dir: string;
  before(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'hopcheck-disc-')));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('does not follow symlinked folders; a symlinked file is listed once, a link out of the folder not at all', function () {
    if (process.platform === 'win32') this.skip();
    const root = join(dir, 'links');
    mkdirSync(join(root, 'a'), { recursive: true });
    mkdirSync(join(dir, 'elsewhere'));
    writeFileSync(join(root, 'a', 'x.ps1'), REMOTE);
    writeFileSync(join(dir, 'elsewhere', 'secret.ps1'), REMOTE);
    symlinkSync('..', join(root, 'a', 'up'));
    symlinkSync(join(dir, 'elsewhere'), join(root, 'out'));
    symlinkSync('x.ps1', join(root, 'a', 'alias.ps1'));
    symlinkSync(join(dir, 'elsewhere', 'secret.ps1'), join(root, 'secret.ps1'));
    const found = discover([root]);
    assert.deepEqual(found.files, [join(root, 'a', 'x.ps1')]);
    assert.deepEqual(found.problems, []);
    assert.ok(found.skipped.some((s) => s.path === join(root, 'secret.ps1') && /outside/.test(s.reason)), JSON.stringify(found.skipped));
  });

  it('a link to nothing, or to itself, in a folder is skipped with a notice, not an error (the CLI exits 0)', function () {
    if (process.platform === 'win32') this.skip();
    const root = join(dir, 'dangling');
    mkdirSync(root);
    writeFileSync(join(root, 'ok.ps1'), 'Get-Service\n');
    symlinkSync(join(dir, 'nowhere', 'x.ps1'), join(root, 'gone.ps1'));
    symlinkSync('self.ps1', join(root, 'self.ps1'));
    const found = discover([root]);
    assert.deepEqual(found.files, [join(root, 'ok.ps1')]);
    assert.deepEqual(found.problems, []);
    assert.deepEqual(found.skipped.map((s) => [s.path, s.reason]).sort(),
      [[join(root, 'gone.ps1'), 'a symbolic link to nothing'], [join(root, 'self.ps1'), 'a symbolic link to nothing']]);
    const cli = spawnSync(process.execPath, [join(__dirname, '..', '..', 'dist', 'cli.js'), root], { encoding: 'utf8' });
    assert.equal(cli.status, 0, cli.stderr);
    assert.match(cli.stderr, /gone\.ps1: skipped: a symbolic link to nothing/);
    // Named on the command line, a path that does not exist is still the user's error.
    assert.equal(spawnSync(process.execPath, [join(__dirname, '..', '..', 'dist', 'cli.js'), join(root, 'gone.ps1')]).status, 2);
  });

  it('stops at maxFiles and maxBytes and says so', () => {
    const root = join(dir, 'many');
    mkdirSync(root);
    for (let i = 0; i < 10; i++) writeFileSync(join(root, `f${i}.ps1`), 'x'.repeat(100));
    const byCount = discover([root], { maxFiles: 3 });
    assert.equal(byCount.files.length, 3);
    assert.match(byCount.capped ?? '', /3 files/);
    const byBytes = discover([root], { maxBytes: 450 });
    assert.equal(byBytes.files.length, 4);
    assert.match(byBytes.capped ?? '', /450 bytes/);
    assert.equal(discover([root]).capped, undefined);
  });

  it('the workspace scan reports a cap it hits', async () => {
    await initParsers();
    const root = join(dir, 'scan');
    mkdirSync(root);
    for (let i = 0; i < 5; i++) writeFileSync(join(root, `f${i}.ps1`), REMOTE);
    const notices: string[] = [];
    const published: string[] = [];
    const scanner = new WorkspaceScanner({
      settings: async () => ({ ...DEFAULT_SETTINGS }),
      folderOf: () => root,
      isOpen: () => false,
      analyse: async (kind, text, path, folder, settings) =>
        analyzeText(text, kind, { localNames: settings.localNames, path, root: folder }).findings,
      publish: (uri) => { published.push(uri); },
      log: () => {},
      notice: (m) => { notices.push(m); },
    }, { maxFiles: 2 });
    const n = await scanner.scan([root], () => {}, () => false);
    assert.equal(n, 2);
    assert.equal(published.length, 2);
    assert.ok(notices.some((m) => /2 files/.test(m) && /maxFiles|files/.test(m)), notices.join('\n'));
  });
});
