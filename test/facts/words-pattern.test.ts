// wordsPattern (facts/powershell/syntax.ts): the prefix-factored form of a list of words, used for the
// pre-filter and the relevance seeds, finds a word wherever the flat alternation it replaces does.
import { strict as assert } from 'node:assert';
import { dashTolerant, wordsPattern } from '../../server/src/facts/powershell/syntax';
import { powershellCommandSeedWords, powershellSeedWords, prefilterWords } from '../../server/src/catalogue/derive';
import { CATALOGUE } from '../../server/src/catalogue/index';

const bounded = (source: string) => new RegExp(`(?<![\\w-])(?:${source})(?![\\w-])`, 'gi');
const starts = (re: RegExp, text: string) => [...text.matchAll(re)].map((m) => m.index);

describe('wordsPattern', () => {
  const lists = { seeds: powershellSeedWords(CATALOGUE), commands: powershellCommandSeedWords(CATALOGUE), prefilter: prefilterWords(CATALOGUE) };
  // Every word, with its neighbours in the list glued on, in other cases, with typographic dashes,
  // inside longer words and cut short: where the two forms could part.
  const pieces = Object.values(lists).flat();
  const text = pieces.flatMap((w, i) => [
    w, w.toUpperCase(), w.replace(/-/g, '\u2013'), `x${w}`, `${w}x`, w.slice(0, -1), `${w}${pieces[(i + 1) % pieces.length]}`, `$${w}`, `${w}-Item`,
  ]).join(' ; ');

  for (const [name, words] of Object.entries(lists)) {
    it(`finds the ${name} words as whole words exactly where the flat alternation does`, () => {
      assert.deepEqual(starts(bounded(wordsPattern(words)), text), starts(bounded(words.map(dashTolerant).join('|')), text));
    });
  }
  it('finds a word inside other text wherever the flat alternation starts one', () => {
    const flat = starts(new RegExp(lists.seeds.map(dashTolerant).join('|'), 'gi'), text);
    const factored = starts(new RegExp(wordsPattern(lists.seeds), 'gi'), text);
    assert.deepEqual(factored, flat);
  });
  it('matches nothing for no words', () => {
    assert.equal(new RegExp(wordsPattern([]), 'i').test('anything'), false);
  });
});
