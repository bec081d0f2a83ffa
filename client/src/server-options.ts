// How the extension starts the language server, shared with the tests and the bench (test/lsp/client.ts),
// which start it the same way to measure what ships.

/**
 * Node options for the server process: its main thread answers requests and reads the workspace scan's
 * files, and V8 grew its young generation to 16 MB semi-spaces during a 10,000-file scan (29 MB of a
 * 152 MB peak, docs/PERFORMANCE.md). The analysis workers keep V8's default (server/src/lsp/server-memory.ts).
 */
export const SERVER_NODE_ARGS: readonly string[] = ['--max-semi-space-size=1'];
