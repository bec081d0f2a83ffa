// The command line's hand-out order (cli/pool.ts): the largest files first to the workers, so that a few
// large scripts are spread over them instead of queued on one (issue 15, item 3); the smallest to the
// main thread once it has read every file, so that it is soon back to hand out the next batch.
import { strict as assert } from 'node:assert';
import { handOutOrder, takeSmallest } from '../../server/src/cli/pool';

describe('cli/pool handOutOrder', () => {
  it('hands out the largest files first, ties in file order', () => {
    assert.deepEqual(handOutOrder([10, 400_000, 10, 300_000, 500_000]), [4, 1, 3, 0, 2]);
  });

  it('the main thread takes the smallest file waiting (the last of equals), and nothing once the workers took all', () => {
    const file = (name: string, length: number) => ({ name, read: { decoded: { text: 'x'.repeat(length) } } });
    const queue = [file('a', 10), file('b', 400), file('c', 10), file('d', 5)];
    assert.equal(takeSmallest(queue)?.name, 'd');
    assert.equal(takeSmallest(queue)?.name, 'c');
    assert.deepEqual(queue.map((f) => f.name), ['a', 'b']);
    queue.length = 0; // a worker that asked while this thread waited took the rest
    assert.equal(takeSmallest(queue), undefined);
  });
});
