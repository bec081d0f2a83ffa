// Loading the PowerShell parser detaches an ArrayBuffer first (parse/detached-buffers.ts), so that V8's first
// detach in the thread, which throws away every optimized function that reads a typed array, happens before
// anything is optimized and never when the runtime's wasm memory grows. Observed with V8's own test natives in
// a child process: a function optimized after the load stays optimized when a buffer is detached later.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** V8's optimization status of a typed-array reader optimized after `setup`, before and after a buffer is detached. */
function statusAroundDetach(setup: string): { before: number; after: number } {
  const script = `
    const { initPowerShell } = require(${JSON.stringify(join(ROOT, 'server', 'src', 'parse', 'powershell.ts'))});
    (async () => {
      ${setup}
      const read = (a) => a[0] + a[1];
      const bytes = new Uint8Array(4);
      %PrepareFunctionForOptimization(read);
      read(bytes); read(bytes);
      %OptimizeFunctionOnNextCall(read);
      read(bytes);
      const before = %GetOptimizationStatus(read);
      const b = new ArrayBuffer(8);
      structuredClone(b, { transfer: [b] }); // as the wasm memory's growth detaches its old buffer
      console.log(JSON.stringify({ before, after: %GetOptimizationStatus(read) }));
    })();`;
  const run = spawnSync(process.execPath, ['--allow-natives-syntax', '--require', 'tsx/cjs', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as { before: number; after: number };
}

const OPTIMIZED = 16; // V8's OptimizationStatus::kOptimized

describe('a buffer detached before the PowerShell parser loads', () => {
  it('a typed-array reader optimized after the load stays optimized when a buffer is detached', () => {
    const { before, after } = statusAroundDetach('await initPowerShell();');
    assert.ok(before & OPTIMIZED, `optimized first (status ${before.toString(2)})`);
    assert.ok(after & OPTIMIZED, `still optimized (status ${after.toString(2)})`);
  });

  it('(the check itself) without the load, the same detach throws the optimized reader away', () => {
    const { before, after } = statusAroundDetach('');
    assert.ok(before & OPTIMIZED, `optimized first (status ${before.toString(2)})`);
    assert.equal(after & OPTIMIZED, 0, `deoptimized (status ${after.toString(2)})`);
  });
});
