// Issue 11, item 6: a fix must not weaken security to make a finding go away. On every fixture and
// example, no preferred fix (what --fix and source.fixAll apply) requests delegation or CredSSP, and
// the fixes that do are still offered, with their cost in the title.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText, initParsers } from '../server/src/core/analyze';
import { kindOf } from '../server/src/core/language';
import { fixesFor, preferredEdits } from '../server/src/fixes/index';
import { applyEdits } from '../server/src/fixes/types';

const WEAKENS = /delegat|credssp|ImpersonationLevel\s*=\s*4/i;
const FOLDERS = [
  join(__dirname, 'fixtures', 'powershell'), join(__dirname, 'fixtures', 'vbscript'), join(__dirname, 'fixtures', 'vbscript-corpus'),
  join(__dirname, '..', 'examples', 'powershell'), join(__dirname, '..', 'examples', 'vbscript'),
];

describe('preferred fixes never weaken security (issue 11 item 6)', () => {
  before(() => initParsers());

  it('no preferred fix adds delegation or CredSSP; those fixes stay offered, saying their cost', () => {
    let delegationOffered = 0;
    let vbsPreferred = 0;
    for (const folder of FOLDERS) {
      for (const file of readdirSync(folder).filter((f) => kindOf(f)).sort()) {
        const text = readFileSync(join(folder, file), 'utf8');
        const kind = kindOf(file)!;
        for (const f of analyzeText(text, kind).findings) {
          for (const fix of fixesFor(f, text, kind)) {
            const added = fix.edits.map((e) => e.newText).join('\n');
            if (!WEAKENS.test(added)) continue;
            delegationOffered++;
            assert.ok(!fix.isPreferred, `${file}: preferred fix "${fix.title}" adds ${added}`);
            assert.match(fix.title, /trusted for delegation|credentials/i, `${file}: "${fix.title}" must say its cost`);
          }
          const preferred = fixesFor(f, text, kind).find((x) => x.isPreferred);
          if (kind !== 'powershell' && (f.code === 'HOP001' || f.code === 'HOP002') && preferred) {
            vbsPreferred++;
            assert.match(preferred.title, /^Connect locally/, `${file}: the preferred VBScript fix is ${preferred.title}`);
          }
        }
      }
    }
    assert.ok(delegationOffered > 10, 'the delegation fixes are still offered');
    assert.ok(vbsPreferred > 5, 'VBScript findings have a preferred fix');
  });

  it('the fix-all result of a VBScript file does not request delegation', () => {
    const file = join(__dirname, '..', 'examples', 'vbscript', 'evict-node.vbs');
    const text = readFileSync(file, 'utf8');
    const { fixes } = preferredEdits(analyzeText(text, 'vbscript').findings, text, 'vbscript');
    assert.ok(fixes.length > 0);
    const fixed = applyEdits(text, fixes.flatMap((f) => f.edits));
    assert.doesNotMatch(fixed, /impersonationLevel\s*=\s*delegate/i);
    assert.deepEqual(analyzeText(fixed, 'vbscript').findings.map((f) => f.code), [], fixed);
  });
});
