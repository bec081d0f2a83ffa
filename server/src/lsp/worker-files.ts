// The analysis worker's files in dist/ (scripts/build.mjs): the loader each worker thread starts from, and the
// bundle it compiles with V8's code cache (lsp/analysis-worker-loader.ts).
export const ANALYSIS_WORKER_LOADER = 'analysis-worker.js';
export const ANALYSIS_WORKER_BUNDLE = 'analysis-worker-bundle.js';
