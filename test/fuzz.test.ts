// A short fuzz run inside the test suite (the long one is `npm run fuzz`): mutated fixtures through
// decode → parse → facts → rules → fixes must never throw, for both languages.
import { strict as assert } from 'node:assert';
import { fuzz } from '../scripts/fuzz';

describe('fuzz (short run)', function () {
  this.timeout(300000);
  for (const lang of ['powershell', 'vbscript'] as const) {
    it(`${lang}: 60 mutated inputs, no crash and no input over the time budget`, async () => {
      const r = await fuzz(60, 20261125, lang);
      assert.deepEqual(r.crashes.map((c) => `${c.mutation} ${c.file}: ${c.error.split('\n')[0]}`), []);
      assert.deepEqual(r.hangs.map((h) => `${h.mutation} ${h.file}`), []);
      assert.ok(r.findings > 0, 'the mutated inputs still produce findings (the pipeline really ran)');
    });
  }
});
