// After an edit, the language server keeps a PowerShell document's findings when the syntax changed only in
// the edited lines (core/reuse.ts). parse/wasm-subtrees.ts `changedSince` answers where the syntax can have
// changed by comparing the two trees' memory, instead of tree-sitter's getChangedRanges (milliseconds on a
// long script). Outside its span and the edited text the two trees must agree node for node: for random
// edits of fixtures, examples and a long script, every node's type, field, MISSING flag and extent (moved by
// the edit) of a fresh parse of the old text and of the new text are compared through web-tree-sitter's
// Node API. tree-sitter's own changed ranges are no oracle here: they also report statements whose syntax is
// the same but whose parse state differs (after an error), which no view of the tree can see.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { currentAccess, editTree, initPowerShell, parsePowerShell, pointAt, syntaxChangedOnlyWithin, usesDirectReads, type Tree } from '../../server/src/parse/powershell';
import { rng } from '../../scripts/rng';
import { filesUnder, isPowerShell } from '../helpers/files';
import { outline, typeNear } from '../helpers/tree-outline';

const scripts = (dir: string): string[] => filesUnder(dir, isPowerShell);

function changedSince(old: Tree, next: Tree): { start: number; end: number } {
  const subtrees = currentAccess().subtrees!;
  return subtrees(next)!.changedSince(subtrees(old)!);
}

/** A script of `n` statements, every other one an `if` (after which tree-sitter re-builds the next statement). */
function longScript(n: number): string {
  const out: string[] = [];
  for (let i = 0; out.length < n; i++) out.push(`$svc${i} = Get-Service -Name 'svc${i}'`, `if ($svc${i}.Status -ne 'Running') { Write-Warning "svc${i} stopped" }`);
  return out.join('\n') + '\n';
}

/** Edits that keep or break the syntax, open or close blocks and strings, join or split lines. */
const INSERTS = [' ', 'x', '1', '\n', '{', '}', '(', ')', '"', "'", '#', '<#', '#>', '@"\n', '\n"@', '`', '$', ';', '|', '-', 'if ($a) {\n', 'function f {', ' = ', '@(', '$(', ','];

describe('where a re-parsed PowerShell tree can differ from the old one (changedSince)', () => {
  before(() => initPowerShell());

  it('reads trees from memory here (else these tests would prove nothing)', () => {
    assert.ok(usesDirectReads());
  });

  const root = join(__dirname, '..', '..');
  const bases: [string, string][] = [['long script', longScript(200)],
    ...[...scripts(join(root, 'test', 'fixtures', 'powershell')), ...scripts(join(root, 'examples'))].map((f): [string, string] => [f, readFileSync(f, 'utf8')])];

  it('outside its span and the edited text, the old and the new tree agree node for node (random edits of every fixture and example)', () => {
    const r = rng(20261202);
    let narrow = 0;
    let checked = 0;
    for (const [name, base] of bases) {
      if (base.length === 0) continue;
      const rounds = name === 'long script' ? 150 : 6;
      for (let i = 0; i < rounds; i++) {
        const tree = parsePowerShell(base);
        const { text, region, edits } = typeNear(r, base, tree, INSERTS);
        const lo = region.start; // the edited text, in the new text's offsets
        const hi = region.newEnd;
        const next = parsePowerShell(text, tree);
        try {
          const span = changedSince(tree, next);
          const from = span.start === span.end ? lo : Math.min(span.start, lo);
          const to = span.start === span.end ? hi : Math.max(span.end, hi);
          const delta = text.length - base.length;
          const before = parsePowerShell(base);
          try {
            assert.deepEqual(outline(next, from, to, 0), outline(before, from, to - delta, delta),
              `${name}, edit ${i} (${JSON.stringify(edits)}): the trees differ outside the span [${span.start}, ${span.end}) and the edited text [${lo}, ${hi})`);
          } finally {
            before.delete();
          }
          checked++;
          if (span.end - span.start < text.length / 2) narrow++;
        } finally {
          tree.delete();
          next.delete();
        }
      }
    }
    // The span must be narrow often enough to save tree-sitter's comparison at all.
    assert.ok(narrow >= checked * 0.5, `narrow spans: ${narrow} of ${checked}`);
  });

  it('on a long script, an edit of one line is proven local without tree-sitter\'s changed ranges', () => {
    const text = longScript(2000);
    const line = text.indexOf('$svc600 =');
    const lineEnd = text.indexOf('\n', line);
    for (const [insert, why] of [[' ', 'a blank'], ['x', 'a letter in a variable name'], ['1; $y = 2', 'a second statement']] as const) {
      const tree = parsePowerShell(text);
      const at = line + 4;
      editTree(tree, { start: at, oldEnd: at, startPosition: pointAt(text, at), oldEndPosition: pointAt(text, at), newText: insert });
      const edited = text.slice(0, at) + insert + text.slice(at);
      const next = parsePowerShell(edited, tree);
      try {
        const span = changedSince(tree, next);
        assert.ok(span.start === span.end || (span.start >= line && span.end <= lineEnd + insert.length), `${why}: span [${span.start}, ${span.end}) beyond the line [${line}, ${lineEnd + insert.length})`);
        tree.getChangedRanges = () => assert.fail(`${why}: tree-sitter's changed ranges were asked`);
        assert.ok(syntaxChangedOnlyWithin(tree, next, { start: line, end: lineEnd + insert.length }));
      } finally {
        tree.delete();
        next.delete();
      }
    }
  });

  it('finds a change that reaches past the edited line (an opened comment swallows the rest)', () => {
    const text = longScript(200);
    const line = text.indexOf('$svc60 =');
    const lineEnd = text.indexOf('\n', line);
    const tree = parsePowerShell(text);
    editTree(tree, { start: line, oldEnd: line, startPosition: pointAt(text, line), oldEndPosition: pointAt(text, line), newText: '<#' });
    const edited = text.slice(0, line) + '<#' + text.slice(line);
    const next = parsePowerShell(edited, tree);
    try {
      const span = changedSince(tree, next);
      assert.ok(span.end > lineEnd + 2, `span [${span.start}, ${span.end}) stops in the edited line`);
      assert.equal(syntaxChangedOnlyWithin(tree, next, { start: line, end: lineEnd + 2 }), false);
    } finally {
      tree.delete();
      next.delete();
    }
  });
});
