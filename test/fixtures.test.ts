// Every fixture under test/fixtures/powershell (and vbscript, once present) states its expected
// findings in a comment; this runs the real pipeline on each and compares code, line and column.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kindOf } from '../server/src/core/language';
import { expectedFindings } from './helpers/expectations';
import { found } from './helpers/analyze';

const roots = ['powershell', 'vbscript', 'jscript'].map((d) => join(__dirname, 'fixtures', d));

for (const root of roots) {
  let files: string[];
  try {
    files = readdirSync(root).filter((f) => kindOf(f)).sort();
  } catch {
    continue;
  }
  describe(`fixtures: ${root.split(/[\\/]/).pop()}`, () => {
    it('has fixtures', () => assert.ok(files.length > 0));
    for (const file of files) {
      it(file, async () => {
        const text = readFileSync(join(root, file), 'utf8');
        const expected = expectedFindings(text);
        assert.ok(expected, `${file} has no '# expect:' line`);
        assert.deepEqual(await found(text, kindOf(file)!), expected);
      });
    }
  });
}
