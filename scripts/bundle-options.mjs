// The esbuild options every bundle of dist/ is built with (scripts/build.mjs), shared with the bench,
// which times the analysis as it ships: bundled, not as tsx runs the sources (each import a getter there).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** @param {string} root the repository @param {string} version the package's */
export function bundleOptions(root, version) {
  const require = createRequire(join(root, 'package.json'));
  return {
    // web-tree-sitter's ES module build reads import.meta.url, which a CommonJS bundle lacks: give it this file's URL.
    define: { HOPCHECK_VERSION: JSON.stringify(version), 'import.meta.url': '__hopcheckImportMetaUrl' },
    // jsonc-parser's UMD main requires its parts at run time, which a bundle cannot follow: use its ES build.
    alias: { 'jsonc-parser': join(dirname(require.resolve('jsonc-parser/package.json')), 'lib/esm/main.js') },
    inject: [join(root, 'scripts/import-meta-url.js')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: true,
    logLevel: 'warning', logOverride: { 'require-resolve-not-external': 'silent' },
  };
}
