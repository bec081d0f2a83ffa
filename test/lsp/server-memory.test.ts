// The language server is started with a small young generation for its main thread (client/src/server-options.ts);
// its analysis workers must keep V8's default, which the process-wide flag would otherwise override.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVER_NODE_ARGS } from '../../client/src/server-options';

/** Allocates, keeping some of it alive, so that V8 grows the young generation as far as it may; then reports its size in MB. */
const CHURN = `
  const v8 = require('node:v8');
  let keep = [];
  for (let i = 0; i < 2e6; i++) { keep.push({ a: i, b: [i] }); if (keep.length > 200000) keep = []; }
  const newSpace = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 1048576;
`;

describe('the language server\'s memory (lsp/server-memory.ts)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'hopcheck-heap-'));
    writeFileSync(join(dir, 'worker.js'), `${CHURN}\nrequire('node:worker_threads').parentPort.postMessage(newSpace());\n`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** In a process started with the server's Node options: [main thread's young generation, a worker's] in MB. */
  function youngGenerations(start: 'startWorker' | 'new Worker'): [number, number] {
    const module = join(__dirname, '..', '..', 'server', 'src', 'lsp', 'server-memory.ts');
    const worker = join(dir, 'worker.js');
    const make = start === 'startWorker' ? `require(${JSON.stringify(module)}).startWorker(${JSON.stringify(worker)})`
      : `new (require('node:worker_threads').Worker)(${JSON.stringify(worker)})`;
    const script = `${CHURN}\nconst w = ${make};\nw.on('message', (m) => { console.log(JSON.stringify([newSpace(), m])); w.terminate(); });\n`;
    const r = spawnSync(process.execPath, [...SERVER_NODE_ARGS, '--require', 'tsx/cjs', '-e', script], { encoding: 'utf8', cwd: join(__dirname, '..', '..') });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout.trim()) as [number, number];
  }

  it('keeps the main thread\'s young generation small and gives a worker V8\'s default', () => {
    const [main, worker] = youngGenerations('startWorker');
    assert.ok(main <= 2, `main thread: ${main} MB`);
    assert.ok(worker >= 8, `analysis worker: ${worker} MB`);
  });

  it('(the flag alone would shrink the worker too: what startWorker undoes)', () => {
    const [main, worker] = youngGenerations('new Worker');
    assert.ok(main <= 2 && worker <= 2, `main ${main} MB, worker ${worker} MB`);
  });
});
