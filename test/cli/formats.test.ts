// The output formats CI systems and people read: GitHub workflow commands, JUnit XML (Azure DevOps and
// Jenkins), SARIF with the rule pages, and the terminal form of the text output; each as the real
// `dist/cli.js` prints it, checked against its consumer's documented syntax.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import AjvDraft04 from 'ajv-draft-04';
import { CATALOGUE } from '../../server/src/catalogue/index';
import { escapeData, escapeProperty } from '../../server/src/output/github';
import { validateJunit } from '../helpers/junit-schema';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the schema ships as JSON inside the package
const SARIF_SCHEMA = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object;
const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

function run(args: string[], cwd: string, env: Record<string, string | undefined> = {}) {
  const e = { ...process.env, ...env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete e[k];
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: e });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const REMOTE = '$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName node1\n\t$c.EvictNode("node2")\n';
// A message with every character workflow commands escape: the target is a name with `%`, `,` and `:`.
const ODD = '$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName "n%1,a:b"\n$c.AddNode("x")\n';
const UNKNOWN = 'param([string]$Server)\n(Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName $Server).AddNode("n3")\n';
const CLEAN = 'Get-Process\n';

/** `::cmd k=v,k=v::message` as GitHub documents workflow commands, with its escapes undone. */
function parseCommand(line: string): { cmd: string; props: Record<string, string>; message: string } | undefined {
  const m = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!m) return undefined;
  const unescape = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const props: Record<string, string> = {};
  for (const kv of (m[2] ?? '').split(',')) {
    const eq = kv.indexOf('=');
    assert.ok(eq > 0, `property without '=': ${kv} in ${line}`);
    props[kv.slice(0, eq)] = unescape(kv.slice(eq + 1));
  }
  return { cmd: m[1], props, message: unescape(m[3]) };
}

describe('output formats', function () {
  this.timeout(30000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'hopcheck-formats-'));
    mkdirSync(join(dir, 'scripts', 'sub dir'), { recursive: true });
    writeFileSync(join(dir, 'scripts', 'remote.ps1'), REMOTE);
    writeFileSync(join(dir, 'scripts', 'sub dir', 'odd,name.ps1'), ODD);
    writeFileSync(join(dir, 'scripts', 'unknown.ps1'), UNKNOWN);
    writeFileSync(join(dir, 'scripts', 'clean.ps1'), CLEAN);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('--format github', () => {
    it('escapes as GitHub documents: % CR LF in the message, and : , in properties too', () => {
      assert.equal(escapeData('50% a\r\nb: c,d'), '50%25 a%0D%0Ab: c,d');
      assert.equal(escapeProperty('50% a\r\nb: c,d'), '50%25 a%0D%0Ab%3A c%2Cd');
    });

    it('prints one workflow command per finding, with file, line, col, endLine, endColumn and title', () => {
      const r = run(['--format', 'github', 'scripts'], dir);
      assert.equal(r.code, 1, r.err);
      const lines = r.out.trimEnd().split('\n');
      const commands = lines.map(parseCommand);
      const parsed = commands.filter((c) => c !== undefined);
      assert.equal(parsed.length, 3, r.out);
      // every line is either a command or the final summary, and a command is one line
      assert.deepEqual(commands.map((c, i) => c ? 'cmd' : lines[i].startsWith('hopcheck: ') ? 'summary' : lines[i]), ['cmd', 'cmd', 'cmd', 'summary']);
      const evict = parsed.find((c) => c.props.file === 'scripts/remote.ps1')!;
      assert.equal(evict.cmd, 'error');
      assert.deepEqual({ ...evict.props, title: undefined }, { file: 'scripts/remote.ps1', line: '2', col: '5', endLine: '2', endColumn: '14', title: undefined });
      assert.equal(evict.props.title, `HOP001: ${CATALOGUE.rules.find((x) => x.code === 'HOP001')!.short}`);
      assert.match(evict.message, /^EvictNode over a remote WMI connection to 'node1'/);
      assert.match(evict.message, /\nscripts\/remote\.ps1:1:\d+: .*opened here/, 'the trace follows on new lines');
      const warn = parsed.find((c) => c.props.file === 'scripts/unknown.ps1')!;
      assert.equal(warn.cmd, 'warning');
      // the file name with ',' and the target with '%', ',' and ':' survive the round trip
      const odd = parsed.find((c) => c.props.file === 'scripts/sub dir/odd,name.ps1');
      assert.ok(odd, `no annotation for the odd file name: ${r.out}`);
      assert.match(odd.message, /'n%1,a:b'/);
      assert.ok(!/[\r]/.test(r.out.replace(/\r?\n/g, '')), 'no raw CR in the output');
    });

    it('annotates a file that could not be analysed as an error', () => {
      const deep = `$x = ${'('.repeat(5000)}1${')'.repeat(5000)}\n${REMOTE}`;
      writeFileSync(join(dir, 'deep.ps1'), deep);
      try {
        const r = run(['--format', 'github', '--budget-ms', '1', 'deep.ps1'], dir);
        const cmds = r.out.split('\n').map(parseCommand).filter((c) => c !== undefined);
        // either it was analysed (a finding) or it says it was not: never silence
        assert.ok(cmds.some((c) => c.props.file === 'deep.ps1'), r.out + r.err);
      } finally {
        rmSync(join(dir, 'deep.ps1'));
      }
    });
  });

  describe('--format junit', () => {
    it('is JUnit XML as Jenkins and Azure DevOps read it: a testsuite per file, a testcase per finding', () => {
      const r = run(['--format', 'junit', 'scripts'], dir);
      assert.equal(r.code, 1, r.err);
      const doc = validateJunit(r.out);
      assert.deepEqual(doc.suites.map((s) => s.name).sort(), ['scripts/clean.ps1', 'scripts/remote.ps1', 'scripts/sub dir/odd,name.ps1', 'scripts/unknown.ps1']);
      const remote = doc.suites.find((s) => s.name === 'scripts/remote.ps1')!;
      assert.equal(remote.cases.length, 1);
      assert.equal(remote.cases[0].outcome, 'failure');
      assert.match(remote.cases[0].name, /^HOP001 line 2:5/);
      assert.match(remote.cases[0].text, /EvictNode over a remote WMI connection to 'node1'/, 'entities decoded back to the message');
      const clean = doc.suites.find((s) => s.name === 'scripts/clean.ps1')!;
      assert.deepEqual(clean.cases.map((c) => c.outcome), ['passed']);
      // a warning is below the default --fail-on error: reported, not failed
      assert.deepEqual(doc.suites.find((s) => s.name === 'scripts/unknown.ps1')!.cases.map((c) => c.outcome), ['passed']);
      assert.equal(doc.failures, 2);
      assert.equal(doc.tests, 4);
      const strict = validateJunit(run(['--format', 'junit', '--fail-on', 'warning', 'scripts'], dir).out);
      assert.equal(strict.failures, 3);
    });

    it('the structural validator rejects what the schema rejects', () => {
      assert.throws(() => validateJunit('<testsuites><testsuite tests="1"><testcase name="a"/></testsuite></testsuites>'), /testsuite.*name/);
      assert.throws(() => validateJunit('<testsuites><testsuite name="a" tests="1"><testcase/></testsuite></testsuites>'), /testcase.*name/);
      assert.throws(() => validateJunit('<testsuites><testsuite name="a" tests="1"><testcase name="a"><failure message="x" type="t">a < b</failure></testcase></testsuite></testsuites>'), /not well-formed|</);
      assert.throws(() => validateJunit('<testsuites><testsuite name="a" tests="2"><testcase name="a"/></testsuite></testsuites>'), /tests=2 but 1/);
      assert.throws(() => validateJunit('<testsuites><testsuite name="a" tests="1"><testcase name="a" file="x"/></testsuite></testsuites>'), /attribute file/);
      assert.throws(() => validateJunit('<testsuites><testsuite name="a" tests="1"><bogus/></testsuite></testsuites>'), /bogus/);
    });
  });

  describe('SARIF', () => {
    it('carries each rule\'s page as help (text and markdown) and its "What it finds" as fullDescription', () => {
      const r = run(['--format', 'sarif', 'scripts/remote.ps1'], dir);
      const s = JSON.parse(r.out) as { runs: { tool: { driver: { rules: unknown } } }[] };
      const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false, validateFormats: false });
      assert.ok(ajv.validate(SARIF_SCHEMA, s), ajv.errorsText());
      const rules = s.runs[0].tool.driver.rules as { id: string; help: { text: string; markdown: string }; fullDescription: { text: string; markdown: string }; helpUri: string }[];
      assert.deepEqual(rules.map((x) => x.id), CATALOGUE.rules.map((x) => x.code));
      for (const rule of rules) {
        const page = readFileSync(join(ROOT, 'docs', 'rules', `${rule.id}.md`), 'utf8').replace(/\r\n/g, '\n');
        assert.equal(rule.help.markdown, page);
        assert.ok(!rule.help.text.includes('**') && !/^## /m.test(rule.help.text) && /^What it finds$/m.test(rule.help.text), `${rule.id} help.text is plain text`);
        // code blocks keep their lines (a PowerShell comment is not a heading)
        const codeLine = /^```[^\n]*\n([^\n]+)/m.exec(page)?.[1];
        if (codeLine) assert.ok(rule.help.text.includes(codeLine), `${rule.id} help.text keeps ${codeLine}`);
        assert.ok(rule.fullDescription.markdown.length > 100 && page.includes(rule.fullDescription.markdown), `${rule.id} fullDescription`);
        // the default link is the installed package's page, a file that exists
        assert.equal(rule.helpUri, pathToFileURL(join(ROOT, 'docs', 'rules', `${rule.id}.md`)).href);
      }
    });

    it('--docs-url and docsBaseUrl in .hopcheck.json set the rule links', () => {
      const s = JSON.parse(run(['--format', 'sarif', '--docs-url', 'https://wiki.example/hopcheck', 'scripts/remote.ps1'], dir).out);
      assert.equal(s.runs[0].tool.driver.rules[0].helpUri, 'https://wiki.example/hopcheck/HOP001.md');
      writeFileSync(join(dir, 'docs.json'), '{ "docsBaseUrl": "https://intra.example/rules/" }');
      const t = JSON.parse(run(['--format', 'sarif', '--config', 'docs.json', 'scripts/remote.ps1'], dir).out);
      assert.equal(t.runs[0].tool.driver.rules[1].helpUri, 'https://intra.example/rules/HOP002.md');
      const bad = run(['--docs-url', 'javascript:alert(1)', 'scripts/remote.ps1'], dir);
      assert.equal(bad.code, 2);
      assert.match(bad.err, /--docs-url must be an http:, https: or file: URL/);
    });
  });

  describe('text for a terminal', () => {
    const ESC = /\x1b\[/;

    it('groups by file with the source line and a caret under the call, and a table by rule', () => {
      const r = run(['--pretty', 'scripts'], dir, { NO_COLOR: '1', FORCE_COLOR: undefined });
      assert.equal(r.code, 1);
      assert.ok(!ESC.test(r.out), 'NO_COLOR: no escape sequences');
      const lines = r.out.split('\n');
      const header = lines.indexOf('scripts/remote.ps1');
      assert.ok(header >= 0, r.out);
      const src = lines.findIndex((l, i) => i > header && /^\s+2 \| {5}\$c\.EvictNode\("node2"\)$/.test(l));
      assert.ok(src > header, `the source line (tab as 4 spaces) follows the file header:\n${r.out}`);
      // the caret sits under EvictNode: same column, as long as the name
      const caret = lines[src + 1];
      assert.equal(caret.indexOf('^'), lines[src].indexOf('EvictNode'));
      assert.equal(caret.trim().replace(/^\|\s*/, ''), '^'.repeat('EvictNode'.length));
      assert.ok(lines.some((l) => /--> scripts\/remote\.ps1:2:5$/.test(l)));
      assert.ok(lines.some((l) => l.includes(`see ${pathToFileURL(join(ROOT, 'docs', 'rules', 'HOP001.md')).href}`)));
      // one header per file, findings of a file under it
      assert.equal(lines.filter((l) => l === 'scripts/remote.ps1').length, 1);
      const table = lines.findIndex((l) => /^rule\s+severity\s+findings\s+files\s+description$/.test(l));
      assert.ok(table > src, r.out);
      assert.match(lines[table + 1], /^HOP001\s+error\s+2\s+2\s+Cluster method over a remote WMI/);
      assert.match(lines[table + 2], /^HOP002\s+warning\s+1\s+1\s+/);
      assert.match(lines.at(-2)!, /^hopcheck: 3 findings \(2 errors, 1 warning, 0 notes\) in 3 of 4 files$/);
    });

    it('colours with --color always and FORCE_COLOR, never with NO_COLOR or when piped', () => {
      assert.ok(ESC.test(run(['--pretty', '--color', 'always', 'scripts/remote.ps1'], dir, { NO_COLOR: '1' }).out));
      assert.ok(ESC.test(run(['--pretty', 'scripts/remote.ps1'], dir, { FORCE_COLOR: '1', NO_COLOR: undefined }).out));
      assert.ok(!ESC.test(run(['--pretty', 'scripts/remote.ps1'], dir, { FORCE_COLOR: undefined, NO_COLOR: undefined }).out), 'piped: auto is off');
      assert.ok(!ESC.test(run(['--pretty', '--no-color', 'scripts/remote.ps1'], dir, { FORCE_COLOR: '1' }).out));
      const coloured = run(['--pretty', '--color=always', 'scripts/remote.ps1'], dir).out;
      assert.match(coloured, /\x1b\[1m\x1b\[31merror\x1b\[39m\x1b\[22m/, 'error in bold red');
    });

    it('piped, it is the one-line form (what problem matchers and grep read), with the table before the summary', () => {
      const r = run(['scripts'], dir, { FORCE_COLOR: undefined, NO_COLOR: undefined });
      const lines = r.out.trimEnd().split('\n');
      assert.match(lines[0], /^scripts\/remote\.ps1:2:5: error HOP001 EvictNode/);
      assert.ok(!lines.some((l) => /^\s+\d+ \|/.test(l)), 'no source excerpts when piped');
      assert.ok(lines.some((l) => /^rule\s+severity/.test(l)));
      assert.match(lines.at(-1)!, /^hopcheck: 3 findings/);
      // a line that is none of ours never looks like a finding to a matcher
      const findingLines = lines.filter((l) => /^[^\s:]+(?: [^:]+)?:\d+:\d+: /.test(l));
      assert.equal(findingLines.length, 3);
    });

    it('keeps a script\'s escape sequences off the terminal and cuts a long line around the call', () => {
      const long = `$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName node1\n$pad = '${'x'.repeat(300)}\x1b[2J'; $c.EvictNode("n")\n`;
      writeFileSync(join(dir, 'long.ps1'), long);
      try {
        const r = run(['--pretty', 'long.ps1'], dir, { NO_COLOR: '1' });
        assert.ok(!ESC.test(r.out), 'the script\'s ESC is not printed');
        const src = r.out.split('\n').find((l) => /^\s+2 \| /.test(l))!;
        assert.ok(src.length < 150, `cut: ${src.length} characters`);
        assert.match(src, /\.\.\..*EvictNode/);
      } finally {
        rmSync(join(dir, 'long.ps1'));
      }
    });
  });
});
