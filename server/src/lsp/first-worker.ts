// Imported first by server.ts: the first analysis worker starts before the rest of the server is
// loaded, so that its own start-up (its bundle, the PowerShell grammar) runs on another core while
// this thread loads the protocol libraries. The first diagnostics wait on that worker: started after
// the server's ~50 ms of loading, it was the longest step of a cold start (docs/PERFORMANCE.md).
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ANALYSIS_WORKER_LOADER } from './dist-files';

export const ANALYSIS_WORKER_FILE = join(__dirname, ANALYSIS_WORKER_LOADER);

export const firstWorker = new Worker(ANALYSIS_WORKER_FILE);
