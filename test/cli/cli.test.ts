// The `hopcheck` command as CI runs it: a real process, its output formats and exit codes.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the schema ships as JSON inside the package
const SARIF_SCHEMA = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object;

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const REMOTE = '$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName node1\r\n$c.EvictNode("node2")\r\n';
const UNKNOWN = 'param([string]$Server)\n(Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName $Server).AddNode("n3")\n';
const LOCAL = '$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster\n$c.EvictNode("node2")\n';

describe('hopcheck command line', function () {
  this.timeout(30000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'hopcheck-cli-'));
    mkdirSync(join(dir, 'scripts', 'node_modules'), { recursive: true });
    writeFileSync(join(dir, 'scripts', 'remote.ps1'), REMOTE);
    writeFileSync(join(dir, 'scripts', 'unknown.ps1'), UNKNOWN);
    writeFileSync(join(dir, 'scripts', 'local.ps1'), LOCAL);
    writeFileSync(join(dir, 'scripts', 'readme.txt'), REMOTE);
    writeFileSync(join(dir, 'scripts', 'node_modules', 'vendored.ps1'), REMOTE);
    writeFileSync(join(dir, 'scripts', 'blob.ps1'), Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]));
    // UTF-16LE with BOM, as Windows PowerShell ISE saves scripts.
    writeFileSync(join(dir, 'scripts', 'utf16.ps1'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(REMOTE, 'utf16le')]));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints path:line:col: severity CODE message and exits 1 on an error', () => {
    const r = run(['scripts/remote.ps1'], dir);
    assert.equal(r.code, 1, r.err);
    const lines = r.out.trim().split('\n');
    assert.match(lines[0], /^scripts\/remote\.ps1:2:4: error HOP001 EvictNode over a remote WMI connection to 'node1'/);
    assert.match(lines.at(-1)!, /1 finding/);
  });

  it('exits 0 for a clean file, and for warnings unless --fail-on warning', () => {
    assert.equal(run(['scripts/local.ps1'], dir).code, 0);
    const w = run(['scripts/unknown.ps1'], dir);
    assert.equal(w.code, 0);
    assert.match(w.out, /unknown\.ps1:2:.*warning HOP002/);
    assert.equal(run(['--fail-on', 'warning', 'scripts/unknown.ps1'], dir).code, 1);
    assert.equal(run(['--fail-on=none', 'scripts/remote.ps1'], dir).code, 0);
  });

  it('scans folders recursively, skips node_modules, other extensions and binary files, decodes UTF-16', () => {
    const r = run(['--format', 'json', 'scripts'], dir);
    assert.equal(r.code, 1);
    const j = JSON.parse(r.out);
    const files = [...new Set(j.findings.map((f: { file: string }) => f.file))].sort();
    assert.deepEqual(files, ['scripts/remote.ps1', 'scripts/unknown.ps1', 'scripts/utf16.ps1']);
    assert.equal(j.filesScanned, 4);
    assert.ok(j.problems.some((p: { file: string; reason: string }) => p.file === 'scripts/blob.ps1' && /binary/.test(p.reason)));
    const utf16 = j.findings.find((f: { file: string }) => f.file === 'scripts/utf16.ps1');
    assert.deepEqual([utf16.code, utf16.line, utf16.column], ["HOP001", 2, 4]);
    assert.match(r.err, /blob\.ps1: skipped: binary/);
  });

  it('writes SARIF 2.1.0 with rules, 1-based regions and the trace', () => {
    const r = run(['--format', 'sarif', 'scripts/remote.ps1', 'scripts/unknown.ps1'], dir);
    assert.equal(r.code, 1);
    const s = JSON.parse(r.out);
    assert.equal(s.version, '2.1.0');
    assert.match(s.$schema, /sarif-2\.1\.0/);
    const run0 = s.runs[0];
    assert.equal(run0.tool.driver.name, 'hopcheck');
    assert.deepEqual(run0.tool.driver.rules.map((x: { id: string }) => x.id), ['HOP001', 'HOP002', 'HOP003', 'HOP004', 'HOP005', 'HOP006']);
    for (const rule of run0.tool.driver.rules) {
      assert.ok(rule.shortDescription.text.length > 10);
      assert.match(rule.helpUri, new RegExp(`${rule.id}\\.md$`));
    }
    const [a, b] = run0.results;
    assert.equal(a.ruleId, 'HOP001');
    assert.equal(a.level, 'error');
    assert.equal(run0.tool.driver.rules[a.ruleIndex].id, 'HOP001');
    assert.equal(a.locations[0].physicalLocation.artifactLocation.uri, 'scripts/remote.ps1');
    assert.deepEqual(a.locations[0].physicalLocation.region, { startLine: 2, startColumn: 4, endLine: 2, endColumn: 13 });
    assert.ok(a.relatedLocations.length >= 2);
    assert.ok(a.relatedLocations.every((l: { physicalLocation: { region: { startLine: number } } }) => l.physicalLocation.region.startLine >= 1));
    assert.equal(b.ruleId, 'HOP002');
    assert.equal(b.level, 'warning');
    assert.equal(b.locations[0].physicalLocation.region.startLine, 2);
  });

  it('SARIF validates against the official SARIF 2.1.0 JSON schema', () => {
    const r = run(['--format', 'sarif', 'scripts'], dir);
    const sarif = JSON.parse(r.out) as { runs: { results: unknown[]; tool: { driver: { name?: string } } }[] };
    // The schema is draft-04 and uses a pattern that is not valid in Unicode mode.
    const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false, validateFormats: false });
    const validate = ajv.compile(SARIF_SCHEMA);
    assert.ok(validate(JSON.parse(r.out)), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    assert.ok(sarif.runs[0].results.length >= 3);
    // A broken log must fail the same check (the check can fail).
    delete sarif.runs[0].tool.driver.name;
    assert.equal(validate(JSON.parse(JSON.stringify(sarif))), false);
  });

  it('exits 2 on usage errors and missing paths', () => {
    const u = run(['--format', 'xml', 'scripts'], dir);
    assert.equal(u.code, 2);
    assert.match(u.err, /--format must be text, json, sarif, github or junit/);
    assert.equal(run(['--bogus'], dir).code, 2);
    const m = run(['does-not-exist'], dir);
    assert.equal(m.code, 2);
    assert.match(m.err, /does-not-exist: no such file or folder/);
  });

  it('reads .hopcheck.json: severity off and localNames', () => {
    const cfgDir = mkdtempSync(join(tmpdir(), 'hopcheck-cfg-'));
    try {
      writeFileSync(join(cfgDir, 'a.ps1'), REMOTE);
      writeFileSync(join(cfgDir, '.hopcheck.json'), JSON.stringify({ localNames: ['node1'] }));
      assert.equal(run(['a.ps1'], cfgDir).code, 0);
      writeFileSync(join(cfgDir, '.hopcheck.json'), JSON.stringify({ severity: { HOP001: 'off' } }));
      assert.match(run(['a.ps1'], cfgDir).out, /no findings/);
      writeFileSync(join(cfgDir, 'other.json'), JSON.stringify({ severity: { HOP001: 'warning' } }));
      const r = run(['--config', 'other.json', 'a.ps1'], cfgDir);
      assert.equal(r.code, 0);
      assert.match(r.out, /warning HOP001/);
      writeFileSync(join(cfgDir, 'broken.json'), '{ not json');
      assert.equal(run(['--config', 'broken.json', 'a.ps1'], cfgDir).code, 2);
    } finally {
      rmSync(cfgDir, { recursive: true, force: true });
    }
  });

  it('--fix rewrites UTF-16LE/CRLF and Windows-1252 files byte-exactly apart from the edit', () => {
    const fixDir = mkdtempSync(join(tmpdir(), 'hopcheck-fix-'));
    try {
      // UTF-16LE with BOM and CRLF, with a non-ASCII comment that must survive.
      const before16 = '# Ünïcødé ✓\r\n' + REMOTE;
      const after16 = '# Ünïcødé ✓\r\n$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName node1\r\nRemove-ClusterNode -Cluster node1 -Name "node2" -Force\r\n';
      const bom16 = Buffer.from([0xff, 0xfe]);
      writeFileSync(join(fixDir, 'u16.ps1'), Buffer.concat([bom16, Buffer.from(before16, 'utf16le')]));
      // Windows-1252 with smart quotes (0x93/0x94) and a euro sign (0x80) in a comment.
      const head1252 = Buffer.from([0x23, 0x20, 0x93, 0x80, 0x35, 0x94, 0x0a]);
      const body = Buffer.from('$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName node1\n$c.AddNode("n3")\n', 'latin1');
      writeFileSync(join(fixDir, 'w1252.ps1'), Buffer.concat([head1252, body]));
      const r = run(['--fix', '.'], fixDir);
      assert.equal(r.code, 0, r.out + r.err);
      assert.match(r.err, /u16\.ps1: applied 1 fix/);
      assert.match(r.out, /no findings/);
      assert.deepEqual(readFileSync(join(fixDir, 'u16.ps1')), Buffer.concat([bom16, Buffer.from(after16, 'utf16le')]));
      const expected1252 = Buffer.concat([head1252, Buffer.from('$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName node1\nAdd-ClusterNode -Cluster node1 -Name "n3"\n', 'latin1')]);
      assert.deepEqual(readFileSync(join(fixDir, 'w1252.ps1')), expected1252);
    } finally {
      rmSync(fixDir, { recursive: true, force: true });
    }
  });

  it('reads UTF-16LE without a BOM and UTF-32BE with one, and --fix writes them back the same way', () => {
    const fixDir = mkdtempSync(join(tmpdir(), 'hopcheck-fix-'));
    try {
      const after = '$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName node1\r\nRemove-ClusterNode -Cluster node1 -Name "node2" -Force\r\n';
      const u32be = (t: string) => {
        const cps = [0xfeff, ...[...t].map((c) => c.codePointAt(0)!)];
        const b = Buffer.alloc(cps.length * 4);
        cps.forEach((cp, i) => b.writeUInt32BE(cp, i * 4));
        return b;
      };
      writeFileSync(join(fixDir, 'nobom.ps1'), Buffer.from(REMOTE, 'utf16le'));
      writeFileSync(join(fixDir, 'u32.ps1'), u32be(REMOTE));
      const check = run(['--format', 'json', '.'], fixDir);
      const j = JSON.parse(check.out);
      assert.deepEqual(j.findings.map((f: { file: string; code: string }) => `${f.file} ${f.code}`).sort(), ['nobom.ps1 HOP001', 'u32.ps1 HOP001']);
      const r = run(['--fix', '.'], fixDir);
      assert.equal(r.code, 0, r.out + r.err);
      assert.deepEqual(readFileSync(join(fixDir, 'nobom.ps1')), Buffer.from(after, 'utf16le'));
      assert.deepEqual(readFileSync(join(fixDir, 'u32.ps1')), u32be(after));
    } finally {
      rmSync(fixDir, { recursive: true, force: true });
    }
  });

  it('--fix leaves a file alone when it cannot be written back without loss', () => {
    const fixDir = mkdtempSync(join(tmpdir(), 'hopcheck-fix-'));
    try {
      // UTF-16LE with a lone surrogate: decoding replaces it, so the bytes would not survive.
      const bad = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(REMOTE, 'utf16le'), Buffer.from([0x00, 0xd8])]);
      writeFileSync(join(fixDir, 'bad.ps1'), bad);
      const r = run(['--fix', 'bad.ps1'], fixDir);
      assert.equal(r.code, 1);
      assert.match(r.err, /bad\.ps1: not fixed: its utf16le text cannot be written back byte for byte/);
      assert.deepEqual(readFileSync(join(fixDir, 'bad.ps1')), bad);
    } finally {
      rmSync(fixDir, { recursive: true, force: true });
    }
  });

  it('reports VBScript and the VBScript blocks of .wsf files, with positions in the file', () => {
    const vbDir = mkdtempSync(join(tmpdir(), 'hopcheck-vbs-'));
    try {
      writeFileSync(join(vbDir, 'evict.vbs'), 'Set svc = GetObject("winmgmts:\\\\node1\\root\\MSCluster")\r\nsvc.Get("MSCluster_Cluster").EvictNode "n2"\r\n');
      writeFileSync(join(vbDir, 'job.wsf'), '<job>\n<script language="JScript">var a;</script>\n<script language="VBScript">\nSet svc = GetObject("winmgmts:\\\\node1\\root\\MSCluster")\nsvc.Get("MSCluster_Cluster").AddNode "n3"\n</script>\n</job>\n');
      const r = run(['.'], vbDir);
      assert.equal(r.code, 1);
      assert.match(r.out, /^evict\.vbs:2:30: error HOP001 EvictNode over a remote WMI connection to 'node1'/m);
      assert.match(r.out, /^job\.wsf:5:30: error HOP001 AddNode over a remote WMI connection to 'node1'/m);
    } finally {
      rmSync(vbDir, { recursive: true, force: true });
    }
  });

  it('prints help and version', () => {
    const h = run(['--help'], dir);
    assert.equal(h.code, 0);
    assert.match(h.out, /Usage: hopcheck/);
    assert.match(run(['--version'], dir).out, /^\d+\.\d+\.\d+/);
  });
});
