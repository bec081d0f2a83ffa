// The catalogue (server/src/catalogue) is the one place that names methods, commands, file kinds and
// rules. These checks keep what cannot import it (package.json, the rule pages) in step with it, keep
// its entries consistent with each other, and keep its test-only hook out of production code.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CATALOGUE as DATA, type Catalogue } from '../../server/src/catalogue/index';

/** The catalogue as code reads it (the literal types of its `as const` data get in the way here). */
const CATALOGUE: Catalogue = DATA;
import { FILE_GLOB, INCLUDE_GLOBS, commandNamedLower } from '../../server/src/catalogue/derive';
import { commandSpec, resolveParam } from '../../server/src/facts/powershell/commands';
import { DEFAULT_SETTINGS } from '../../server/src/core/config';
import { kindOf } from '../../server/src/core/language';
import { RULES } from '../../server/src/rules/index';
import { ruleDocUrl } from '../../server/src/output/rule-docs';

const ROOT = join(__dirname, '..', '..');

interface Manifest {
  activationEvents: string[];
  contributes: { configuration: { properties: Record<string, { default?: unknown; properties?: Record<string, unknown>; markdownDescription?: string }> } };
}
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
const settings = manifest.contributes.configuration.properties;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

describe('catalogue: package.json agrees with it', () => {
  it('activationEvents: the VS Code language ids, then every scanned extension', () => {
    const expected = [
      ...CATALOGUE.editorLanguages.filter((l) => l.vscode).map((l) => `onLanguage:${l.id}`),
      ...CATALOGUE.files.map((f) => `workspaceContains:**/*${f.extension}`),
    ];
    assert.deepEqual(manifest.activationEvents, expected);
  });

  it('hopcheck.include defaults to every scanned extension, as the settings do', () => {
    assert.deepEqual(settings['hopcheck.include'].default, [...INCLUDE_GLOBS]);
    assert.deepEqual(DEFAULT_SETTINGS.include, [...INCLUDE_GLOBS]);
  });

  it('hopcheck.severity has one key per rule, and its description names each default', () => {
    const severity = settings['hopcheck.severity'];
    assert.deepEqual(Object.keys(severity.properties ?? {}), CATALOGUE.rules.map((r) => r.code));
    for (const r of CATALOGUE.rules) assert.ok(severity.markdownDescription?.includes(`${r.code} ${r.defaultSeverity}`), `${r.code} ${r.defaultSeverity}`);
  });

  it('the client and the server watch the catalogue\'s files (its glob, or the literal it expands to)', () => {
    for (const f of ['client/src/extension.ts', 'server/src/server.ts']) {
      const text = readFileSync(join(ROOT, f), 'utf8');
      assert.ok(text.includes('FILE_GLOB') || text.includes(FILE_GLOB), `${f} does not match ${FILE_GLOB}`);
    }
  });
});

describe('catalogue: derived tables', () => {
  it('the extension table knows every file kind, in any case', () => {
    for (const f of CATALOGUE.files) {
      assert.equal(kindOf(`C:\\scripts\\job${f.extension}`), f.kind);
      assert.equal(kindOf(`file:///s/JOB${f.extension.toUpperCase()}`), f.kind);
    }
    assert.equal(kindOf('notes.txt'), undefined);
    for (const l of CATALOGUE.editorLanguages) assert.equal(kindOf('untitled:1', l.id), l.kind);
    assert.equal(kindOf('file:///p/Module1.vb', 'vb'), undefined, 'VB.NET is not VBScript');
  });

  it('the rule registry and documentation links are the catalogue\'s, and each page exists', () => {
    assert.deepEqual(RULES.map((r) => [r.code, r.defaultSeverity, r.short]), CATALOGUE.rules.map((r) => [r.code, r.defaultSeverity, r.short]));
    for (const r of DATA.rules) {
      assert.ok(ruleDocUrl(r.code).endsWith(`/docs/rules/${r.doc}`), ruleDocUrl(r.code));
      assert.ok(existsSync(join(ROOT, 'docs', 'rules', r.doc)), `docs/rules/${r.doc}`);
    }
  });
});

describe('catalogue: entries are consistent', () => {
  it('command names and aliases are unique (any case)', () => {
    const seen = new Map<string, string>();
    for (const c of CATALOGUE.commands) {
      for (const n of [c.name, ...c.aliases]) {
        assert.ok(!seen.has(n.toLowerCase()), `${n} is both ${seen.get(n.toLowerCase())} and ${c.name}`);
        seen.set(n.toLowerCase(), c.name);
        assert.equal(commandNamedLower(n.toLowerCase())?.name, c.name);
      }
    }
  });

  it('parameter names and aliases of a command are unique', () => {
    for (const c of CATALOGUE.commands) {
      const names = (c.params ?? []).flatMap((p) => [p.name, ...(p.aliases ?? [])].map((n) => n.toLowerCase()));
      assert.equal(new Set(names).size, names.length, c.name);
    }
  });

  it('each replacement reads parameters the method has, and writes parameters the cmdlet has', () => {
    for (const m of CATALOGUE.methods) {
      const r = m.replacement;
      if (!r) continue;
      for (const a of r.args) {
        if ('from' in a) assert.ok(m.params.some((p) => p.name === a.from), `${m.name}: no parameter ${a.from}`);
        const spec = commandSpec(r.cmdlet);
        if (spec) assert.equal(resolveParam(spec, a.param)?.name, a.param, `${r.cmdlet} has no -${a.param}`);
      }
      const spec = commandSpec(r.cmdlet);
      if (spec && r.sessionTarget) assert.equal(resolveParam(spec, r.sessionTarget)?.name, r.sessionTarget);
    }
  });

  it('each cluster cmdlet\'s "run it from here" parameter is one of its parameters', () => {
    for (const c of CATALOGUE.commands) {
      if (!c.runFromHere) continue;
      assert.ok(c.params?.some((p) => p.name === c.runFromHere), `${c.name} has no -${c.runFromHere}`);
    }
  });

  it('session commands say what they do, and the script parameter is a parameter', () => {
    for (const c of CATALOGUE.commands) {
      if (c.family !== 'session') continue;
      assert.ok(c.session, c.name);
      if (c.runsScript) assert.ok(c.params?.some((p) => p.name === c.runsScript), c.name);
    }
  });
});

describe('catalogue: the test-only hook stays in tests', () => {
  it('no server, client or script module swaps the catalogue or imports catalogue/testing', () => {
    const allowed = new Set(['server/src/catalogue/derive.ts', 'server/src/catalogue/testing.ts']);
    for (const dir of ['server/src', 'client/src', 'scripts']) {
      for (const f of sourceFiles(join(ROOT, dir))) {
        const rel = relative(ROOT, f).replace(/\\/g, '/');
        if (allowed.has(rel)) continue;
        const text = readFileSync(f, 'utf8');
        assert.ok(!/swapCatalogueForTests|catalogue\/testing/.test(text), `${rel} uses the test-only catalogue hook`);
      }
    }
  });
});
