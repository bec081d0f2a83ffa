// Every catalogue entry is found where it applies, in both languages: generated from the catalogue,
// so a new method or cluster cmdlet is covered the moment it is added (and one the analysis ignores
// fails here, instead of being silently dropped by a table somebody forgot).
import { strict as assert } from 'node:assert';
import { CATALOGUE as DATA, type Catalogue } from '../../server/src/catalogue/index';

/** The catalogue as code reads it (the literal types of its `as const` data get in the way here). */
const CATALOGUE: Catalogue = DATA;
import { analyzeText, initParsers } from '../../server/src/core/analyze';
import { fixesFor } from '../../server/src/fixes/index';
import { applyEdits } from '../../server/src/fixes/types';
import { METHOD_FORMS, remoteCallFinding } from '../helpers/method-forms';

describe('catalogue coverage: every method over a remote connection is HOP001, in both languages', () => {
  before(() => initParsers());
  for (const m of CATALOGUE.methods) {
    for (const form of METHOD_FORMS) {
      it(`${m.name}: ${form.name} (${form.kind})`, () => {
        const text = form.script(m);
        const { fixes } = remoteCallFinding(text, form.kind, m.name);
        if (form.kind !== 'powershell' || form.name !== 'Get-WmiObject, then the method') return;
        // The catalogue's replacement is the preferred fix, and what it writes is no longer a finding.
        const preferred = fixes.find((f) => f.isPreferred);
        assert.equal(preferred?.title, `Replace with ${m.replacement?.cmdlet} (run from this machine)`);
        const fixed = applyEdits(text, preferred!.edits);
        assert.ok(m.replacement && fixed.includes(m.replacement.cmdlet), fixed);
        assert.deepEqual(analyzeText(fixed, 'powershell').findings.map((f) => f.code), []);
      });
    }
  }
});

describe('catalogue coverage: every cluster cmdlet inside a remote session is HOP003', () => {
  before(() => initParsers());
  const invokers = CATALOGUE.commands.filter((c) => c.session === 'invoke').flatMap((c) => [c.name, ...c.aliases]);
  for (const c of CATALOGUE.commands.filter((x) => x.family === 'cluster')) {
    const written = [c.name, ...c.aliases, `FailoverClusters\\${c.name}`];
    for (const name of written) {
      for (const icm of invokers) {
        it(`${name} in ${icm} -ComputerName n1 { … }`, () => {
          const text = `${icm} -ComputerName n1 {\n  ${name}\n}\n`;
          const a = analyzeText(text, 'powershell');
          assert.deepEqual(a.findings.map((f) => `${f.code} ${f.method}`), [`HOP003 ${c.name}`]);
          const runFromHere = fixesFor(a.findings[0], text, 'powershell').find((f) => f.isPreferred);
          const param = c.runFromHere ? ` (-${c.runFromHere} n1)` : '';
          assert.equal(runFromHere?.title, `Run ${c.name} from this machine${param}`);
        });
      }
    }
  }
});
