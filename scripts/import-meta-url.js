// Injected into the CommonJS bundles by scripts/build.mjs (see the comment there).
export const __hopcheckImportMetaUrl = require('node:url').pathToFileURL(__filename).href;
