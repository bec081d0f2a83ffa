// Checks a command line's files on several threads (`--jobs N`). The largest files are handed out first,
// each alone, and the small ones after them in batches, to whichever worker is free (a few large
// scripts hold most of the work: they must not end up queued behind each other on one thread).
// Results are returned in the order of the files, so the output is the same whatever the number of threads.
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

/** At most this many files, or this many bytes, in one hand-out (one message each way). */
const BATCH = 32;
const BATCH_BYTES = 128 * 1024;

export const DEFAULT_JOBS = Math.max(1, availableParallelism());

/**
 * Starts the workers of a run on `threads` threads (none for one), before the files are listed, so
 * that their start-up (the bundle, the grammar) overlaps the listing. They do not keep the process
 * alive until `checkFiles` uses them; it stops them, or stops them unused when there are few files.
 */
export function startWorkers(threads: number): Worker[] {
  const workers: Worker[] = [];
  for (let i = 0; i < (threads > 1 ? threads : 0); i++) {
    const w = new Worker(join(__dirname, 'cli-worker.js'));
    w.unref();
    workers.push(w);
  }
  return workers;
}

/**
 * Checks every job; `onResult` sees each result in file order, as soon as it and those before it are
 * done. With no workers (or few files) everything runs here. Otherwise the workers read, pre-filter
 * and analyse the files, each taking the next hand-out when it is free, and this thread only hands
 * them out and keeps the order.
 */
export async function checkFiles(jobs: FileJob[], workers: Worker[], onResult: (r: FileResult, job: FileJob) => void): Promise<void> {
  if (workers.length === 0 || jobs.length < MIN_FILES_FOR_WORKERS) {
    await Promise.all(workers.map((w) => w.terminate()));
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
  const order = handOutOrder(jobs);
  let next = 0; // the first entry of `order` not yet handed out
  const idle: Worker[] = [];
  let failed: Error | undefined;
  let wake: (() => void) | undefined;
  const dispatch = () => {
    while (idle.length && next < order.length) {
      // Small enough that a worker with large files does not hold many others back; smaller towards the end.
      const most = Math.max(1, Math.min(BATCH, Math.ceil((order.length - next) / (2 * workers.length))));
      const batch: { index: number; job: FileJob }[] = [];
      let bytes = 0;
      while (next < order.length && batch.length < most && (batch.length === 0 || bytes + (jobs[order[next]].size ?? 0) <= BATCH_BYTES)) {
        const index = order[next++];
        bytes += jobs[index].size ?? 0;
        batch.push({ index, job: jobs[index] });
      }
      idle.pop()!.postMessage(batch);
    }
  };
  try {
    workers.forEach((w, i) => {
      w.ref(); // now the run waits for them
      idle.push(w);
      w.on('message', (ms: { index: number; result: FileResult }[]) => {
        for (const m of ms) settle(m.index, m.result);
        idle.push(w);
        dispatch();
        wake?.();
      });
      w.on('error', (e) => { failed = e; wake?.(); });
      w.on('exit', (code) => { if (code !== 0) { failed ??= new Error(`worker ${i + 1} stopped with exit code ${code}`); wake?.(); } });
    });
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

/** The jobs' indexes, largest file first (ties in file order; the output order does not depend on it). */
export function handOutOrder(jobs: FileJob[]): number[] {
  return jobs.map((_, i) => i).sort((a, b) => (jobs[b].size ?? 0) - (jobs[a].size ?? 0) || a - b);
}
