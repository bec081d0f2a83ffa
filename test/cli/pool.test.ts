// The command line's hand-out order (cli/pool.ts): the largest files first, so that a few large
// scripts are spread over the workers instead of queued on one (issue 15, item 3).
import { strict as assert } from 'node:assert';
import { handOutOrder } from '../../server/src/cli/pool';
import type { FileJob } from '../../server/src/cli/check-file';

const job = (file: string, size: number): FileJob => ({ file, shown: file, settings: {} as FileJob['settings'], fix: false, budgetMs: 5000, size });

describe('cli/pool handOutOrder', () => {
  it('hands out the largest files first, ties in file order', () => {
    const jobs = [job('a', 10), job('b', 400_000), job('c', 10), job('d', 300_000), job('e', 500_000)];
    assert.deepEqual(handOutOrder(jobs), [4, 1, 3, 0, 2]);
  });
  it('keeps the file order when sizes are unknown', () => {
    assert.deepEqual(handOutOrder([job('a', NaN), { ...job('b', 0), size: undefined }, job('c', 0)]), [0, 1, 2]);
  });
});
