// Issue 11 as an attacker or a new user meets it, through the real `hopcheck` process: scripts naming
// FIFOs and paths outside the checkout (item 1), symlink loops (item 2), a file too slow to analyse
// (item 3) and the preferred VBScript fix (item 6).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the schema ships as JSON inside the package
const SARIF_SCHEMA = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object;
const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const EXAMPLES = join(__dirname, '..', '..', 'examples');

function run(args: string[], cwd: string, timeout = 20000) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout });
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr };
}

const REMOTE = '$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName node1\n$c.EvictNode("node2")\n';
const INNER = 'Remove-ClusterNode -Name n2 -Force\n';
/** A remote WMI call (HOP001 on line 2) and then a script run in a remote session (HOP003 on line 3 when followed). */
const caller = (path: string) => `${REMOTE}Invoke-Command -ComputerName node1 -FilePath ${path}\n`;

interface JsonReport { findings: { file: string; code: string; line: number }[]; problems: { file: string; reason: string; incomplete?: boolean }[]; filesScanned: number }

describe('hopcheck command line: hardening (issue 11)', function () {
  this.timeout(60000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'hopcheck-h11-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('Invoke-Command -FilePath (item 1)', () => {
    let ws: string;
    before(() => {
      ws = join(dir, 'fp', 'ws');
      mkdirSync(join(ws, 'lib'), { recursive: true });
      mkdirSync(join(dir, 'fp', 'outside'));
      writeFileSync(join(dir, 'fp', 'outside', 'inner.ps1'), INNER);
      writeFileSync(join(ws, 'lib', 'inner.ps1'), INNER);
    });

    const json = (args: string[]) => {
      const r = run(['--format', 'json', ...args], join(dir, 'fp'));
      return { ...r, report: r.out ? JSON.parse(r.out) as JsonReport : undefined };
    };
    const codesIn = (report: JsonReport | undefined, file: string) =>
      report?.findings.filter((f) => f.file === file).map((f) => `${f.code} ${f.line}`);

    it('a -FilePath naming a FIFO does not hang: the caller is reported without following it', function () {
      if (process.platform === 'win32') this.skip();
      const fifoDir = join(ws, 'fifo');
      mkdirSync(fifoDir);
      spawnSync('mkfifo', [join(fifoDir, 'pipe.ps1')]);
      writeFileSync(join(fifoDir, 'caller.ps1'), caller('.\\pipe.ps1'));
      try {
        const r = json(['ws/fifo/caller.ps1']);
        assert.equal(r.signal, null, 'the run must finish (it hung on the FIFO)');
        assert.equal(r.code, 1, r.err);
        assert.deepEqual(codesIn(r.report, 'ws/fifo/caller.ps1'), ['HOP001 2']);
        assert.equal(r.report!.filesScanned, 1);
      } finally {
        rmSync(fifoDir, { recursive: true, force: true }); // the folder scans below must not meet the FIFO
      }
    });

    it('an absolute path is not followed', () => {
      writeFileSync(join(ws, 'absolute.ps1'), caller(`'${join(dir, 'fp', 'outside', 'inner.ps1')}'`));
      assert.deepEqual(codesIn(json(['ws/absolute.ps1']).report, 'ws/absolute.ps1'), ['HOP001 2']);
    });

    it('a .. path leaving the folder given on the command line is not followed, one inside it is', () => {
      writeFileSync(join(ws, 'escape.ps1'), caller('..\\outside\\inner.ps1'));
      writeFileSync(join(ws, 'top.ps1'), INNER);
      writeFileSync(join(ws, 'lib', 'up.ps1'), caller('..\\top.ps1'));
      const r = json(['ws']);
      assert.deepEqual(codesIn(r.report, 'ws/escape.ps1'), ['HOP001 2']);
      assert.deepEqual(codesIn(r.report, 'ws/lib/up.ps1'), ['HOP001 2', 'HOP003 3']);
      // Named directly, the file's own folder is the limit.
      assert.deepEqual(codesIn(json(['ws/lib/up.ps1']).report, 'ws/lib/up.ps1'), ['HOP001 2']);
    });

    it('a symlink pointing out of the folder is not followed', function () {
      if (process.platform === 'win32') this.skip();
      symlinkSync(join(dir, 'fp', 'outside', 'inner.ps1'), join(ws, 'link.ps1'));
      writeFileSync(join(ws, 'via-link.ps1'), caller('.\\link.ps1'));
      assert.deepEqual(codesIn(json(['ws']).report, 'ws/via-link.ps1'), ['HOP001 2']);
    });

    it('a good relative path is still followed', () => {
      writeFileSync(join(ws, 'good.ps1'), caller('.\\lib\\inner.ps1'));
      const r = json(['ws']);
      assert.deepEqual(codesIn(r.report, 'ws/good.ps1'), ['HOP001 2', 'HOP003 3']);
    });
  });

  describe('symlink loops (item 2)', () => {
    it('one loop (a/up -> ..): each finding once, exit 1 not 2', function () {
      if (process.platform === 'win32') this.skip();
      const root = join(dir, 'loop1');
      mkdirSync(join(root, 'a'), { recursive: true });
      writeFileSync(join(root, 'a', 'x.ps1'), REMOTE);
      symlinkSync('..', join(root, 'a', 'up'));
      const r = run(['--format', 'json', 'loop1'], dir);
      assert.equal(r.code, 1, r.err);
      const report = JSON.parse(r.out) as JsonReport;
      assert.deepEqual(report.findings.map((f) => `${f.file} ${f.code} ${f.line}`), ['loop1/a/x.ps1 HOP001 2']);
      assert.deepEqual(report.problems, []);
    });

    it('two loops, and two folders linking to each other, terminate', function () {
      if (process.platform === 'win32') this.skip();
      const root = join(dir, 'loop2');
      mkdirSync(join(root, 'a'), { recursive: true });
      mkdirSync(join(root, 'b'));
      writeFileSync(join(root, 'a', 'x.ps1'), REMOTE);
      writeFileSync(join(root, 'b', 'y.ps1'), REMOTE);
      symlinkSync('..', join(root, 'a', 'up'));
      symlinkSync('..', join(root, 'a', 'up2'));
      symlinkSync('../b', join(root, 'a', 'to-b'));
      symlinkSync('../a', join(root, 'b', 'to-a'));
      symlinkSync('x.ps1', join(root, 'a', 'same.ps1')); // a symlinked file: scanned once, by its real path
      const r = run(['--format', 'json', 'loop2'], dir);
      assert.equal(r.signal, null, 'the scan must terminate');
      assert.equal(r.code, 1, r.err);
      const report = JSON.parse(r.out) as JsonReport;
      assert.deepEqual(report.findings.map((f) => `${f.file} ${f.code}`), ['loop2/a/x.ps1 HOP001', 'loop2/b/y.ps1 HOP001']);
      assert.equal(report.filesScanned, 2);
    });
  });

  describe('a file not analysed in time (item 3)', () => {
    let big: string;
    before(() => {
      // An ordinary long script: the bundled examples, repeated up to 2 MB.
      const unit = readdirSync(join(EXAMPLES, 'powershell')).sort().map((f) => readFileSync(join(EXAMPLES, 'powershell', f), 'utf8')).join('\n');
      let text = '';
      while (text.length + unit.length < 2 * 1000 * 1000) text += unit + '\n';
      mkdirSync(join(dir, 'big'));
      big = join(dir, 'big', 'huge.ps1');
      writeFileSync(big, text);
      assert.ok(text.length > 1.9e6);
    });

    it('is reported in text, JSON and SARIF (level error), and exits 1 unless --allow-skipped', () => {
      const cwd = join(dir, 'big');
      const text = run(['--budget-ms', '1', 'huge.ps1'], cwd);
      assert.equal(text.code, 1, text.err);
      assert.match(text.out, /^huge\.ps1: error: not analysed: analysis took longer than 1 ms/m);
      assert.match(text.out, /1 file not analysed/);

      const json = run(['--budget-ms', '1', '--format', 'json', 'huge.ps1'], cwd);
      assert.equal(json.code, 1);
      const report = JSON.parse(json.out) as JsonReport;
      assert.deepEqual(report.problems, [{ file: 'huge.ps1', reason: 'skipped: analysis took longer than 1 ms', incomplete: true }]);

      const sarif = run(['--budget-ms', '1', '--format', 'sarif', 'huge.ps1'], cwd);
      assert.equal(sarif.code, 1);
      const log = JSON.parse(sarif.out);
      const inv = log.runs[0].invocations[0];
      assert.equal(inv.executionSuccessful, false);
      assert.equal(inv.toolExecutionNotifications.length, 1);
      assert.equal(inv.toolExecutionNotifications[0].level, 'error');
      assert.match(inv.toolExecutionNotifications[0].message.text, /huge\.ps1: .*longer than 1 ms/);
      const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false, validateFormats: false });
      assert.ok(ajv.validate(SARIF_SCHEMA, log), JSON.stringify(ajv.errors?.slice(0, 5), null, 2));

      const allowed = run(['--budget-ms', '1', '--allow-skipped', 'huge.ps1'], cwd);
      assert.equal(allowed.code, 0, allowed.err);
      assert.match(allowed.out, /not analysed/);
    });

    it('a skip for size stays a warning: it does not change the exit code', () => {
      const cwd = join(dir, 'big');
      writeFileSync(join(cwd, '.hopcheck.json'), JSON.stringify({ maxFileSizeKb: 100 }));
      try {
        const r = run(['--format', 'sarif', 'huge.ps1'], cwd);
        assert.equal(r.code, 0, r.err);
        assert.equal(JSON.parse(r.out).runs[0].invocations[0].toolExecutionNotifications[0].level, 'warning');
      } finally {
        rmSync(join(cwd, '.hopcheck.json'));
      }
    });
  });

  describe('--fix on VBScript (item 6)', () => {
    it('connects locally; never requests delegation', () => {
      const work = join(dir, 'vbfix');
      mkdirSync(work);
      const files = readdirSync(join(EXAMPLES, 'vbscript')).filter((f) => /\.(vbs|wsf|hta)$/.test(f));
      for (const f of files) copyFileSync(join(EXAMPLES, 'vbscript', f), join(work, f));
      const r = run(['--fix', '--fail-on', 'none', '.'], work);
      assert.equal(r.code, 0, r.err);
      assert.match(r.err, /applied \d+ fix/);
      for (const f of files) {
        const before = readFileSync(join(EXAMPLES, 'vbscript', f), 'utf8');
        const after = readFileSync(join(work, f), 'utf8');
        const delegations = (t: string) => (t.match(/impersonationLevel\s*=\s*delegate|ImpersonationLevel\s*=\s*4/gi) ?? []).length;
        assert.equal(delegations(after), delegations(before), `${f}: the fix added delegation:\n${after}`);
      }
    });
  });
});
