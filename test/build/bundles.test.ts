// What the bundles in dist/ (built by `npm test` before mocha runs) hold. A `require` of @lezer/javascript
// once took its CommonJS build and a second copy of @lezer/common and @lezer/lr (6 MB more at the
// server's peak); the grammars load on first use through modules of ours instead (parse/jscript.ts).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const DIST = join(__dirname, '..', '..', 'dist');
const BUNDLES = ['server-bundle.js', 'analysis-worker-bundle.js', 'cli.js', 'cli-worker.js'];

describe('bundles', () => {
  for (const bundle of BUNDLES) {
    it(`${bundle} holds one build of each Lezer package`, () => {
      const text = readFileSync(join(DIST, bundle), 'utf8');
      const builds = new Map<string, Set<string>>();
      for (const m of text.matchAll(/node_modules\/(@lezer\/[a-z]+)\/dist\/(index\.[a-z]+)/g)) {
        if (!builds.has(m[1])) builds.set(m[1], new Set());
        builds.get(m[1])!.add(m[2]);
      }
      for (const [pkg, files] of builds) assert.equal(files.size, 1, `${bundle}: ${pkg} in ${[...files].join(' and ')}`);
    });
  }

  it('the analysis worker runs no Lezer grammar when it starts (both load on first use)', () => {
    const text = readFileSync(join(DIST, 'analysis-worker-bundle.js'), 'utf8');
    // esbuild wraps a module that must not run at once in an initialiser keyed by its path; a module
    // imported at the top (as @lezer/javascript was) is inlined without one.
    for (const path of ['node_modules/@lezer/javascript/dist/index.js', 'grammars/vbscript/parser.ts']) {
      assert.ok(text.includes(`= __esm({\n  "${path}"() {`), `${path} is wrapped to run on first use`);
    }
  });

  for (const bundle of ['server-bundle.js', 'analysis-worker-bundle.js']) {
    it(`${bundle} imports nothing at run time (vm.Script, which compiles it with its code cache, has no module loader)`, () => {
      const text = readFileSync(join(DIST, bundle), 'utf8');
      assert.deepEqual([...text.matchAll(/\bimport\s*\(\s*["'`][^"'`]*/g)].map((m) => m[0]), []);
    });

    it(`${bundle} is written as CommonJS's wrapper function, which the loader compiles as it is (a text joined at run time cost 8 MB of the peak RSS)`, () => {
      const text = readFileSync(join(DIST, bundle), 'utf8');
      assert.ok(text.startsWith('(function (exports, require, module, __filename, __dirname) {\n"use strict";\n'), text.slice(0, 80));
      assert.match(text, /\n\}\)\n\/\/# sourceMappingURL=[\w.-]+\.map\n?$/);
    });
  }

  it('web-tree-sitter\'s imports of Node\'s modules are in the worker\'s bundle as requires', () => {
    const text = readFileSync(join(DIST, 'analysis-worker-bundle.js'), 'utf8');
    for (const m of ['fs/promises', 'module']) assert.ok(text.includes(`require("${m}")`), m);
  });
});
