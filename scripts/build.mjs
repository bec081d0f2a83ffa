// Build: generate the VBScript parser, bundle client, server (and its analysis worker) and CLI with esbuild, copy the grammar .wasm files.
// Kept as one plain script so `npm ci` (which runs `prepare`) leaves a working `dist/` on a fresh clone.
import { build } from 'esbuild';
import { buildParserFile } from '@lezer/generator';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const dist = join(root, 'dist');
mkdirSync(dist, { recursive: true });

// 1. VBScript grammar -> grammars/vbscript/parser.ts (+ parser.terms.ts)
const grammar = join(root, 'grammars/vbscript/vbscript.grammar');
if (existsSync(grammar)) {
  const { parser, terms } = buildParserFile(readFileSync(grammar, 'utf8'), {
    fileName: 'vbscript.grammar', typeScript: true, moduleStyle: 'es',
    warn: (m) => { throw new Error(`VBScript grammar: ${m}`); }, // a conflict warning is a grammar bug, not noise
  });
  writeFileSync(join(root, 'grammars/vbscript/parser.ts'), parser);
  writeFileSync(join(root, 'grammars/vbscript/parser.terms.ts'), terms);
}

// 2. Grammar wasm files, loaded at run time from next to the bundles.
copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), join(dist, 'web-tree-sitter.wasm'));
copyFileSync(join(dirname(require.resolve('tree-sitter-powershell/package.json')), 'tree-sitter-powershell.wasm'), join(dist, 'tree-sitter-powershell.wasm'));

// 3. Bundles.
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
// web-tree-sitter's ES module build reads import.meta.url, which a CommonJS bundle lacks: give it this file's URL.
const common = {
  define: { HOPCHECK_VERSION: JSON.stringify(pkg.version), 'import.meta.url': '__hopcheckImportMetaUrl' },
  inject: [join(root, 'scripts/import-meta-url.js')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: true, logLevel: 'warning', logOverride: { 'require-resolve-not-external': 'silent' } };
await Promise.all([
  build({ ...common, entryPoints: [join(root, 'client/src/extension.ts')], outfile: join(dist, 'extension.js'), external: ['vscode'] }),
  build({ ...common, entryPoints: [join(root, 'server/src/server.ts')], outfile: join(dist, 'server.js'), banner: { js: '#!/usr/bin/env node' } }),
  // The server's analysis worker threads (lsp/analysis-pool.ts): loaded from next to server.js.
  build({ ...common, entryPoints: [join(root, 'server/src/lsp/analysis-worker.ts')], outfile: join(dist, 'analysis-worker.js') }),
  build({ ...common, entryPoints: [join(root, 'server/src/cli/worker.ts')], outfile: join(dist, 'cli-worker.js') }),
  build({ ...common, entryPoints: [join(root, 'server/src/cli.ts')], outfile: join(dist, 'cli.js'), banner: { js: '#!/usr/bin/env node' } }),
]);
for (const f of ['server.js', 'cli.js']) chmodSync(join(dist, f), 0o755);
