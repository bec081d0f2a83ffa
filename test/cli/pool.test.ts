// The command line's hand-out order (cli/pool.ts): the largest files first, so that a few large
// scripts are spread over the workers instead of queued on one (issue 15, item 3).
import { strict as assert } from 'node:assert';
import { handOutOrder } from '../../server/src/cli/pool';

describe('cli/pool handOutOrder', () => {
  it('hands out the largest files first, ties in file order', () => {
    assert.deepEqual(handOutOrder([10, 400_000, 10, 300_000, 500_000]), [4, 1, 3, 0, 2]);
  });
});
