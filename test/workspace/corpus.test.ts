// Issue 5's acceptance: a generated 2,000-file workspace (mixed languages and encodings, binary files)
// reports exactly the planted findings, through the CLI and through the server's workspace scan.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateCorpus, type Manifest } from '../../scripts/gen-corpus';
import { TestClient } from '../lsp/client';
import { WORKER_THRESHOLD } from '../../server/src/cli/pool';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const key = (file: string, code: string, line: number, column: number) => `${file} ${code} ${line}:${column}`;

describe('a generated 2,000-file workspace', function () {
  this.timeout(180000);
  let dir: string;
  let manifest: Manifest;
  let expected: string[];

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'hopcheck-corpus-'));
    manifest = generateCorpus(2000, dir, 7);
    expected = manifest.findings.map((f) => key(f.file, f.code, f.line, f.column)).sort();
    assert.ok(manifest.findings.length > 50, 'the corpus plants findings');
    assert.ok(manifest.skipped.length > 0, 'the corpus has binary files');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the CLI reports exactly the planted findings and skips the binary files', () => {
    const r = spawnSync(process.execPath, [CLI, '--format', 'json', '.'], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.equal(r.status, 1, r.stderr);
    const out = JSON.parse(r.stdout) as { filesScanned: number; findings: { file: string; code: string; line: number; column: number }[]; problems: { file: string; reason: string }[] };
    const got = out.findings.map((f) => key(f.file, f.code, f.line, f.column)).sort();
    assert.deepEqual(got, expected);
    assert.equal(out.filesScanned, manifest.files - manifest.skipped.length);
    assert.deepEqual(out.problems.map((p) => p.file).sort(), [...manifest.skipped].sort());
    assert.ok(out.problems.every((p) => /binary/.test(p.reason)));
  });

  it('the CLI gives byte-identical output on 1 and 2 threads (--jobs), in every format', () => {
    // Workers start only with enough to analyse (cli/pool.ts WORKER_THRESHOLD): a few large scripts
    // with findings make sure they do, and are handed out first.
    const big = ['big-a.ps1', 'big-b.ps1', 'big-c.ps1'].map((name) => join(dir, name));
    big.forEach((file, k) => writeFileSync(file, `$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName node${k}\n$c.EvictNode('n1')\n`
      + Array.from({ length: 3000 + 500 * k }, (_, i) => `Write-Output 'line ${i} of a long script'\n`).join('')));
    try {
      assert.ok(big.reduce((n, f) => n + statSync(f).size, 0) > WORKER_THRESHOLD, 'enough text to start the workers');
      for (const format of ['json', 'sarif', 'text', 'text --pretty', 'github', 'junit']) {
        const run = (jobs: string, cli = CLI) => spawnSync(process.execPath, [cli, '--format', ...format.split(' '), '--jobs', jobs, '.'],
          { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
        const one = run('1');
        const two = run('2');
        assert.equal(one.status, 1, one.stderr);
        assert.equal(two.status, one.status);
        assert.ok(one.stdout.length > 1000);
        assert.equal(two.stdout, one.stdout, `${format} output differs between --jobs 1 and --jobs 2`);
        assert.equal(two.stderr, one.stderr);
      }
      // The comparison above is between two paths: without its worker file, --jobs 2 fails on this folder.
      const copy = mkdtempSync(join(tmpdir(), 'hopcheck-dist-'));
      try {
        cpSync(join(CLI, '..'), copy, { recursive: true, filter: (f) => !f.endsWith('.map') && !f.endsWith('cli-worker.js') });
        const r = spawnSync(process.execPath, [join(copy, 'cli.js'), '--format', 'json', '--jobs', '2', '.'], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
        assert.notEqual(r.status, 1, 'the workers were used');
      } finally {
        rmSync(copy, { recursive: true, force: true });
      }
    } finally {
      for (const f of big) rmSync(f, { force: true });
    }
  });

  it('the server\'s start-up scan publishes exactly the planted findings for unopened files, with progress', async () => {
    const client = new TestClient();
    try {
      await client.initialize(pathToFileURL(dir).href);
      const deadline = Date.now() + 150000;
      while (!client.progress.some((p) => p.value.kind === 'end')) {
        if (Date.now() > deadline) throw new Error('scan did not finish');
        await new Promise((r) => setTimeout(r, 100));
      }
      const reports = client.progress.filter((p) => p.value.kind === 'report');
      assert.ok(reports.length >= 2 && reports.at(-1)!.value.percentage === 100, JSON.stringify(reports.slice(-3)));
      const got: string[] = [];
      for (const f of new Set(manifest.findings.map((x) => x.file))) {
        const p = await client.waitForDiagnostics(pathToFileURL(join(dir, f)).href, () => true, 5000);
        for (const d of p.diagnostics) got.push(key(f, String(d.code), d.range.start.line + 1, d.range.start.character + 1));
      }
      assert.deepEqual(got.sort(), expected);
      // No file without planted findings got a non-empty diagnostics list.
      assert.deepEqual(client.urisWithDiagnostics().filter((u) => !manifest.findings.some((f) => u.endsWith(f.file))), []);
    } finally {
      await client.stop();
    }
  });
});
