// Checks a command line's files on several threads (`--jobs N`). Files are handed out one at a time to
// whichever worker is free (a few large files must not leave the others idle), and results are returned
// in the order of the files, so the output is the same whatever the number of threads.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { initParsers } from '../core/analyze';
import { checkFile, type FileJob, type FileResult } from './check-file';

/**
 * Below this many files the run stays on this thread: starting a worker (loading the PowerShell
 * grammar in it) costs about as much as checking a few dozen files.
 */
export const MIN_FILES_FOR_WORKERS = 64;

const BATCH = 32;

export const DEFAULT_JOBS = Math.max(1, availableParallelism());

/**
 * Checks every job; `onResult` sees each result in file order, as soon as it and those before it are
 * done. On one thread everything runs here. On more, `threads` workers read, pre-filter and analyse
 * the files, each taking the next batch when it is free (batches shrink towards the end, so a few
 * large scripts spread over the cores), and this thread only hands them out and keeps the order.
 */
export async function checkFiles(jobs: FileJob[], threads: number, onResult: (r: FileResult, job: FileJob) => void): Promise<void> {
  if (threads <= 1 || jobs.length < MIN_FILES_FOR_WORKERS) {
    await initParsers();
    for (const job of jobs) onResult(checkFile(job), job);
    return;
  }
  const results: (FileResult | undefined)[] = new Array(jobs.length);
  let emitted = 0; // results passed to onResult, in order
  const settle = (index: number, result: FileResult) => {
    results[index] = result;
    while (emitted < jobs.length && results[emitted]) {
      onResult(results[emitted]!, jobs[emitted]);
      results[emitted] = undefined; // placed findings can be large: keep only what is waiting
      emitted++;
    }
  };
  let next = 0; // the first file not yet handed out
  const idle: Worker[] = [];
  const workers: Worker[] = [];
  let failed: Error | undefined;
  let wake: (() => void) | undefined;
  const dispatch = () => {
    while (idle.length && next < jobs.length) {
      // A batch: small enough that a worker with large files does not hold many others back.
      const size = Math.max(1, Math.min(BATCH, Math.ceil((jobs.length - next) / (2 * threads))));
      const batch: { index: number; job: FileJob }[] = [];
      for (const end = Math.min(jobs.length, next + size); next < end; next++) batch.push({ index: next, job: jobs[next] });
      idle.pop()!.postMessage(batch);
    }
  };
  try {
    for (let i = 0; i < threads; i++) {
      const w = new Worker(join(__dirname, 'cli-worker.js'));
      workers.push(w);
      idle.push(w);
      w.on('message', (ms: { index: number; result: FileResult }[]) => {
        for (const m of ms) settle(m.index, m.result);
        idle.push(w);
        dispatch();
        wake?.();
      });
      w.on('error', (e) => { failed = e; wake?.(); });
      w.on('exit', (code) => { if (code !== 0) { failed ??= new Error(`a worker stopped with exit code ${code}`); wake?.(); } });
    }
    dispatch();
    while (emitted < jobs.length) {
      if (failed) throw failed;
      await new Promise<void>((r) => { wake = r; });
      wake = undefined;
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
