// The first analysis worker starts before the server's bundle is even compiled (server-loader.ts calls
// startFirstWorker), so that its own start-up (Node's ~25 ms for a thread, its bundle, the PowerShell grammar) runs
// on another core while this thread loads the protocol libraries. The first diagnostics wait on that worker: it
// is the cold start's critical path (docs/PERFORMANCE.md). The loader and the bundle are separate module graphs:
// the worker is handed over on the global object (base/hand-over.ts).
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { handOver, takeHandedOver } from '../base/hand-over';
import { ANALYSIS_WORKER_LOADER } from './dist-files';

export const ANALYSIS_WORKER_FILE = join(__dirname, ANALYSIS_WORKER_LOADER);

const HANDED = 'firstWorker';

/** Starts the first worker, for the server to take (`firstWorker`). */
export function startFirstWorker(): void {
  handOver(HANDED, new Worker(ANALYSIS_WORKER_FILE));
}

/** The worker startFirstWorker started, taken once; or one started now, when the bundle runs without its loader. */
export function firstWorker(): Worker {
  return takeHandedOver<Worker>(HANDED) ?? new Worker(ANALYSIS_WORKER_FILE);
}
