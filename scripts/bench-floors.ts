// What a cold start and the server's memory cannot go under on this machine, measured in the same run
// as the targets (issue 15 asks each missed target's measured floor): a Node process alone, and a Node
// process whose one worker thread loads the PowerShell grammar the way parse/powershell.ts does and
// parses a script (the least the server does before its first diagnostics: no protocol libraries, no
// analysis, no main-thread work).
import { spawn } from 'node:child_process';
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

const MAIN = `
const { Worker } = require('node:worker_threads');
const data = JSON.parse(process.argv[1]);
const worker = new Worker(data.worker, { eval: true, workerData: data });
worker.on('message', () => {
  process.stdout.write('parsed ' + process.resourceUsage().maxRSS + '\\n');
  process.exit(0);
});
`;

/** Node alone: `node -e` printing its peak RSS. */
export function nodeAlone(): Promise<Floor> {
  return timed(['-e', "process.stdout.write('done ' + process.resourceUsage().maxRSS + '\\n')"]);
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
