// `.hopcheck.json`: JSONC read with positions, misspelt keys and wrong values named with their line and
// the allowed values (core/config.ts), the JSON schema VS Code validates it with, `hopcheck --init`,
// and the language server's warnings, all following the catalogue's rules and the settings' one description.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import { parse as parseJsonc } from 'jsonc-parser';
import { CATALOGUE } from '../../server/src/catalogue/index';
import { DEFAULT_SETTINGS, parseSettingsText, SETTING_SPECS, SEVERITY_SETTINGS } from '../../server/src/core/config';
import { initFileText, settingsFileSchema } from '../../server/src/core/settings-schema';
import { FolderSettings } from '../../server/src/lsp/settings';
import { WorkspaceFolders } from '../../server/src/lsp/folders';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const SCHEMA = JSON.parse(readFileSync(join(ROOT, 'schemas', 'hopcheck.schema.json'), 'utf8')) as Record<string, unknown>;
const MANIFEST = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  return ajv.compile(SCHEMA);
}

const MISSPELT = [
  '{',
  '  // team settings',
  '  "severty": { "HOP002": "error" },',
  '  "severity": { "HOP001": "eror", "HOP009": "off" },',
  '  "maxFileSizeKb": -1,',
  '  "localNames": ["A",],',
  '}',
  '',
].join('\n');

describe('.hopcheck.json', () => {
  describe('reading (JSONC, with positions)', () => {
    it('names a misspelt key with its line, column, a suggestion and the allowed keys', () => {
      const { problems, syntaxError } = parseSettingsText(MISSPELT);
      assert.equal(syntaxError, false);
      const key = problems.find((p) => p.message.includes("'severty'"))!;
      assert.deepEqual([key.line, key.column], [3, 3]);
      assert.match(key.message, /unknown setting 'severty' \(did you mean 'severity'\?\); allowed: enable, severity, localNames, include, exclude, maxFileSizeKb, scan, docsBaseUrl$/);
    });

    it('names a wrong value with its line and the allowed values', () => {
      const { problems } = parseSettingsText(MISSPELT);
      const level = problems.find((p) => p.message.startsWith('severity of HOP001'))!;
      assert.deepEqual([level.line, level.column], [4, 27]);
      assert.equal(level.message, `severity of HOP001 must be one of ${SEVERITY_SETTINGS.join(', ')}, not "eror"`);
      const rule = problems.find((p) => p.message.includes('HOP009'))!;
      assert.equal(rule.line, 4);
      assert.match(rule.message, new RegExp(`allowed: ${CATALOGUE.rules.map((r) => r.code).join(', ')}$`));
      const size = problems.find((p) => p.message.startsWith('maxFileSizeKb'))!;
      assert.deepEqual([size.line, size.column], [5, 20]);
      assert.equal(problems.length, 4, JSON.stringify(problems));
    });

    it('accepts comments and trailing commas; a syntax error has a line', () => {
      const ok = parseSettingsText('// c\n{ /* x */ "localNames": ["a",], }\n');
      assert.deepEqual(ok.problems, []);
      assert.deepEqual(ok.raw, { localNames: ['a'] });
      const bad = parseSettingsText('{\n  "enable": true\n  "localNames": []\n}\n');
      assert.equal(bad.syntaxError, true);
      assert.equal(bad.problems[0].line, 3);
      assert.match(bad.problems[0].message, /not valid JSON: ',' expected/);
    });
  });

  describe('the command line', function () {
    this.timeout(30000);
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'hopcheck-settings-'));
      writeFileSync(join(dir, 'a.ps1'), 'Get-Process\n');
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    const run = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8' });

    it('reports a misspelt key and a wrong value as file:line:col, and still applies the rest', () => {
      writeFileSync(join(dir, '.hopcheck.json'), MISSPELT);
      const r = run(['a.ps1']);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /^hopcheck: \.hopcheck\.json:3:3: unknown setting 'severty' \(did you mean 'severity'\?\)/m);
      assert.match(r.stderr, /^hopcheck: \.hopcheck\.json:4:27: severity of HOP001 must be one of error, warning, information, hint, off, not "eror"$/m);
    });

    it('exits 2 on a settings file that is not JSON, naming the line', () => {
      writeFileSync(join(dir, 'broken.json'), '{\n  "enable": tru\n}\n');
      const r = run(['--config', 'broken.json', 'a.ps1']);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /^hopcheck: broken\.json:2:\d+: not valid JSON/m);
    });

    it('--init writes a commented file that reads back as the defaults and that the schema accepts; it never overwrites', () => {
      const r = run(['--init']);
      assert.equal(r.status, 0, r.stderr);
      const text = readFileSync(join(dir, '.hopcheck.json'), 'utf8');
      assert.match(text, /^\/\/ /m, 'commented');
      for (const rule of CATALOGUE.rules) assert.ok(text.includes(`"${rule.code}": "${rule.defaultSeverity}"`), `${rule.code} listed`);
      const back = parseSettingsText(text);
      assert.deepEqual(back.problems, []);
      assert.ok(validator()(back.raw), 'schema accepts it');
      // uncommenting a rule line gives a valid setting
      const uncommented = parseSettingsText(text.replace('// "HOP001": "error",', '"HOP001": "warning",'));
      assert.deepEqual(uncommented.problems, []);
      assert.deepEqual((uncommented.raw as { severity: object }).severity, { HOP001: 'warning' });
      const check = run(['a.ps1']);
      assert.equal(check.status, 0);
      assert.equal(check.stderr, '', 'the written file has no problems');
      writeFileSync(join(dir, '.hopcheck.json'), '{ "enable": false }');
      const again = run(['--init']);
      assert.equal(again.status, 2);
      assert.match(again.stderr, /exists: left as it is/);
      assert.equal(readFileSync(join(dir, '.hopcheck.json'), 'utf8'), '{ "enable": false }');
      assert.equal(run(['--init', '--config', 'ci.json']).status, 0);
      assert.ok(existsSync(join(dir, 'ci.json')));
    });
  });

  describe('the JSON schema (schemas/hopcheck.schema.json)', () => {
    it('is what core/settings-schema.ts generates from the settings and the catalogue', () => {
      assert.deepEqual(SCHEMA, settingsFileSchema());
      const props = SCHEMA.properties as Record<string, { properties?: Record<string, { enum?: string[] }> }>;
      assert.deepEqual(Object.keys(props.severity.properties!), CATALOGUE.rules.map((r) => r.code));
      for (const p of Object.values(props.severity.properties!)) assert.deepEqual(p.enum, [...SEVERITY_SETTINGS]);
      const fileKeys = Object.entries(SETTING_SPECS).filter(([, s]) => !s.editorOnly).map(([k]) => k);
      assert.deepEqual(Object.keys(props).filter((k) => k !== '$schema'), fileKeys);
    });

    it("accepts the README's examples and rejects a misspelt key and a wrong value", () => {
      const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
      const section = readme.slice(readme.indexOf('\n## Settings'), readme.indexOf('\n## ', readme.indexOf('\n## Settings') + 5));
      const blocks = [...section.matchAll(/```jsonc?\n([\s\S]*?)```/g)].map((m) => m[1]);
      assert.ok(blocks.length >= 2, `README's Settings section has ${blocks.length} JSON examples`);
      const validate = validator();
      for (const b of blocks) {
        const value = parseJsonc(b, [], { allowTrailingComma: true });
        assert.ok(validate(value), `${b}\n${JSON.stringify(validate.errors)}`);
        assert.deepEqual(parseSettingsText(b).problems, [], 'and hopcheck reads it without a problem');
      }
      assert.equal(validate({ severty: { HOP001: 'off' } }), false);
      assert.ok(validate.errors!.some((e) => e.keyword === 'additionalProperties' && (e.params as { additionalProperty: string }).additionalProperty === 'severty'));
      assert.equal(validate({ severity: { HOP001: 'eror' } }), false);
      assert.equal(validate({ severity: { HOP999: 'off' } }), false);
      assert.equal(validate({ maxFileSizeKb: 0 }), false);
      assert.equal(validate({ docsBaseUrl: 'javascript:alert(1)' }), false);
      assert.ok(validate({ $schema: './node_modules/hopcheck/schemas/hopcheck.schema.json', docsBaseUrl: 'https://wiki.example/hop/' }));
    });

    it('is registered for .hopcheck.json in the manifest and shipped in the npm package and the .vsix', () => {
      assert.deepEqual(MANIFEST.contributes.jsonValidation, [{ fileMatch: '.hopcheck.json', url: './schemas/hopcheck.schema.json' }]);
      assert.ok(MANIFEST.files.includes('schemas/'));
      assert.match(readFileSync(join(ROOT, '.vscodeignore'), 'utf8'), /^!schemas\/\*\*$/m);
    });

    it("the manifest's editor settings follow the same description and the catalogue's rules", () => {
      const props = MANIFEST.contributes.configuration.properties as Record<string, { properties?: Record<string, { enum: string[] }> }>;
      assert.deepEqual(Object.keys(props['hopcheck.severity'].properties!), CATALOGUE.rules.map((r) => r.code), 'add the new rule to hopcheck.severity in package.json');
      for (const p of Object.values(props['hopcheck.severity'].properties!)) assert.deepEqual(p.enum, [...SEVERITY_SETTINGS]);
      const flat = Object.entries(SETTING_SPECS).flatMap(([k, s]) => (typeof s.kind === 'object' ? Object.keys(s.kind.object).map((sub) => `hopcheck.${k}.${sub}`) : [`hopcheck.${k}`]));
      assert.deepEqual(Object.keys(props).sort(), flat.sort());
    });
  });

  describe('the language server', () => {
    it('warns about a misspelt key in a folder\'s .hopcheck.json with the file and line, and applies the rest', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'hopcheck-settings-lsp-'));
      try {
        writeFileSync(join(dir, '.hopcheck.json'), '// ours\n{\n  "severty": {},\n  "localNames": ["NODE1"],\n}\n');
        const folders = new WorkspaceFolders();
        folders.set([pathToFileURL(dir).href]);
        const warnings: string[] = [];
        const settings = new FolderSettings(folders, { editor: async () => ({}), pulls: () => true, warn: (m) => warnings.push(m) });
        const s = await settings.forFolder(folders.all()[0]);
        assert.deepEqual(s.localNames, ['NODE1'], 'the JSONC file is read');
        assert.equal(warnings.length, 1, warnings.join('\n'));
        assert.equal(warnings[0], `hopcheck: ${join(folders.all()[0], '.hopcheck.json')}:3:3: unknown setting 'severty' (did you mean 'severity'?); allowed: enable, severity, localNames, include, exclude, maxFileSizeKb, scan, docsBaseUrl`);
        assert.equal(s.maxFileSizeKb, DEFAULT_SETTINGS.maxFileSizeKb);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
