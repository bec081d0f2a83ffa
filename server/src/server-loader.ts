// dist/server.js, what starts the language server (`hopcheck-language-server --stdio`, the VS Code client): it
// starts the first analysis worker, then compiles the server's bundle (dist/server-bundle.js, server.ts) with the
// code cache an earlier session made, and runs it (docs/decisions.md, base/code-cache.ts).
import { loadWithCodeCache } from './base/code-cache';
import { SERVER_BUNDLE } from './lsp/dist-files';
import { startFirstWorker } from './lsp/first-worker';

startFirstWorker();
loadWithCodeCache(__dirname, SERVER_BUNDLE, require, module);
