// What a cold start and the server's memory cannot go under on this machine, measured in the same run
// as the targets (issue 15 asks each missed target's measured floor): a Node process alone, and a Node
// process whose one worker thread loads the PowerShell grammar the way parse/powershell.ts does and
// parses a script (the least the server does before its first diagnostics: no protocol libraries, no
// analysis, no main-thread work).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Floor {
  /** Spawn to the first parse's result on stdout (or to the exit, for Node alone). */
  ms: number;
  /** The process's peak resident set, every thread counted (MB). */
  rssMb: number;
}

/** The worker: web-tree-sitter from node_modules, the .wasm files dist/ ships, the same V8 flags. */
const WORKER = `
const { parentPort, workerData: w } = require('node:worker_threads');
const { setFlagsFromString } = require('node:v8');
const { readFileSync } = require('node:fs');
const { Parser, Language } = require(w.runtimeJs);
(async () => {
  setFlagsFromString('--wasm-tiering-budget=18000000');
  await Parser.init({ locateFile: () => w.runtimeWasm, wasmBinary: readFileSync(w.runtimeWasm) });
  setFlagsFromString('--liftoff-only');
  const language = await Language.load(readFileSync(w.grammarWasm));
  const parser = new Parser();
  parser.setLanguage(language);
  parser.parse(w.text).delete();
  parentPort.postMessage('parsed');
})();
`;

/**
 * The process's own peak resident set (kB), printed by each floor process: VmHWM from /proc/self/status, not
 * process.resourceUsage().maxRSS, which on Linux carries the parent's resident pages across the fork and exec
 * that start a child (the kernel keeps the larger of them): spawned by the bench, whose own process is about
 * 70 MB by then, Node alone reported 71 MB where it peaks at 41 (rounds 1 to 19 of issue 15 printed that as the floor).
 */
const PEAK_KB = "((() => { try { return Number(/VmHWM:\\s+(\\d+)/.exec(require('node:fs').readFileSync('/proc/self/status', 'utf8'))[1]); } catch { return process.resourceUsage().maxRSS; } })())";

const MAIN = `
const { Worker } = require('node:worker_threads');
const data = JSON.parse(process.argv[1]);
const worker = new Worker(data.worker, { eval: true, workerData: data });
worker.on('message', () => {
  process.stdout.write('parsed ' + ${PEAK_KB} + '\\n');
  process.exit(0);
});
`;

/**
 * The edit path with no analysis (issue 15 asks each missed target's floor; the edit rows' in-process floor
 * leaves the protocol and the threads out): a server on the same protocol libraries as the real one, which
 * keeps the document as it does (incremental changes through TextDocuments), hands each change to a worker
 * thread after a turn of the event loop, and publishes what the worker answers: the diagnostics it was given
 * in `initializationOptions.diagnostics`, the ones the real server published for the same document.
 */
const EDIT_FLOOR_SERVER = `
const paths = PATHS;
const { createConnection, TextDocuments, TextDocumentSyncKind } = require(paths.server);
const { TextDocument } = require(paths.textDocument);
const { Worker } = require('node:worker_threads');
const connection = createConnection(process.stdin, process.stdout);
const documents = new TextDocuments(TextDocument);
const worker = new Worker(\`
  const { parentPort } = require('node:worker_threads');
  let diagnostics = [];
  parentPort.on('message', (m) => {
    if (m.diagnostics) diagnostics = m.diagnostics;
    else parentPort.postMessage({ id: m.id, diagnostics });
  });\`, { eval: true });
const waiting = new Map();
let next = 0;
worker.on('message', (m) => { waiting.get(m.id)(m.diagnostics); waiting.delete(m.id); });
connection.onInitialize((p) => {
  worker.postMessage({ diagnostics: (p.initializationOptions && p.initializationOptions.diagnostics) || [] });
  return { capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental } };
});
const due = new Set();
documents.onDidChangeContent((e) => {
  const uri = e.document.uri;
  if (due.has(uri)) return;
  due.add(uri);
  setImmediate(() => {
    due.delete(uri);
    const doc = documents.get(uri);
    const version = doc.version;
    const id = next++;
    waiting.set(id, (diagnostics) => connection.sendDiagnostics({ uri, version, diagnostics }));
    worker.postMessage({ id, uri, length: doc.getText().length });
  });
});
documents.listen(connection);
connection.listen();
`;

/** The edit path's floor server (EDIT_FLOOR_SERVER) as a file to start, and a way to remove it. */
export function editFloorServer(root: string): { path: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'hopcheck-edit-floor-'));
  const path = join(dir, 'server.js');
  const paths = {
    server: require.resolve('vscode-languageserver/node', { paths: [root] }),
    textDocument: require.resolve('vscode-languageserver-textdocument', { paths: [root] }),
  };
  writeFileSync(path, EDIT_FLOOR_SERVER.replace('PATHS', JSON.stringify(paths)));
  return { path, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Node alone: `node -e` printing its peak RSS. */
export function nodeAlone(): Promise<Floor> {
  return timed(['-e', `process.stdout.write('done ' + ${PEAK_KB} + '\\n')`]);
}

/** Node, one worker thread, the grammar loaded and `text` parsed in it. */
export function workerWithGrammar(root: string, text: string): Promise<Floor> {
  const data = {
    worker: WORKER,
    text,
    runtimeJs: require.resolve('web-tree-sitter', { paths: [root] }),
    runtimeWasm: join(root, 'dist', 'web-tree-sitter.wasm'),
    grammarWasm: join(root, 'dist', 'tree-sitter-powershell.wasm'),
  };
  return timed(['-e', MAIN, JSON.stringify(data)]);
}

function timed(args: string[]): Promise<Floor> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => {
      const ms = performance.now() - t0;
      out += b.toString();
      const m = /^\w+ (\d+)\n/.exec(out);
      if (m) resolve({ ms, rssMb: Number(m[1]) / 1024 });
    });
    child.stderr.on('data', (b: Buffer) => { err += b.toString(); });
    child.on('error', reject);
    child.on('close', (code) => { if (!/^\w+ \d+\n/.test(out)) reject(new Error(`floor process exited with ${code}: ${err.slice(0, 500)}`)); });
  });
}
