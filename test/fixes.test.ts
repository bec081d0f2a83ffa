// Issue 4's contract for quick fixes, on every fixture with a HOP001–HOP003, HOP005 or HOP006 finding: the preferred
// fixes remove those findings (a delegation fix may leave HOP004 by design), the fixed script has no
// new syntax errors, and the fixed text equals its snapshot in __fixed__/ (UPDATE_SNAPSHOTS=1 writes them).
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText, initParsers } from '../server/src/core/analyze';
import { kindOf } from '../server/src/core/language';
import { preferredEdits } from '../server/src/fixes/index';
import { expectedFindings, findingsWithoutFix } from './helpers/expectations';
import { applyEdits } from '../server/src/fixes/types';

const update = process.env.UPDATE_SNAPSHOTS === '1';

for (const lang of ['powershell', 'vbscript', 'jscript']) {
  const root = join(__dirname, 'fixtures', lang);
  if (!existsSync(root)) continue;
  const files = readdirSync(root).filter((f) => kindOf(f)).sort();
  describe(`preferred fixes: ${lang} fixtures`, () => {
    before(() => initParsers());
    for (const file of files) {
      const text = readFileSync(join(root, file), 'utf8');
      const kind = kindOf(file)!;
      // Only fixtures that expect a HOP001–HOP003, HOP005 or HOP006 finding: elsewhere there is nothing for a fix to do.
      if (!(expectedFindings(text) ?? []).some((e) => /^HOP00[12356] /.test(e))) continue;
      it(file, function () {
        const before = analyzeText(text, kind);
        const bad = before.findings.filter((f) => f.code !== 'HOP004');
        assert.ok(bad.length > 0, 'the fixture has findings to fix');
        const { fixes } = preferredEdits(before.findings, text, kind);
        const fixed = applyEdits(text, fixes.flatMap((f) => f.edits));
        const after = analyzeText(fixed, kind);
        const left = after.findings.filter((f) => f.code !== 'HOP004').map((f) => `${f.code} ${f.method}`).sort();
        assert.deepEqual(left, findingsWithoutFix(text), `findings left after the preferred fixes:\n${fixed}`);
        const errorsBefore = before.facts.reduce((n, x) => n + x.syntaxErrors.length, 0);
        const errorsAfter = after.facts.reduce((n, x) => n + x.syntaxErrors.length, 0);
        assert.ok(errorsAfter <= errorsBefore, `the fix added syntax errors (${errorsBefore} → ${errorsAfter}):\n${fixed}`);
        const snap = join(root, '__fixed__', file);
        if (update) {
          mkdirSync(join(root, '__fixed__'), { recursive: true });
          writeFileSync(snap, fixed);
        }
        assert.ok(existsSync(snap), `no snapshot ${snap}; run UPDATE_SNAPSHOTS=1 npx mocha test/fixes.test.ts and review it`);
        assert.equal(fixed, readFileSync(snap, 'utf8'));
      });
    }
  });
}
