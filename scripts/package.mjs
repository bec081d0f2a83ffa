// Builds dist/ and packages the VS Code extension: hopcheck-<version>.vsix in the repository root.
// vsce comes from the e2e tools folder (scripts/e2e/setup.sh --tools installs it when it is missing),
// so it is not a devDependency: @vscode/vsce 4.x needs Node 22, and 3.9.2 pulls in ~250 packages.
// The extension is bundled by esbuild, hence --no-dependencies; .vscodeignore keeps only the bundles,
// the .wasm grammars, the manifest, README, CHANGELOG, LICENSE and docs/rules.
// usage: node scripts/package.mjs [--no-build]     env: HOPCHECK_E2E_HOME (tools folder parent)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const e2eHome = process.env.HOPCHECK_E2E_HOME || '/var/tmp/hopcheck-e2e';
const vsce = join(e2eHome, 'tools', 'node_modules', '.bin', 'vsce');

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    console.error(`package: ${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
    process.exit(1);
  }
}

if (!process.argv.includes('--no-build')) run(process.execPath, [join(root, 'scripts', 'build.mjs')]);
for (const f of ['dist/extension.js', 'dist/server.js', 'dist/server-bundle.js', 'dist/analysis-worker.js', 'dist/analysis-worker-bundle.js', 'dist/cli.js', 'dist/cli-worker.js', 'dist/web-tree-sitter.wasm', 'dist/tree-sitter-powershell.wasm']) {
  if (!existsSync(join(root, f))) { console.error(`package: ${f} is missing after the build`); process.exit(1); }
}
if (!existsSync(vsce)) run('bash', [join(root, 'scripts', 'e2e', 'setup.sh'), '--tools']);

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = join(root, `hopcheck-${manifest.version}.vsix`);
rmSync(out, { force: true });

// vsce refuses a package.json `files` list (there for `npm pack`) next to a .vscodeignore. Package from a
// staging copy of the tree (without node_modules, .git and build leftovers) whose package.json has no
// `files`, so .vscodeignore alone decides what goes into the .vsix. Without a .vscodeignore, `files` decides.
const stage = mkdtempSync(join(tmpdir(), 'hopcheck-vsix-'));
try {
  const skip = new Set(['node_modules', '.git', 'test-results', '.tmp']);
  cpSync(root, stage, {
    recursive: true,
    filter: (src) => {
      const rel = relative(root, src);
      if (rel === '') return true;
      const top = rel.split(/[\\/]/)[0];
      return !skip.has(top) && !basename(src).endsWith('.vsix');
    },
  });
  if (existsSync(join(root, '.vscodeignore')) && manifest.files) {
    const staged = { ...manifest };
    delete staged.files;
    writeFileSync(join(stage, 'package.json'), JSON.stringify(staged, null, 2) + '\n');
  }
  // --no-rewrite-relative-links: README links to docs/rules/*.md, which the .vsix holds; rewritten they
  // would point at the repository's web pages instead.
  run(vsce, ['package', '--no-dependencies', '--no-rewrite-relative-links', '--out', out],
    { cwd: stage, env: { ...process.env, CI: process.env.CI ?? 'true' } });
} finally {
  rmSync(stage, { recursive: true, force: true });
}
console.log(`package: ${out} (${(statSync(out).size / 1024).toFixed(1)} KiB)`);
