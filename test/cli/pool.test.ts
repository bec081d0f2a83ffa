// The command line's hand-out order (cli/pool.ts): the largest files first to the workers, so that a few
// large scripts are spread over them instead of queued on one (issue 15, item 3); the smallest to the
// main thread once it has read every file, so that it is soon back to hand out the next batch.
import { strict as assert } from 'node:assert';
import { BySize } from '../../server/src/cli/pool';

describe('cli/pool hand-out order', () => {
  const queue = (sizes: number[]) => {
    const q = new BySize<{ name: string; size: number }>((f) => f.size);
    sizes.forEach((size, i) => q.add({ name: String(i), size }));
    return q;
  };

  it('hands out the largest files first, ties in file order', () => {
    const q = queue([10, 400_000, 10, 300_000, 500_000]);
    assert.deepEqual(q.takeLargest(Infinity, Infinity).map((f) => Number(f.name)), [4, 1, 3, 0, 2]);
  });

  it('a batch holds at most so many files and characters, but always one', () => {
    const q = queue([10, 400_000, 10, 300_000, 500_000]);
    assert.deepEqual(q.takeLargest(32, 128 * 1024).map((f) => f.name), ['4']);
    assert.deepEqual(q.takeLargest(2, 1_000_000).map((f) => f.name), ['1', '3']);
    assert.deepEqual(q.takeLargest(32, 128 * 1024).map((f) => f.name), ['0', '2']);
    assert.equal(q.length, 0);
  });

  it('the main thread takes the smallest file waiting (the last of equals), and nothing once the workers took all', () => {
    const q = new BySize<{ name: string; size: number }>((f) => f.size);
    for (const [name, size] of [['a', 10], ['b', 400], ['c', 10], ['d', 5]] as const) q.add({ name, size });
    assert.equal(q.takeSmallest()?.name, 'd');
    assert.equal(q.takeSmallest()?.name, 'c');
    assert.deepEqual(q.takeLargest(Infinity, Infinity).map((f) => f.name), ['b', 'a']);
    assert.equal(q.takeSmallest(), undefined); // a worker that asked while this thread waited took the rest
  });

  it('hands out 150,000 files, all of them, largest first, in batches', () => {
    const sizes = Array.from({ length: 150_000 }, (_, i) => (i * 7919) % 100_003);
    const q = queue(sizes);
    let last = Infinity;
    let taken = 0;
    while (q.length) {
      const batch = q.takeLargest(32, 128 * 1024);
      for (const f of batch) {
        assert.ok(f.size <= last);
        last = f.size;
      }
      taken += batch.length;
    }
    assert.equal(taken, sizes.length);
  });
});
