// The language server's files in dist/ (scripts/build.mjs): each thread starts from a small loader that compiles
// its bundle with V8's code cache (base/code-cache.ts): the server's main thread from server.js
// (server-loader.ts), each analysis worker from analysis-worker.js (analysis-worker-loader.ts).
export const SERVER_BUNDLE = 'server-bundle.js';
export const ANALYSIS_WORKER_LOADER = 'analysis-worker.js';
export const ANALYSIS_WORKER_BUNDLE = 'analysis-worker-bundle.js';
