// facts/powershell/text-scan.ts keeps an open PowerShell document's seed words and variable mentions between
// edits and scans again only the edited lines (TextScan.edited). Differential test: after random edits, the
// moved scan must give exactly the seeds and mentions a scan of the whole text finds.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { widen, type EditRegion } from '../../../server/src/core/reuse';
import { FUNCTION_RE, TextScan, VARIABLE_RE, eachVariable, type VariableMentions } from '../../../server/src/facts/powershell/text-scan';
import { mayBind } from '../../../server/src/facts/powershell/bindings';
import { rng } from '../../../scripts/rng';
import { filesUnder, isPowerShell } from '../../helpers/files';

/** Pieces that make, split or join seed words and variables, and lines. */
const PIECES = [' ', 'x', '$', '$x', '@', '${a b}', '$script:', ':', '-', '–', 'Invoke-Command ', 'icm', 'EvictNode', 'Get-ClusterNode', 'Enter-PSSession',
  'New-PSSession', 'Copy-Item ', 'Get-ADUser', '\n', '\r\n', '\r', '"', "'", '# ', 'é', '1', 'function ', 'function', 'filter f', 'workflow\n', '\u00a0', '{', '(', '-',
  '.function x', 'function function g', ' = ', '=', '[0]', '.Name', ')', ',', '+='];

/** The name of each mention, in text order. */
function namesOf(m: VariableMentions): string[] {
  return Array.from(m.at, (_, i) => m.nameAt(i));
}

/** Everything a scan answers, for comparison. */
function answers(scan: TextScan): unknown {
  const m = scan.mentions();
  const names = namesOf(m);
  return {
    seeds: scan.seeds(), remote: scan.seeds(true), at: Array.from(m.at), name: names, alone: [0, 7, 40].map((k) => m.readAlone(k, k + 9)),
    byName: [...new Set(names), 'no such name'].sort().map((n) => [n, [...Array.from(m.of(n))], [...Array.from(m.binding(n))]]),
    functions: scan.functionStarts(),
  };
}

/** mayBind of each mention of each name, read from the text (the verdicts a scan keeps must be these). */
function verdicts(scan: TextScan, text: string): unknown {
  const m = scan.mentions();
  const token = new RegExp(VARIABLE_RE.source, 'y');
  const at = (p: number) => {
    token.lastIndex = p;
    return p + token.exec(text)![0].length;
  };
  return [...new Set(namesOf(m))].sort().map((n) => [n, Array.from(m.binding(n)), Array.from(m.of(n), (p) => (mayBind(text, at(p)) ? 1 : 0))]);
}

describe('an open PowerShell document\'s seed words and variable mentions (text-scan.ts)', () => {
  const root = join(__dirname, '..', '..', '..');
  const bases = [...filesUnder(join(root, 'test', 'fixtures', 'powershell'), isPowerShell), ...filesUnder(join(root, 'examples'), isPowerShell)]
    .map((f) => readFileSync(f, 'utf8')).filter((t) => t.length > 0);

  it('moved to the edited text, gives what a scan of the whole text gives (random edits, several between scans)', () => {
    const r = rng(20261206);
    let checked = 0;
    for (const base of bases) {
      let text = base;
      let scan = TextScan.of(text);
      for (let i = 0; i < 8; i++) {
        let region: EditRegion | undefined;
        let at = Math.floor(r() * (text.length + 1));
        for (let k = 0, n = 1 + Math.floor(r() * 4); k < n; k++) {
          // Near each other, as typing makes them, or anywhere.
          const start = r() < 0.7 ? Math.max(0, Math.min(text.length, at + Math.floor(r() * 30) - 15)) : Math.floor(r() * (text.length + 1));
          const end = Math.min(text.length, start + (r() < 0.6 ? 0 : Math.floor(r() * 12)));
          const insert = r() < 0.25 ? '' : PIECES[Math.floor(r() * PIECES.length)];
          region = widen(region, start, end, insert.length);
          text = text.slice(0, start) + insert + text.slice(end);
          at = start + insert.length;
        }
        scan = scan.edited(text, region!);
        assert.deepEqual(answers(scan), answers(TextScan.of(text)), `edit ${i} of a ${base.length}-character script`);
        for (const [name, kept, read] of verdicts(scan, text) as [string, number[], number[]][]) assert.deepEqual(kept, read, `$${name}, edit ${i}`);
        assert.deepEqual(scan.functionStarts(), [...text.matchAll(FUNCTION_RE)].map((m) => m.index), 'the definitions FUNCTION_RE finds');
        checked++;
      }
    }
    assert.ok(checked >= 8 * bases.length && bases.length > 20);
  });

  it('reads again the verdicts of mentions on lines before the edit whose text after them it changed', () => {
    // The verdict of `$x` reads on past its line: an edit of a later line can turn it into an assignment.
    const cases: [string, string, string][] = [
      ['$x\nWrite-Host 1\n', 'Write-Host', '= '],
      [`$x${' '.repeat(2000)}\n\nWrite-Host 1\n`, 'Write-Host', '('],
      ['foreach ($x\n\n  $y) { }\n', '$y', 'in '],
      ['$a[0]\n$b = 1\n', '$b', ', '],
    ];
    for (const [n, [before, where, insert]] of cases.entries()) {
      const scan = TextScan.of(before);
      const x = before.includes('$x') ? 'x' : 'a';
      assert.deepEqual(Array.from(scan.mentions().binding(x)), [0], `case ${n}: read before the edit`);
      const at = before.indexOf(where);
      const text = before.slice(0, at) + insert + before.slice(at);
      const moved = scan.edited(text, { start: at, oldEnd: at, newEnd: at + insert.length });
      assert.deepEqual(Array.from(moved.mentions().binding(x)), [1], `case ${n}: may bind after it`);
    }
  });

  it('gives each name\'s mentions after thousands of names were typed and gone (its name table compacted)', () => {
    let text = '$keep = 1\n$v = $keep\nWrite-Output $v $keep\n';
    let scan = TextScan.of(text);
    const at = text.indexOf('$v');
    for (let i = 0; i < 5000; i++) {
      // `$v` becomes `$v0`, `$v1`, ...: one new name per edit.
      const old = /^\$v\d*/.exec(text.slice(at))![0];
      const next = `$v${i}`;
      const edited = text.slice(0, at) + next + text.slice(at + old.length);
      scan = scan.edited(edited, { start: at, oldEnd: at + old.length, newEnd: at + next.length });
      text = edited;
      if (i % 997 === 0 || i === 4999) assert.deepEqual(answers(scan), answers(TextScan.of(text)), `after ${i + 1} names`);
    }
    assert.deepEqual(Array.from(scan.mentions().of('keep')), [0, text.indexOf('$keep', 5), text.lastIndexOf('$keep')]);
    assert.deepEqual(Array.from(scan.mentions().of('v')), [text.indexOf('$v', 20)]);
  });

  it('reads the variables VARIABLE_RE matches, in any stretch of the text read alone (eachVariable)', () => {
    const pieces = [...PIECES, '${', '}', '${}', '?', '$?', '$$', '@{', '@(', '$_', '$a:b:c', '@h:', '$env:X', '$x?y', '\u0100', '$\u00e9', '\t'];
    const random = rng(11);
    const texts = [...bases, ...Array.from({ length: 400 }, () => Array.from({ length: 2 + Math.floor(random() * 40) }, () => pieces[Math.floor(random() * pieces.length)]).join(''))];
    let matches = 0;
    for (const text of texts) {
      const stretches = [[0, text.length], ...Array.from({ length: 6 }, () => {
        const a = Math.floor(random() * (text.length + 1));
        return [a, a + Math.floor(random() * (text.length - a + 1))];
      })];
      for (const [from, to] of stretches) {
        const want = [...text.slice(from, to).matchAll(VARIABLE_RE)].map((m) => [from + m.index, from + m.index + m[0].length, /^\$\w+$/.test(m[0])]);
        const got: unknown[] = [];
        eachVariable(text, from, to, (at, end, simple) => got.push([at, end, simple]));
        assert.deepEqual(got, want, `${JSON.stringify(text.slice(from, to))} (${from}–${to})`);
        matches += want.length;
      }
    }
    assert.ok(matches > 5000, `only ${matches} matches compared`);
  });

  it('finds the function definitions FUNCTION_RE finds, where the blanks after the keyword run over lines', () => {
    const texts = ['function\n\n  Foo { 1 }', 'function {', 'function function g', 'Get-Item -Filter x', '$x.function y', '$function x', 'function',
      'function ', 'filter\u00a0F { }', 'FUNCTION Get-It()', 'workflow W {}', 'function (', 'x function y\r\nfilter\r\n\r\nz', 'function  function  function x'];
    for (const text of texts) {
      const want = [...text.matchAll(FUNCTION_RE)].map((m) => m.index);
      assert.deepEqual(TextScan.of(text).functionStarts(), want, JSON.stringify(text));
      // Scanned again from an edit of each line.
      for (let at = 0; at <= text.length; at++) {
        const before = text.slice(0, at) + 'x' + text.slice(at);
        assert.deepEqual(TextScan.of(before).edited(text, { start: at, oldEnd: at + 1, newEnd: at }).functionStarts(), want, `${JSON.stringify(text)}, 'x' removed at ${at}`);
      }
    }
  });
});
