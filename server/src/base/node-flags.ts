// The Node.js flags the language server process is started with: by the VS Code extension (execArgv),
// by the `hopcheck-language-server` command (its #! line, scripts/build.mjs) and by the tests and
// benchmarks that start dist/server.js. V8 reads them when the process starts; set later they do nothing.
//
// --max-semi-space-size=1: a 1 MB young generation (V8's default grows to 16 MB a semi-space). The
// main thread only routes messages and reads the files of a workspace scan, whose garbage is short-lived
// and large in volume; the default young generation was a third of the server's peak memory after a
// 10,000-file scan (141 → 108–112 MB, scan time unchanged; docs/PERFORMANCE.md).
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1'];
