// A short fuzz run inside the test suite (the long one is `npm run fuzz`): mutated fixtures through
// decode → parse → facts → rules → fixes (applied and analysed again) must never throw nor hang, nor
// find otherwise when every statement is walked, in every language; and the run is the same whatever
// the number of worker threads.
import { strict as assert } from 'node:assert';
import { fuzz, MUTATIONS, SCHEDULED, type FuzzResult } from '../scripts/fuzz';

const SEED = 20261125;
const failures = (r: FuzzResult) => [
  ...r.crashes.map((c) => `crash seed=${c.seed} ${c.mutation} ${c.file} (${c.step}): ${c.error.split('\n')[0]}`),
  ...r.hangs.map((h) => `hang seed=${h.seed} ${h.mutation} ${h.file} (${h.step}): ${h.ms} ms`),
  ...r.differences.map((d) => `difference seed=${d.seed} ${d.mutation} ${d.file}: gated ${d.gated}, every statement ${d.every}`),
];
/** What must not depend on scheduling: everything but times. */
const outcome = (r: FuzzResult) => ({
  findings: r.findings, fixes: r.fixes, reanalysed: r.reanalysed, overBudget: r.overBudget, failures: failures(r),
  kinds: Object.fromEntries(Object.entries(r.byMutation).map(([k, s]) => [k, [s.count, s.findings, s.binary, s.analyses]])),
});

describe('fuzz (short run)', function () {
  this.timeout(60000);
  for (const lang of ['powershell', 'vbscript', 'jscript'] as const) {
    it(`${lang}: 60 mutated inputs of every kind, no crash, no input over the time budget, the same findings with every statement walked`, async () => {
      const r = await fuzz(60, SEED, lang, { jobs: 1 });
      assert.deepEqual(failures(r), []);
      // Every kind ran, the giant ones included (they have fixed slots: iterations 0 and 25).
      assert.deepEqual(Object.keys(r.byMutation).sort(), Object.keys(MUTATIONS).sort());
      assert.ok(r.findings > 0, 'the mutated inputs still produce findings (the pipeline really ran)');
      assert.ok(r.reanalysed > 0 && r.fixes >= r.reanalysed, 'fixes were applied and the fixed texts analysed');
    });
  }

  it('gives the same results on two worker threads as on one', async () => {
    // The ordinary kinds: whether a giant input is stopped by the stack or the clock can depend on
    // the JIT's state and the machine's load, so those are left out of the comparison.
    const mutations = Object.keys(MUTATIONS).filter((k) => !(k in SCHEDULED));
    const one = await fuzz(40, SEED + 1000, 'vbscript', { jobs: 1, mutations });
    const two = await fuzz(40, SEED + 1000, 'vbscript', { jobs: 2, mutations });
    assert.equal(two.jobs, 2);
    assert.deepEqual(outcome(two), outcome(one));
  });
});
