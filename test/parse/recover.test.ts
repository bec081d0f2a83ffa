// Cutting an unparseable region into statements that can be re-read on their own.
import { strict as assert } from 'node:assert';
import { logicalLines } from '../../server/src/facts/powershell/recover';

const cut = (t: string) => logicalLines(t, 0, t.length).map((s) => t.slice(s.start, s.end).trim());

describe('recover: logical lines of an erroneous region', () => {
  it('splits at newlines and semicolons outside brackets and strings', () => {
    assert.deepEqual(cut('$a = 1; $b = "x;y"\nGet-Thing -P (1;\n2)\n'), ['$a = 1', '$b = "x;y"', 'Get-Thing -P (1;\n2)']);
  });
  it('joins backtick continuations and trailing pipes', () => {
    assert.deepEqual(cut('Get-A `\n  -B 1\nGet-C |\n  Get-D\n'), ['Get-A `\n  -B 1', 'Get-C |\n  Get-D']);
  });
  it('keeps a multi-line block together', () => {
    assert.deepEqual(cut('function f {\n  gwmi x\n}\n$x = 1'), ['function f {\n  gwmi x\n}', '$x = 1']);
  });
  it('an unclosed bracket or quote only costs its own line', () => {
    assert.deepEqual(cut('$x = foo(\n$c.EvictNode("n2")\n'), ['$x = foo(', '$c.EvictNode("n2")']);
    assert.deepEqual(cut('$x = "unterminated\n$c.EvictNode("n2")\n'), ['$x = "unterminated', '$c.EvictNode("n2")']);
  });
  it('ignores brackets inside comments and here-strings', () => {
    assert.deepEqual(cut('# (((\n$a = @"\n((\n"@\n$b = 2'), ['# (((', '$a = @"\n((\n"@', '$b = 2']);
  });
});
