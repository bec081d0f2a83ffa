// A command-line worker thread (bundled as dist/cli-worker.js): analyses the files the main thread
// read and let through the pre-filter, and posts each batch's results back (cli/pool.ts).
import { parentPort } from 'node:worker_threads';
import { initParsers } from '../core/analyze';
import { analyseRead, type FileResult } from './check-file';
import type { Pending } from './pool';

const port = parentPort;
if (!port) throw new Error('cli-worker.js runs as a worker thread of the hopcheck command');

const ready = initParsers();
port.on('message', (batch: Pending[]) => {
  void ready.then(() => {
    port.postMessage(batch.map(({ index, job, read, result: started }) => {
      let result: FileResult;
      try {
        result = analyseRead(job, read, started);
      } catch (e) {
        // analyseRead reports what analysis throws; this is a bug in placing: still one result per file.
        result = { ...started, findings: [], problems: [{ file: job.shown, reason: `internal error: ${(e as Error).message}`, incomplete: true }] };
      }
      return { index, result };
    }));
  });
});
