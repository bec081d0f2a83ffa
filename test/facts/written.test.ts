// A value the analysis cannot tell is shown as written (facts/written.ts): read only as far as needed,
// it must read exactly as the whole text would.
import { strict as assert } from 'node:assert';
import { writtenText } from '../../server/src/facts/written';

/** The whole span, collapsed and cut: what writtenText must equal. */
function naive(text: string, start: number, end: number): string {
  const w = text.slice(start, end).replace(/\s+/g, ' ');
  return w.length > 40 ? w.slice(0, 39) + '…' : w;
}

describe('how a value the analysis cannot tell is shown (facts/written.ts)', () => {
  it('collapses blank runs and cuts at 40 characters', () => {
    assert.equal(writtenText('Get-X  -A\n\t $b', { start: 0, end: 14 }), 'Get-X -A $b');
    assert.equal(writtenText('x'.repeat(50), { start: 0, end: 50 }), 'x'.repeat(39) + '…');
    assert.equal(writtenText('x'.repeat(40), { start: 0, end: 40 }), 'x'.repeat(40));
  });

  it('reads as the whole text would, when blank runs reach past what it reads first', () => {
    // 30 characters, then blanks up to the 256th and beyond, then more: the run must still count as one blank.
    const text = 'a'.repeat(30) + ' '.repeat(500) + 'b'.repeat(20);
    assert.equal(writtenText(text, { start: 0, end: text.length }), naive(text, 0, text.length));
    assert.equal(writtenText(text, { start: 0, end: text.length }), 'a'.repeat(30) + ' ' + 'b'.repeat(8) + '…');
  });

  it('agrees with reading the whole span on random texts of words and blank runs', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) % n);
    for (let i = 0; i < 3000; i++) {
      let text = '';
      while (text.length < 1200) text += rnd(3) === 0 ? ' \t\n'.repeat(1 + rnd(rnd(2) ? 3 : 150)) : 'xyz$(){}'.slice(0, 1 + rnd(8)).repeat(1 + rnd(6));
      const start = rnd(200);
      const end = start + rnd(text.length - start);
      assert.equal(writtenText(text, { start, end }), naive(text, start, end), `${start}-${end}`);
    }
  });
});
