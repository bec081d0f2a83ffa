// The VS Code extension starts the language server with a small young generation for its main thread
// (client/src/server-options.ts): that thread answers requests and reads the workspace scan's files. The
// analysis workers keep V8's default: an analysis allocates fast, and with the whole process's young
// generation that small a PowerShell edit's p95 grew by 4–8 ms (docs/PERFORMANCE.md).
import { Worker } from 'node:worker_threads';

/** A worker thread with V8's default young generation, whatever the process was started with. */
export function startWorker(file: string): Worker {
  // The flag is the process's and overrides a worker's resourceLimits; V8 reads it when an isolate is
  // created, so clearing it now leaves the main thread as it started. Node's v8 module costs 1–2 ms to
  // load: only when there is a flag to clear.
  if (semiSpaceFlagGiven()) (require('node:v8') as typeof import('node:v8')).setFlagsFromString('--max-semi-space-size=0');
  return new Worker(file);
}

function semiSpaceFlagGiven(): boolean {
  return [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.includes('--max-semi-space-size'));
}
