// A command-line worker thread (bundled as dist/cli-worker.js): checks the files the main thread hands
// it, one at a time, and posts each result back (cli/pool.ts).
import { parentPort } from 'node:worker_threads';
import { initParsers } from '../core/analyze';
import { checkFile, type FileJob, type FileResult } from './check-file';

const port = parentPort;
if (!port) throw new Error('cli-worker.js runs as a worker thread of the hopcheck command');

const ready = initParsers();
port.on('message', (batch: { index: number; job: FileJob }[]) => {
  void ready.then(() => {
    port.postMessage(batch.map(({ index, job }) => {
      let result: FileResult;
      try {
        result = checkFile(job);
      } catch (e) {
        // checkFile reports what analysis throws; this is a bug in reading or placing: still one result per file.
        result = { scanned: false, findings: [], problems: [{ file: job.shown, reason: `internal error: ${(e as Error).message}`, incomplete: true }], ioError: false };
      }
      return { index, result };
    }));
  });
});
