// dist/analysis-worker.js, what the language server starts as each analysis worker thread: it compiles the
// worker's bundle (dist/analysis-worker-bundle.js, lsp/analysis-worker.ts) with the code cache an earlier
// session's worker made, and runs it. With the cache the worker compiles almost none of its functions on its way
// to the first diagnostics: a cold start 13–23 ms shorter here (docs/decisions.md, base/code-cache.ts).
import { loadWithCodeCache } from '../base/code-cache';
import { ANALYSIS_WORKER_BUNDLE } from './dist-files';

loadWithCodeCache(__dirname, ANALYSIS_WORKER_BUNDLE, require, module);
