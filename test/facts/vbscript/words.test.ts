// facts/vbscript/relevance.ts keeps an open VBScript document's word index between edits and reads again
// only the edited lines (WordIndex.edited). Differential test: after random edits, the moved index must
// hold exactly the words a fresh read of the whole text finds.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { widen, type EditRegion } from '../../../server/src/core/reuse';
import { WordIndex } from '../../../server/src/facts/vbscript/relevance';
import { rng } from '../../../scripts/rng';

const PIECES = [' ', 'x', 'Name', '.', '"', "'", '""', '\n', '\r\n', '\r', 'obj.Member ', "' note\n", '"a b"', ' _\n', 'Rem x\n', 'é', '1', ':',
  'EvictNode', 'evictnode', 'Evict', 'Node', 'AddNode', 'Destroy', 'Cluster'];

describe('an open VBScript document\'s word index', () => {
  const dir = join(__dirname, '..', '..', 'fixtures', 'vbscript');
  const bases = readdirSync(dir).filter((f) => f.endsWith('.vbs')).map((f) => readFileSync(join(dir, f), 'utf8'));
  bases.push(bases.join('\r\n'));

  it('moved to the edited text, holds the words a fresh read finds (random edits, several between reads)', () => {
    const r = rng(20261203);
    let checked = 0;
    for (const base of bases) {
      let text = base;
      let index = WordIndex.of(text);
      for (let i = 0; i < 30; i++) {
        let region: EditRegion | undefined;
        for (let k = 0, n = 1 + Math.floor(r() * 4); k < n; k++) {
          const start = Math.floor(r() * (text.length + 1));
          const end = Math.min(text.length, start + Math.floor(r() * 6));
          const insert = r() < 0.3 ? '' : PIECES[Math.floor(r() * PIECES.length)];
          region = widen(region, start, end, insert.length);
          text = text.slice(0, start) + insert + text.slice(end);
        }
        index = index.edited(text, region!);
        assert.deepEqual(index.words(), WordIndex.of(text).words(), `edit ${i} of a ${base.length}-character script`);
        assert.deepEqual(index.seeds(), WordIndex.of(text).seeds(), `the seeds after edit ${i} of a ${base.length}-character script`);
        const found: number[] = [];
        const first = index.words()[0];
        if (first) {
          index.each(text.slice(first[0], first[1]).toLowerCase(), (at) => found.push(at));
          assert.ok(found.includes(first[0]), 'the moved index finds a word by its name');
        }
        checked++;
      }
    }
    assert.ok(checked >= 30 * bases.length);
  });
});
