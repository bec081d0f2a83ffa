// The GitHub Action (action.yml) and the pre-commit hook (.pre-commit-hooks.yaml) as their users call
// them, against what `npm pack` ships: the action's `run:` steps are run with bash the way a runner runs
// a composite action's steps (inputs and github.action_path substituted, `bash --noprofile --norc -eo
// pipefail`), and the hook's entry is run on the files pre-commit would pass it.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { CATALOGUE } from '../../server/src/catalogue/index';
import { validateJunit } from '../helpers/junit-schema';

const ROOT = join(__dirname, '..', '..');

interface Step { name?: string; uses?: string; with?: Record<string, unknown>; run?: string; shell?: string; env?: Record<string, string>; 'working-directory'?: string }
interface Action { name: string; inputs: Record<string, { default?: string; required?: boolean }>; runs: { using: string; steps: Step[] } }
interface Hook { id: string; entry: string; language: string; files: string; types?: string[] }

const ACTION = load(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action;
const HOOKS = load(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];

const REMOTE = '$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName node1\n$c.EvictNode("node2")\n';
const UNKNOWN = 'param([string]$Server)\n(Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName $Server).AddNode("n3")\n';
const VBS = 'Set svc = GetObject("winmgmts:\\\\node1\\root\\MSCluster")\r\nSet clu = svc.Get("MSCluster_Cluster")\r\nclu.EvictNode "node2"\r\n';

describe('CI integrations, as users call them', function () {
  this.timeout(60000);
  let tmp: string;
  let pkg: string; // the npm package as installed: what `uses: hopcheck/hopcheck@v…` and pre-commit get, built
  let ws: string; // the user's repository

  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'hopcheck-ci-'));
    // dist/ is built by `npm test` before the tests; --ignore-scripts: do not rebuild it under our feet.
    const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(pack.status, 0, pack.stderr);
    const [{ filename }] = JSON.parse(pack.stdout) as { filename: string }[];
    const x = spawnSync('tar', ['xzf', join(tmp, filename), '-C', tmp], { encoding: 'utf8' });
    assert.equal(x.status, 0, x.stderr);
    pkg = join(tmp, 'package');
    for (const f of ['dist/cli.js', 'docs/rules/HOP001.md', 'schemas/hopcheck.schema.json']) assert.ok(existsSync(join(pkg, f)), `npm pack holds ${f}`);
    ws = join(tmp, 'repo');
    mkdirSync(join(ws, 'scripts', 'maint'), { recursive: true });
    writeFileSync(join(ws, 'scripts', 'remote.ps1'), REMOTE);
    writeFileSync(join(ws, 'scripts', 'unknown.ps1'), UNKNOWN);
    writeFileSync(join(ws, 'scripts', 'maint', 'Evict Node.VBS'), VBS);
    writeFileSync(join(ws, 'scripts', 'ok.ps1'), 'Get-ClusterNode -Cluster c1\n');
    writeFileSync(join(ws, '-dash.ps1'), REMOTE);
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  describe('action.yml', () => {
    /** Runs the composite action's `run:` steps in order, as a runner would, stopping at the first failure. */
    function runAction(inputs: Record<string, string>) {
      const values: Record<string, string> = {};
      for (const [k, v] of Object.entries(ACTION.inputs)) values[k] = inputs[k] ?? v.default ?? '';
      const expr = (s: string) => s.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, e: string) => {
        if (e === 'github.action_path') return pkg;
        const m = /^inputs\.([\w-]+)$/.exec(e);
        assert.ok(m && m[1] in values, `unknown expression ${e}`);
        return values[m[1]];
      });
      let out = '';
      for (const step of ACTION.runs.steps) {
        if (!step.run) continue;
        assert.equal(step.shell, 'bash');
        assert.ok(!step.run.includes('${{'), `step "${step.name}" pastes an expression into its script (script injection): use env`);
        const env = { ...process.env, GITHUB_ACTION_PATH: pkg, ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expr(String(v))])) };
        const cwd = step['working-directory'] ? expr(step['working-directory']) : ws;
        const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], { cwd, env, encoding: 'utf8' });
        out += r.stdout;
        if (r.status !== 0) return { code: r.status, out, err: r.stderr };
      }
      return { code: 0, out, err: '' };
    }
    const annotations = (out: string) => out.split('\n').filter((l) => /^::(error|warning|notice) /.test(l));

    it('is a composite action on Node 20 with inputs paths, fail-on, format, sarif-file, and uploads nothing', () => {
      assert.equal(ACTION.runs.using, 'composite');
      assert.deepEqual(Object.keys(ACTION.inputs), ['paths', 'fail-on', 'format', 'sarif-file']);
      const node = ACTION.runs.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
      assert.equal(String(node?.with?.['node-version']), '20');
      const uses = ACTION.runs.steps.filter((s) => s.uses).map((s) => s.uses!);
      assert.deepEqual(uses.filter((u) => !u.startsWith('actions/setup-node@')), [], 'no upload or other action: works on forks');
    });

    it('with the defaults: annotations for the whole repository, and the step fails on an error', () => {
      const r = runAction({});
      assert.equal(r.code, 1, r.err);
      const a = annotations(r.out);
      assert.ok(a.some((l) => l.startsWith('::error file=scripts/remote.ps1,line=2,col=4,')), r.out);
      assert.ok(a.some((l) => l.startsWith('::error file=scripts/maint/Evict Node.VBS,line=3,')), r.out);
      assert.ok(a.some((l) => l.startsWith('::warning file=scripts/unknown.ps1,')), r.out);
    });

    it('paths (new lines and spaces), fail-on and format are passed through; a path may start with -', () => {
      const onlyWarn = runAction({ paths: 'scripts/ok.ps1\nscripts/unknown.ps1' });
      assert.equal(onlyWarn.code, 0, 'a warning is below fail-on: error');
      assert.equal(annotations(onlyWarn.out).length, 1);
      assert.equal(runAction({ paths: 'scripts/ok.ps1 scripts/unknown.ps1', 'fail-on': 'warning' }).code, 1);
      const dash = runAction({ paths: '-dash.ps1', format: 'text' });
      assert.equal(dash.code, 1, dash.err);
      assert.match(dash.out, /^-dash\.ps1:2:4: error HOP001/m);
      const junit = runAction({ paths: 'scripts', format: 'junit', 'fail-on': 'none' });
      assert.equal(junit.code, 0);
      assert.equal(validateJunit(junit.out).suites.length, 4);
    });

    it('sarif-file writes SARIF for upload-sarif, and the step still fails by fail-on', () => {
      const r = runAction({ paths: 'scripts', 'sarif-file': 'hopcheck.sarif' });
      assert.equal(r.code, 1);
      const sarif = JSON.parse(readFileSync(join(ws, 'hopcheck.sarif'), 'utf8'));
      assert.equal(sarif.version, '2.1.0');
      assert.equal(sarif.runs[0].results.length, 3);
      assert.ok(sarif.runs[0].tool.driver.rules[0].help.markdown.startsWith('# HOP001'));
      assert.ok(annotations(r.out).length >= 3, 'the log still has the annotations');
      rmSync(join(ws, 'hopcheck.sarif'));
    });

    it('inputs are data, not shell: no globbing, no command substitution', () => {
      const r = runAction({ paths: '$(touch pwned) `touch pwned2` *.ps1', format: 'text' });
      assert.equal(r.code, 2, 'the words are paths that do not exist: a usage error');
      assert.ok(!existsSync(join(ws, 'pwned')) && !existsSync(join(ws, 'pwned2')));
      assert.match(r.err, /\*\.ps1/);
      // a glob alone would match -dash.ps1 (a finding, exit 1) if the shell expanded it
      const glob = runAction({ paths: '*.ps1', format: 'text' });
      assert.equal(glob.code, 2, glob.out);
      assert.match(glob.err, /\*\.ps1/);
    });

    it("README's workflow example uses the action's inputs and uploads with codeql-action/upload-sarif", () => {
      const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
      const yml = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => load(m[1]) as { jobs?: Record<string, { steps: Step[] }> }).find((d) => d?.jobs);
      assert.ok(yml, 'a workflow in the README');
      const steps = Object.values(yml.jobs!)[0].steps;
      const ours = steps.find((s) => s.uses?.startsWith('hopcheck/hopcheck@'));
      assert.ok(ours, 'uses the action');
      for (const k of Object.keys(ours.with ?? {})) assert.ok(k in ACTION.inputs, `README uses an input the action lacks: ${k}`);
      const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
      assert.equal(upload?.with?.sarif_file, ours.with?.['sarif-file']);
    });
  });

  describe('.pre-commit-hooks.yaml', () => {
    const hook = HOOKS.find((h) => h.id === 'hopcheck')!;
    const filesRe = () => {
      // pre-commit's patterns are Python regexes; (?i) at the start is the one flag used.
      const m = /^\(\?i\)(.*)$/.exec(hook.files);
      assert.ok(m, 'case-insensitive: Windows scripts come as .PS1 too');
      return new RegExp(m[1], 'i');
    };

    it('is a node hook whose entry is the package\'s hopcheck command', () => {
      assert.equal(hook.language, 'node');
      assert.equal(hook.entry, 'hopcheck');
      const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
      assert.ok(manifest.bin[hook.entry], 'the entry is a bin of the package');
    });

    it("its files pattern matches exactly the catalogue's extensions", () => {
      const re = filesRe();
      for (const { extension } of CATALOGUE.files) {
        assert.ok(re.test(`scripts/a${extension}`), extension);
        assert.ok(re.test(`A${extension.toUpperCase()}`), extension.toUpperCase());
        assert.ok(!re.test(`a${extension}.bak`), `${extension}.bak`);
      }
      for (const other of ['a.txt', 'a.vb', 'a.ps', 'ps1', 'a.ps1x', 'a.json']) assert.ok(!re.test(other), other);
      const alternatives = /\(([^()]+)\)\$$/.exec(hook.files)![1].split('|').sort();
      assert.deepEqual(alternatives, CATALOGUE.files.map((f) => f.extension.slice(1)).sort());
    });

    it('the entry, run on the staged files pre-commit passes, fails on a finding and passes on clean files', () => {
      const staged = ['scripts/remote.ps1', 'scripts/maint/Evict Node.VBS', 'scripts/ok.ps1', 'README.md'].filter((f) => filesRe().test(f));
      assert.deepEqual(staged, ['scripts/remote.ps1', 'scripts/maint/Evict Node.VBS', 'scripts/ok.ps1']);
      const bin = join(pkg, JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).bin[hook.entry]);
      // executed as the shim runs it: the file itself (its #!/usr/bin/env node line), no node_modules around it
      const r = spawnSync(bin, staged, { cwd: ws, encoding: 'utf8' });
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stdout, /^scripts\/remote\.ps1:2:4: error HOP001/m);
      assert.match(r.stdout, /^scripts\/maint\/Evict Node\.VBS:3:\d+: error HOP001/m);
      const clean = spawnSync(bin, ['scripts/ok.ps1'], { cwd: ws, encoding: 'utf8' });
      assert.equal(clean.status, 0, clean.stdout + clean.stderr);
    });
  });
});
