// Checks a command line's files on several threads (`--jobs N`). This thread reads every file and
// applies the pre-filter (cheap: most files of a real repository stop there); the files left to analyse
// go to worker threads, largest first, each to whichever worker is free (a few large scripts hold most
// of the work: they must not queue behind each other on one thread). Workers start only once there is
// enough to analyse to repay their start-up, so a run where little passes the pre-filter costs no
// more than one thread. Results are returned in the order of the files, so the output is the same
// whatever the number of threads.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { initParsers, mayHaveFindings } from '../core/analyze';
import { analyseRead, checkFile, readForAnalysis, type FileJob, type FileResult, type ReadFile } from './check-file';

/**
 * Text to analyse (in characters) from which workers are started: starting one (its bundle, the
 * PowerShell grammar) costs about as much as analysing this much on this thread.
 */
export const WORKER_THRESHOLD = 256 * 1024;

/** At most this many files, or this many characters, in one hand-out (one message each way). */
const BATCH = 32;
const BATCH_CHARS = 128 * 1024;

export const DEFAULT_JOBS = Math.max(1, availableParallelism());

/** A file the pre-filter let through, waiting for analysis. */
export interface Pending {
  index: number;
  job: FileJob;
  read: ReadFile;
  result: FileResult;
}

/**
 * Checks every job; `onResult` sees each result in file order, as soon as it and those before it are
 * done. On one thread everything runs here.
 */
export async function checkFiles(jobs: FileJob[], threads: number, onResult: (r: FileResult, job: FileJob) => void): Promise<void> {
  if (threads <= 1) {
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
  const pending: Pending[] = [];
  let chars = 0;
  let workers: Worker[] | undefined;
  try {
    for (let index = 0; index < jobs.length; index++) {
      const { result, read } = readForAnalysis(jobs[index]);
      if (!read) { settle(index, result); continue; }
      pending.push({ index, job: jobs[index], read, result });
      // A page let through only because it includes a script is mostly not parsed (core/wsf-jobs.ts): not counted.
      if (mayHaveFindings(read.decoded.text)) chars += read.decoded.text.length;
      // Enough to analyse: the workers start now and load while the rest is read.
      if (!workers && chars >= WORKER_THRESHOLD) workers = Array.from({ length: threads }, () => new Worker(join(__dirname, 'cli-worker.js')));
    }
    if (!workers) {
      await initParsers();
      for (const p of pending) settle(p.index, analyseRead(p.job, p.read, p.result));
      return;
    }
    await analyseOn(workers, pending, settle);
  } finally {
    if (workers) await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** Hands the pending files out to the workers, largest first, and waits for every result. */
async function analyseOn(workers: Worker[], pending: Pending[], settle: (index: number, result: FileResult) => void): Promise<void> {
  const order = handOutOrder(pending.map((p) => p.read.decoded.text.length));
  let next = 0; // the first entry of `order` not yet handed out
  let left = pending.length;
  const idle: Worker[] = [];
  let failed: Error | undefined;
  let wake: (() => void) | undefined;
  const dispatch = () => {
    while (idle.length && next < order.length) {
      // Small enough that a worker with large files does not hold many others back; smaller towards the end.
      const most = Math.max(1, Math.min(BATCH, Math.ceil((order.length - next) / (2 * workers.length))));
      const batch: Pending[] = [];
      let size = 0;
      while (next < order.length && batch.length < most && (batch.length === 0 || size + pending[order[next]].read.decoded.text.length <= BATCH_CHARS)) {
        const p = pending[order[next++]];
        size += p.read.decoded.text.length;
        // The bytes are only needed to write a fix back (they must survive decoding unchanged).
        batch.push(p.job.fix ? p : { ...p, read: { ...p.read, bytes: new Uint8Array() } });
      }
      idle.pop()!.postMessage(batch);
    }
  };
  workers.forEach((w, i) => {
    idle.push(w);
    w.on('message', (ms: { index: number; result: FileResult }[]) => {
      for (const m of ms) settle(m.index, m.result);
      left -= ms.length;
      idle.push(w);
      dispatch();
      wake?.();
    });
    w.on('error', (e) => { failed = e; wake?.(); });
    w.on('exit', (code) => { if (code !== 0) { failed ??= new Error(`worker ${i + 1} stopped with exit code ${code}`); wake?.(); } });
  });
  dispatch();
  while (left > 0) {
    if (failed) throw failed;
    await new Promise<void>((r) => { wake = r; });
    wake = undefined;
  }
}

/** Indexes of the given sizes, largest first (ties in order; the output order does not depend on it). */
export function handOutOrder(sizes: number[]): number[] {
  return sizes.map((_, i) => i).sort((a, b) => (sizes[b] || 0) - (sizes[a] || 0) || a - b);
}
