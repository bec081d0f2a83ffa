// Imports flow one way down the pipeline (docs/architecture.md): a module may import its own folder
// and the folders below it, never one above, so no two folders import each other; and the front doors
// reach analysis and fixes through core/ only.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = join(__dirname, '..');
const SRC = join(ROOT, 'server', 'src');

/** Lower layers first. Folders on one line are peers and must not import each other. */
const LAYERS: readonly (readonly string[])[] = [
  ['catalogue', 'base'],
  ['parse'],
  ['facts'],
  ['resolve'],
  ['rules'],
  ['fixes'],
  ['core'],
  ['workspace', 'output'],
  ['lsp', 'cli'],
  ['server.ts', 'cli.ts', 'server-loader.ts'],
];

/** The front doors (and their parts: lsp/ of the server, cli/ of the command) reach analysis and fixes through core/ only. */
const FRONT_DOORS = new Set(['lsp', 'cli', 'server.ts', 'cli.ts', 'server-loader.ts']);
const BEHIND_CORE = new Set(['parse', 'facts', 'fixes']);

interface Source { path: string; text: string }

function sources(dir: string): Source[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name))
      : e.name.endsWith('.ts') ? [{ path: join(dir, e.name), text: readFileSync(join(dir, e.name), 'utf8') }] : []);
}

/** Relative imports of a module, resolved to paths. */
function importsOf(s: Source): { spec: string; target: string }[] {
  return [...s.text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"](\.[^'"]+)['"]/gm)]
    .map((m) => ({ spec: m[1], target: resolve(dirname(s.path), m[1]) }));
}

/** Every import of `files` (under `src`) that goes up a layer, sideways to a peer, or past core from a front door. */
function layerViolations(src: string, files: Source[]): string[] {
  const topOf = (path: string) => relative(src, path).split(/[\\/]/)[0];
  const layerOf = (folder: string) => {
    const i = LAYERS.findIndex((l) => l.includes(folder));
    if (i === -1) throw new Error(`server/src/${folder} has no place in LAYERS: add it where it belongs in the pipeline`);
    return i;
  };
  const wrong: string[] = [];
  for (const file of files) {
    const from = topOf(file.path);
    for (const { spec, target } of importsOf(file)) {
      if (!target.startsWith(src)) continue; // the generated VBScript parser, outside server/src
      const to = topOf(/\.ts$/.test(target) ? target : `${target}.ts`);
      if (to === from) continue;
      if (layerOf(to) >= layerOf(from)) wrong.push(`${relative(src, file.path)} imports ${spec} (${from} → ${to})`);
      else if (FRONT_DOORS.has(from) && BEHIND_CORE.has(to)) wrong.push(`${relative(src, file.path)} imports ${spec} (a front door past core/)`);
    }
  }
  return wrong;
}

describe('module layers', () => {
  it('every import of server/src goes to its own folder or a lower layer, and front doors go through core/', () => {
    assert.deepEqual(layerViolations(SRC, sources(SRC)), []);
  });

  it('the client imports nothing of the server but the catalogue', () => {
    const wrong = sources(join(ROOT, 'client', 'src')).flatMap((s) => importsOf(s)
      .filter((i) => i.target.startsWith(SRC) && !relative(SRC, i.target).startsWith('catalogue'))
      .map((i) => `${relative(ROOT, s.path)} imports ${i.spec}`));
    assert.deepEqual(wrong, []);
  });

  it('finds an import upwards, one between peers, and a front door past core/', () => {
    const src = '/x/server/src';
    const file = (path: string, ...specs: string[]) => ({ path: join(src, path), text: specs.map((s) => `import { a } from '${s}';\n`).join('') });
    assert.deepEqual(layerViolations(src, [
      file('parse/p.ts', '../core/analyze', '../base/budget'),
      file('workspace/w.ts', '../output/report', '../core/analyze'),
      file('cli.ts', './facts/model', './core/analyze', './lsp/x'),
    ]), [
      'parse/p.ts imports ../core/analyze (parse → core)',
      'workspace/w.ts imports ../output/report (workspace → output)',
      'cli.ts imports ./facts/model (a front door past core/)',
    ]);
  });
});
