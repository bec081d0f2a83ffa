// Checks a command line's files on several threads (`--jobs N`). Files are handed out one at a time to
// whichever worker is free (a few large files must not leave the others idle), and results are returned
// in the order of the files, so the output is the same whatever the number of threads.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { initParsers } from '../core/analyze';
import { checkFile, type FileJob, type FileResult } from './check-file';

/**
 * Below this many files the run stays on the main thread: starting a worker (loading the PowerShell
 * grammar in it) costs about as much as checking a few dozen files.
 */
export const MIN_FILES_FOR_WORKERS = 64;

export const DEFAULT_JOBS = Math.max(1, availableParallelism());

/**
 * Checks every job; `onResult` sees each result in file order, as soon as it and those before it are
 * done. The main thread is one of the `threads`: it checks files too while the workers start (loading
 * the grammar takes a worker about 0.3 s), so a short run is never slower than on one thread.
 */
export async function checkFiles(jobs: FileJob[], threads: number, onResult: (r: FileResult, job: FileJob) => void): Promise<void> {
  await initParsers();
  const workerCount = jobs.length < MIN_FILES_FOR_WORKERS ? 0 : Math.min(threads - 1, Math.floor(jobs.length / 32));
  const results: (FileResult | undefined)[] = new Array(jobs.length);
  let next = 0; // the next job to hand out
  let emitted = 0; // results passed to onResult, in order
  const settle = (index: number, result: FileResult) => {
    results[index] = result;
    while (emitted < jobs.length && results[emitted]) {
      onResult(results[emitted]!, jobs[emitted]);
      results[emitted] = undefined; // placed findings can be large: keep only what is waiting
      emitted++;
    }
  };
  const workers: Worker[] = [];
  let failed: Error | undefined;
  let wake: (() => void) | undefined;
  const give = (w: Worker) => {
    if (next < jobs.length) {
      const index = next++;
      w.postMessage({ index, job: jobs[index] });
    }
  };
  try {
    for (let i = 0; i < workerCount; i++) {
      const w = new Worker(join(__dirname, 'cli-worker.js'));
      workers.push(w);
      w.on('message', (m: { index: number; result: FileResult }) => {
        settle(m.index, m.result);
        give(w);
        wake?.();
      });
      w.on('error', (e) => { failed = e; wake?.(); });
      w.on('exit', (code) => { if (code !== 0) { failed ??= new Error(`a worker stopped with exit code ${code}`); wake?.(); } });
      give(w);
    }
    // The main thread's share: one file at a time, letting the workers' results in between.
    while (next < jobs.length) {
      if (failed) throw failed;
      const index = next++;
      settle(index, checkFile(jobs[index]));
      if (workers.length) await new Promise<void>((r) => setImmediate(r));
    }
    while (emitted < jobs.length) {
      if (failed) throw failed;
      await new Promise<void>((r) => { wake = r; });
      wake = undefined;
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
