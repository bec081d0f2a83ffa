// scripts/bench-floors.ts: the floor processes the bench measures the cold start and the peak RSS against must
// report their own peak, whatever the size of the process that starts them.
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { nodeAlone } from '../../scripts/bench-floors';

describe('the bench\'s floor processes (scripts/bench-floors.ts)', () => {
  it('report their own peak resident set, not the larger one of the process that spawned them', async function () {
    if (!existsSync('/proc/self/status')) this.skip(); // Linux: where process.resourceUsage().maxRSS carries the parent's
    this.timeout(20000);
    // This process made larger than Node alone can be: 256 MB touched. A child's ru_maxrss starts from
    // what its parent had resident at the fork, so the old floor read this process's size.
    const ballast = Buffer.alloc(256 * 1024 * 1024, 1);
    try {
      const floor = await nodeAlone();
      assert.ok(floor.rssMb > 10 && floor.rssMb < 128, `Node alone peaked at ${floor.rssMb.toFixed(0)} MB`);
    } finally {
      ballast.fill(0, 0, 1); // used after the floor ran: the ballast stays resident until then
    }
  });
});
