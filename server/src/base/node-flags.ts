// The Node.js flags the language server process is started with: by the VS Code extension (execArgv),
// by the `hopcheck-language-server` command (its #! line, scripts/build.mjs) and by the tests and
// benchmarks that start dist/server.js. V8 reads them when the process starts; set later they do nothing.
//
// --max-semi-space-size=2: a smaller young generation for the main thread (V8's default grows to
// 16 MB a semi-space). The main thread reads every file of a workspace scan, short-lived garbage in
// bulk, and the default young generation made up a fifth of the server's peak memory after a
// 10,000-file scan: 150 MB with the default, 115–120 MB with 2 MB, 113 MB with 1 MB. 1 MB cost the
// edits instead (a scavenge every few results from the analysis worker: VBScript edit p50 9–10 ms
// against 6–7 ms); 2 MB measured like the default (docs/PERFORMANCE.md).
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2'];
