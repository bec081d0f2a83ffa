// Checks a command line's files on several threads (`--jobs N`: this one and N - 1 workers). This thread
// reads every file and applies the pre-filter (cheap: most files of a real repository stop there); the
// files left to analyse go to worker threads as they are read, the largest waiting first, each batch to
// whichever worker is free (a few large scripts hold most of the work: they must not queue behind each
// other on one thread); once every file is read, this thread analyses too, the smallest first. Workers
// start only once there is enough to analyse to repay their start-up, so a run where little passes the
// pre-filter costs no more than one thread. Results are returned in the order of the files, so the
// output is the same whatever the number of threads.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { initParsers } from '../core/analyze';
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
  const waiting: Pending[] = []; // let through, not analysed yet, before the workers exist
  let chars = 0;
  let workers: Workers | undefined;
  try {
    for (let index = 0; index < jobs.length; index++) {
      const { result, read, why } = readForAnalysis(jobs[index]);
      if (!read) { settle(index, result); continue; }
      const p = { index, job: jobs[index], read, result };
      if (workers) workers.add(p);
      else waiting.push(p);
      // A page let through only because it includes a script is mostly not parsed (core/wsf-jobs.ts): not counted.
      if (why === 'names') chars += read.decoded.text.length;
      // Enough to analyse: the workers start now, and analyse while the rest is read.
      if (!workers && chars >= WORKER_THRESHOLD) {
        workers = new Workers(threads, settle);
        for (const w of waiting.splice(0)) workers.add(w);
      }
      // Now and then, let the workers' results in, so that a free worker gets the next files.
      if (workers && (index & 63) === 0) await new Promise<void>((r) => setImmediate(r));
    }
    if (!workers) {
      await initParsers();
      for (const p of waiting) settle(p.index, analyseRead(p.job, p.read, p.result));
      return;
    }
    await workers.finish();
  } finally {
    await workers?.terminate();
  }
}

/**
 * The threads of a run: files are added as they are read and handed out to whichever worker is free,
 * the largest of those waiting first, in batches small enough that a worker with large files does not
 * hold many others back; after the reading, this thread takes the smallest ones.
 */
class Workers {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue = new BySize<Pending>((p) => p.read.decoded.text.length);
  private outstanding = 0; // files handed out, results not back
  private reading = true;
  private failed?: Error;
  private wake?: () => void;

  /** `threads` includes this one: it reads the files, then analyses too (a worker less to start and to warm up). */
  constructor(threads: number, private readonly settle: (index: number, result: FileResult) => void) {
    for (let i = 0; i < threads - 1; i++) {
      const w = new Worker(join(__dirname, 'cli-worker.js'));
      this.workers.push(w);
      this.idle.push(w); // a message posted while it loads waits for it
      w.on('message', (ms: { index: number; result: FileResult }[]) => {
        for (const m of ms) this.settle(m.index, m.result);
        this.outstanding -= ms.length;
        this.idle.push(w);
        this.dispatch();
        this.wake?.();
      });
      w.on('error', (e) => { this.failed = e; this.wake?.(); });
      w.on('exit', (code) => { if (code !== 0) { this.failed ??= new Error(`worker ${i + 1} stopped with exit code ${code}`); this.wake?.(); } });
    }
  }

  add(p: Pending): void {
    this.queue.add(p);
    this.dispatch();
  }

  /**
   * Every file added: this thread analyses what the workers have not taken, the smallest file first (it
   * is soon back to hand the next batch to a worker that asks), and waits for all results.
   */
  async finish(): Promise<void> {
    this.reading = false;
    this.dispatch();
    let parsers: Promise<unknown> | undefined;
    while (this.queue.length || this.outstanding) {
      if (this.failed) throw this.failed;
      if (this.queue.length) {
        await (parsers ??= initParsers());
        // Meanwhile a worker that asked may have taken the rest.
        const p = this.queue.takeSmallest();
        if (p) this.settle(p.index, analyseRead(p.job, p.read, p.result));
        await new Promise<void>((r) => setImmediate(r)); // a worker's results, and its next batch
        continue;
      }
      await new Promise<void>((r) => { this.wake = r; });
      this.wake = undefined;
    }
    if (this.failed) throw this.failed;
  }

  async terminate(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length && this.queue.length) {
      // Batches of up to BATCH files while files are still read; at the end, smaller ones spread what is left.
      const most = this.reading ? BATCH : Math.max(1, Math.min(BATCH, Math.ceil(this.queue.length / (2 * this.workers.length))));
      const batch = this.queue.takeLargest(most, BATCH_CHARS);
      this.outstanding += batch.length;
      // The bytes are only needed to write a fix back (they must survive decoding unchanged).
      this.idle.pop()!.postMessage(batch.map((p) => (p.job.fix ? p : { ...p, read: { ...p.read, bytes: new Uint8Array() } })));
    }
  }
}

/**
 * Files waiting, in hand-out order: the largest first, equal sizes in the order they came. Sorted when
 * asked after new files came (the sort is nearly linear on an already sorted list with some appended),
 * not for every batch, and taken from either end without moving the rest: a repository can let tens of
 * thousands of files through while the workers are busy.
 */
export class BySize<T> {
  private items: { item: T; size: number; seq: number }[] = [];
  /** Items before this one were handed out. */
  private head = 0;
  private sorted = true;
  private seq = 0;

  constructor(private readonly size: (item: T) => number) {}

  get length(): number {
    return this.items.length - this.head;
  }

  add(item: T): void {
    this.items.push({ item, size: this.size(item), seq: this.seq++ });
    this.sorted = false;
  }

  /** The largest items, at most `most` of them and `chars` in all (but always one). */
  takeLargest(most: number, chars: number): T[] {
    this.order();
    const out: T[] = [];
    let total = 0;
    while (this.head < this.items.length && out.length < most && (out.length === 0 || total + this.items[this.head].size <= chars)) {
      total += this.items[this.head].size;
      out.push(this.items[this.head++].item);
    }
    if (this.head > 1024 && this.head * 2 > this.items.length) this.drop();
    return out;
  }

  /** The smallest item (the last of equals to come), or undefined when none is left. */
  takeSmallest(): T | undefined {
    this.order();
    return this.length > 0 ? this.items.pop()!.item : undefined;
  }

  /** Lets the handed-out items go (they hold their files' texts). */
  private drop(): void {
    this.items = this.items.slice(this.head);
    this.head = 0;
  }

  private order(): void {
    if (this.sorted) return;
    this.drop();
    this.items.sort((a, b) => b.size - a.size || a.seq - b.seq);
    this.sorted = true;
  }
}
