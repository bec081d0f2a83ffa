// parse/powershell-window.ts proves that an edit changed PowerShell syntax only inside the edited lines
// from a parse of the statements around them, so that typing in a long script need not wait for tree-sitter
// to re-parse all of it. Oracle: whenever it says so, a fresh parse of the new text and one of the old text
// agree node for node outside the lines (type, field, MISSING flag, extent moved by the edit), for random
// edits that keep or break the syntax, open strings, comments and blocks, or join lines, in every fixture and
// example and in a long script of functions and blocks.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { editTree, initPowerShell, type Tree, parsePowerShell, parsePowerShellRanges, pointAt, sameNodes, syntaxChangedOnlyWithin, usesDirectReads, viewOf } from '../../server/src/parse/powershell';
import { windowParse } from '../../server/src/parse/powershell-window';
import type { SyntaxNode } from '../../server/src/parse/syntax-node';
import { SyntaxTree, apiAccess } from '../../server/src/parse/syntax-tree';
import { linesAround } from '../../server/src/core/reuse';
import { rng } from '../../scripts/rng';
import { filesUnder, isPowerShell } from '../helpers/files';
import { outline, typeNear } from '../helpers/tree-outline';

/** Functions, loops, conditions and try blocks with short statements in them, and flat statements between. */
function longScript(n: number): string {
  const out: string[] = [];
  for (let i = 0; out.length < n; i++) {
    out.push(`$svc${i} = Get-Service -Name 'svc${i}'`, `if ($svc${i}.Status -ne 'Running') {`, `  Write-Warning "svc${i} stopped"`, `  $n${i}++`, '}');
    if (i % 3 === 0) out.push(`function Get-Thing${i} {`, '  param($Name)', `  $x = $Name + '${i}'`, '  foreach ($y in 1..3) {', '    Write-Host $y', '    $x += $y', '  }', '  $x', '}');
    if (i % 4 === 0) out.push('try {', `  Get-Item C:\\f${i}`, '  Write-Host ok', '}', 'catch {', '  Write-Host $_', '}');
  }
  return out.join('\n') + '\n';
}

/** Edits that keep or break the syntax, open or close blocks, strings and comments, join lines, or make a keyword that continues a statement. */
const INSERTS = [' ', 'x', '1', 'ab', 'Name', '\n', '{', '}', '(', ')', '"', "'", '#', '<#', '#>', '@"\n', '\n"@', '`', '`\n', '$', ';', '|', ' |\n', '-', ' = ',
  '@(', '$(', ',', 'else ', 'else {', 'elseif ($b) {', 'catch {', 'finally {', '\nelse { }', 'while ($z)', 'until ($z)', 'do {', 'if ($a) {\n', 'function f {', 'param(',
  '\n}\nelse {\n', 'class C {', 'enum E {', '&', '.', '::', '[int]', '@{', '2>&1', '--%'];

describe('proving an edit local from the statements around it (powershell-window.ts)', () => {
  before(() => initPowerShell());

  const root = join(__dirname, '..', '..');
  const bases: [string, string][] = [['long script', longScript(600)],
    ...[...filesUnder(join(root, 'test', 'fixtures', 'powershell'), isPowerShell), ...filesUnder(join(root, 'examples'), isPowerShell)]
      .map((f): [string, string] => [f, readFileSync(f, 'utf8')])];

  it('whenever it proves an edit local, the old and the new tree agree node for node outside the edited lines (random edits of every fixture and example)', function () {
    // Thousands of fresh parses: 25–40 s on a slow host, past mocha's default here.
    this.timeout(120000);
    const r = rng(20261203);
    let proved = 0;
    let local = 0; // edits the whole re-parse shows local (syntaxChangedOnlyWithin)
    let provedLong = 0;
    let localLong = 0;
    let same = 0; // edits proved to change no syntax at all
    for (const [name, base] of bases) {
      if (base.length === 0) continue;
      const rounds = name === 'long script' ? 400 : 12;
      for (let i = 0; i < rounds; i++) {
        const tree = parsePowerShell(base);
        const { text, region, edits } = typeNear(r, base, tree, INSERTS);
        const lines = linesAround(text, region.start, region.newEnd);
        try {
          // One window parse says both whether the edit is local and whether it changes any syntax.
          const window = windowParse(tree, text, lines);
          window?.tree.delete();
          // Exactly: the old tree, told about the edit, must be a fresh parse of the new text node for node.
          if (window?.exact) {
            same++;
            const after = parsePowerShell(text);
            try {
              assert.deepEqual(outline(tree, -1, -2, 0), outline(after, -1, -2, 0), `${name}, edit ${i} (${JSON.stringify(edits)}): proved unchanged, but the trees differ`);
            } finally {
              after.delete();
            }
          }
          const byWindow = window !== undefined;
          const next = parsePowerShell(text, tree);
          const byTrees = syntaxChangedOnlyWithin(tree, next, lines);
          next.delete();
          if (byTrees) local++;
          if (byTrees && name === 'long script') localLong++;
          if (!byWindow) continue;
          proved++;
          if (name === 'long script') provedLong++;
          const delta = text.length - base.length;
          const after = parsePowerShell(text);
          const before = parsePowerShell(base);
          try {
            assert.deepEqual(outline(after, lines.start, lines.end, 0), outline(before, lines.start, lines.end - delta, delta),
              `${name}, edit ${i} (${JSON.stringify(edits)}): proved local, but the trees differ outside the lines [${lines.start}, ${lines.end})`);
          } finally {
            after.delete();
            before.delete();
          }
        } finally {
          tree.delete();
        }
      }
    }
    // Proved often enough for the comparison to mean something: on the long script, most edits the whole
    // re-parse shows local (the random edits break the syntax often, and a window with an error proves nothing).
    assert.ok(provedLong >= localLong / 2 && proved > 0, `proved ${provedLong} of the ${localLong} edits of the long script a whole re-parse shows local (${proved} of ${local} in all)`);
    assert.ok(same > 0 && same < proved, `${same} of ${proved} proofs found no syntax changed`);
  });

  /** Whether the edit `insert` at the start of the line holding `marker` in `text` is proved local. */
  function proves(text: string, marker: string, insert: string, replace = 0): boolean {
    const at = text.indexOf(marker);
    assert.ok(at >= 0, marker);
    const tree = parsePowerShell(text);
    try {
      editTree(tree, { start: at, oldEnd: at + replace, startPosition: pointAt(text, at), oldEndPosition: pointAt(text, at + replace), newText: insert });
      const edited = text.slice(0, at) + insert + text.slice(at + replace);
      const window = windowParse(tree, edited, linesAround(edited, at, at + insert.length));
      window?.tree.delete();
      return window !== undefined;
    } finally {
      tree.delete();
    }
  }

  it('proves typing on an ordinary line local, at the top level and inside a function', () => {
    const text = longScript(300);
    assert.ok(proves(text, '$svc20 =', 'x'), 'a letter in a top-level assignment');
    assert.ok(proves(text, 'Write-Host $y', ' '), 'a blank in a loop inside a function');
    assert.ok(proves(text, "$x = $Name + '3'", '$z = 1; '), 'a second statement on a line of a function');
  });

  it('does not prove an edit that makes the line continue a statement before it or after it', () => {
    const text = ['$a = 1', 'if ($a) { Write-Host 1 }', 'Write-Host 2', 'Write-Host 3', '$b = 2', ''].join('\n');
    // `else` joins the `if` above: its extent changes, though no character of it did.
    assert.equal(proves(text, 'Write-Host 2', 'else { 2 }', 'Write-Host 2'.length), false, 'else after an if');
    // A trailing pipe, or a backtick, continues the line into the next statement.
    assert.equal(proves(text, 'Write-Host 2', 'Write-Host 2 |', 'Write-Host 2'.length), false, 'a trailing pipe');
    assert.equal(proves(text, 'Write-Host 2', 'Write-Host 2 `', 'Write-Host 2'.length), false, 'a trailing backtick');
    // A line left broken, even where the rest reads as before: error recovery weighs the tokens after the
    // error, past the window too (and the caller takes a proved window to have no syntax error).
    assert.equal(proves(text, 'Write-Host 2', '$c.Evi,ctNode(2)', 'Write-Host 2'.length), false, 'a comma in a method name');
    assert.equal(proves(text, 'Write-Host 2', 'Write-Host (2', 'Write-Host 2'.length), false, 'an unclosed parenthesis');
    // An opened string or block comment swallows what follows.
    assert.equal(proves(text, 'Write-Host 2', '"'), false, 'an opened string');
    assert.equal(proves(text, 'Write-Host 2', '<#'), false, 'an opened comment');
    // The line made the `if` the next line continues.
    const withElse = ['$a = 1', 'Write-Host 1', 'else { Write-Host 2 }', '$b = 2', ''].join('\n');
    assert.equal(proves(withElse, 'Write-Host 1', 'if ($a) { 1 }', 'Write-Host 1'.length), false, 'an if before an else');
  });

  it('does not prove an edit of a top-level statement with none before it or none after it', () => {
    const text = ['function f {', '  Write-Host 1', '  Write-Host 2', '  Write-Host 3', '}', ''].join('\n');
    for (const marker of ['Write-Host 1', 'Write-Host 2', 'Write-Host 3']) assert.equal(proves(text, marker, 'x'), false, marker);
    const between = ['$a = 1', text, '$b = 2', ''].join('\n');
    assert.ok(proves(between, 'Write-Host 2', 'x'), 'with a statement before the function and one after it');
  });

  it('does not prove an edit that opens a comment or string whose end lies past the statements around it', () => {
    // Parsed alone, the window has no `#>`, and `<#` reads as a word: no error would show that in the whole
    // text it opens a comment to a `#>` further down (found on a DSC configuration of SqlServerDsc).
    const text = ['$a = 1', 'Write-Host 2', '$b = 3', '$c = 4', '#>', ''].join('\n');
    assert.equal(proves(text, '2', '<# '), false, 'a block comment');
    assert.equal(proves(text, '2', "'"), false, 'a verbatim string');
    const dsc = ['$x = 1', 'Configuration C', '{', '    Node localhost', '    {', "        SqlDatabase 'x'", '        {',
      "            Ensure = 'Present'", "            Name = 'db'", "            OwnerName = 'me'", '        }', '    }', '}', 'C -OutputPath out',
      '<#', '    .SYNOPSIS', '        Another configuration.', '#>', ''].join('\n');
    assert.equal(proves(dsc, "= 'db'", '<# '), false, 'inside a DSC resource block');
    // Closed on the line, they are fine.
    assert.ok(proves(text, '2', '<# x #> '), 'a block comment closed on the line');
    assert.ok(proves(text, '2', "'it''s' "), 'a closed string');
  });

  it('the old tree with the window\'s statements spliced in reads, through a view, node for node as a fresh parse of the new text (random edits of every fixture and example)', function () {
    this.timeout(120000); // as the oracle above: 15-25 s on a slow host
    const r = rng(20261205);
    let spliced = 0;
    for (const [name, base] of bases) {
      if (base.length === 0) continue;
      for (let i = 0, rounds = name === 'long script' ? 150 : 6; i < rounds; i++) {
        const tree = parsePowerShell(base);
        const { text, region, edits } = typeNear(r, base, tree, INSERTS);
        const window = windowParse(tree, text, linesAround(text, region.start, region.newEnd));
        if (!window) {
          tree.delete();
          continue;
        }
        spliced++;
        const slice = (a: number, b: number) => text.slice(a, b);
        const fresh = parsePowerShell(text);
        const stand = viewOf(window.tree, slice);
        const splice = { start: window.start, end: window.end, with: stand };
        // The fast view (memory reads, children looked up one by one first) and the public API's.
        const views = [viewOf(tree, slice, false, undefined, splice), new SyntaxTree(tree, slice, apiAccess, false, undefined, splice)];
        const reference = viewOf(fresh, slice);
        try {
          for (const view of views) {
            assert.equal(viewDifference(view.rootNode, reference.rootNode, [region.start, window.start - 1, window.start, window.end - 1, window.end, Math.floor(r() * text.length)]), '',
              `${name}, edit ${i} (${JSON.stringify(edits)}), window [${window.start}, ${window.end})`);
          }
        } finally {
          for (const v of [...views, reference, stand]) v.delete();
          fresh.delete();
          window.tree.delete();
          tree.delete();
        }
      }
    }
    assert.ok(spliced > 100, `${spliced} edits proved`);
  });

  it('the check in wasm memory (sameNodes) calls two trees the same only where they agree node for node through the public API, and finds most of those (random edits)', function () {
    this.timeout(120000); // thousands of fresh parses, as the oracle above
    assert.ok(usesDirectReads(), 'trees are read from wasm memory here');
    const r = rng(20261204);
    let agree = 0; // the edited old tree and a fresh parse of the new text agree node for node
    let found = 0; // of those, the ones sameNodes finds
    for (const [name, base] of bases) {
      if (base.length === 0) continue;
      for (let i = 0, rounds = name === 'long script' ? 300 : 10; i < rounds; i++) {
        const tree = parsePowerShell(base);
        const { text, edits } = typeNear(r, base, tree, INSERTS);
        const fresh = parsePowerShell(text);
        try {
          const same = sameNodes(fresh, [fresh.rootNode], tree, [tree.rootNode]);
          const alike = JSON.stringify(outline(tree, -1, -2, 0)) === JSON.stringify(outline(fresh, -1, -2, 0));
          assert.ok(!same || alike, `${name}, edit ${i} (${JSON.stringify(edits)}): called the same, but the trees differ`);
          if (alike) agree++;
          if (same) found++;
        } finally {
          fresh.delete();
          tree.delete();
        }
      }
    }
    assert.ok(agree > 100 && found >= 0.9 * agree, `found ${found} of the ${agree} edits after which the trees agree`);
  });

  it('decides a blank or a `;` typed at a line\'s start from wasm memory, without walking the trees with a cursor', () => {
    const text = longScript(300);
    const at = text.indexOf('$svc20 =');
    for (const [insert, exact] of [[' ', true], [';', false]] as const) {
      const tree = parsePowerShell(text);
      const node = tree.rootNode.constructor.prototype as { walk: () => unknown };
      const walk = node.walk;
      let walks = 0;
      node.walk = function (this: unknown) {
        walks++;
        return walk.call(this);
      };
      try {
        editTree(tree, { start: at, oldEnd: at, startPosition: pointAt(text, at), oldEndPosition: pointAt(text, at), newText: insert });
        const edited = text.slice(0, at) + insert + text.slice(at);
        const window = windowParse(tree, edited, linesAround(edited, at, at + 1));
        window?.tree.delete();
        assert.equal(window?.exact, exact, JSON.stringify(insert));
        assert.equal(walks, 0, JSON.stringify(insert));
      } finally {
        node.walk = walk;
        tree.delete();
      }
    }
  });

  it('sameNodes: a statement parsed alone is the same as in the whole text, whatever precedes it; tokens at other places in it are not', () => {
    const lines = (middle: string) => ['$a = 1', middle, '$b = 1', ''].join('\n');
    const text = lines('  Write-Host  ab c');
    const start = text.indexOf('Write-Host');
    const end = text.indexOf('\n', start);
    const statement = (t: Tree, at: number) => t.rootNode.firstChild!.firstChildForIndex(at)!;
    const whole = parsePowerShell(text);
    const alone = parsePowerShellRanges(text, [{ start, end }])!;
    // The same length and the same nodes, but a blank moved (`ab` starts elsewhere), or a character (`c` does).
    const blank = parsePowerShell(lines('  Write-Host ab  c'));
    const letter = parsePowerShell(lines('  Write-Host  a bc'));
    try {
      const inWhole = statement(whole, start);
      assert.equal(inWhole.startIndex, start);
      assert.equal(inWhole.endIndex, end);
      // Its own padding differs: a line break and two blanks in the whole text, the whole text before it alone.
      assert.equal(sameNodes(alone, [statement(alone, start)], whole, [inWhole]), true);
      assert.equal(sameNodes(blank, [statement(blank, start)], whole, [inWhole]), false, 'a blank moved');
      assert.equal(sameNodes(letter, [statement(letter, start)], whole, [inWhole]), false, 'a character moved');
      // `$a = 1` and `$b = 1` are the same syntax, at other places; pairs go in order, as many on each side.
      const [first, last] = [statement(whole, 0), statement(whole, text.indexOf('$b'))];
      assert.equal(sameNodes(whole, [first], whole, [first]), true);
      assert.equal(sameNodes(whole, [first], whole, [last]), false, 'elsewhere');
      assert.equal(sameNodes(whole, [first, inWhole], whole, [inWhole, first]), false, 'out of order');
      assert.equal(sameNodes(whole, [first, first], whole, [first]), false, 'more on one side');
    } finally {
      for (const t of [whole, alone, blank, letter]) t.delete();
    }
    // One thing differs, made up for elsewhere in the statement: a blank, or a character, between small tokens
    // (kept in 8 bytes) or between large ones (a string of 200 characters is kept apart, with its own sizes).
    const long = 'x'.repeat(200);
    for (const [a, b] of [['$a = (1 +  2)', '$a = (1  + 2)'], ['$a = $ab + $c', '$a = $a + $bc'],
      [`$a = @( '${long}','${long}')`, `$a = @('${long}', '${long}')`], [`$a = @('${long}y','${long}')`, `$a = @('${long}','y${long}')`]]) {
      assert.equal(a.length, b.length);
      const [x, y] = [parsePowerShell(lines(a)), parsePowerShell(lines(b))];
      try {
        assert.equal(sameNodes(x, [statement(x, 7)], y, [statement(y, 7)]), false, `${a} against ${b}`);
        assert.equal(sameNodes(x, [statement(x, 7)], x, [statement(x, 7)]), true, a);
      } finally {
        x.delete();
        y.delete();
      }
    }
  });

  it('a spliced program has the errors of its statements: none where the edit mends the only broken line', () => {
    const base = ['$a = 1', '$x = [int', '$b = 3', ''].join('\n');
    const at = base.indexOf('[int') + 4;
    const tree = parsePowerShell(base);
    const text = base.slice(0, at) + ']' + base.slice(at);
    editTree(tree, { start: at, oldEnd: at, startPosition: pointAt(base, at), oldEndPosition: pointAt(base, at), newText: ']' });
    const window = windowParse(tree, text, linesAround(text, at, at + 1));
    const slice = (a: number, b: number) => text.slice(a, b);
    const fresh = parsePowerShell(text);
    try {
      assert.ok(window && tree.rootNode.hasError, 'proved, from a tree with an error');
      const stand = viewOf(window.tree, slice);
      const view = viewOf(tree, slice, false, undefined, { start: window.start, end: window.end, with: stand });
      const reference = viewOf(fresh, slice);
      assert.equal(view.rootNode.hasError, false);
      assert.equal(viewDifference(view.rootNode, reference.rootNode, [at]), '');
      for (const v of [view, reference, stand]) v.delete();
    } finally {
      window?.tree.delete();
      fresh.delete();
      tree.delete();
    }
  });
});

/**
 * The first difference between two views of one text, or '': each node's type, extent, flags, child counts,
 * field children, siblings and parent; the top-level lists are first asked for the child at `offsets` (looked
 * up in memory before their children are read).
 */
function viewDifference(got: SyntaxNode, want: SyntaxNode, offsets: number[]): string {
  const lists = (n: SyntaxNode) => n.children.filter((k) => k.type === 'statement_list');
  const [a, b] = [lists(got), lists(want)];
  if (a.length !== b.length) return 'the programs differ';
  const looked: [SyntaxNode, number, SyntaxNode | null][] = [];
  for (let k = 0; k < a.length; k++) {
    for (const p of offsets) {
      const child = a[k].firstChildForIndex(p);
      if (child?.startIndex !== b[k].firstChildForIndex(p)?.startIndex) return `the child at ${p} differs`;
      looked.push([a[k], p, child]);
    }
  }
  const fields = got.tree.language.fields.filter((f): f is string => !!f);
  const at = (n: SyntaxNode | null) => n?.startIndex ?? -1;
  const stack: [SyntaxNode, SyntaxNode, SyntaxNode | null][] = [[got, want, null]];
  while (stack.length) {
    const [g, w, parent] = stack.pop()!;
    const read = (n: SyntaxNode) => [n.type, n.startIndex, n.endIndex, n.isNamed, n.isMissing, n.hasError, n.text, n.childCount, n.namedChildCount,
      at(n.nextSibling), at(n.previousSibling), at(n.nextNamedSibling), at(n.previousNamedSibling), ...fields.map((f) => at(n.childForFieldName(f)))];
    const [x, y] = [JSON.stringify(read(g)), JSON.stringify(read(w))];
    if (x !== y) return `${w.type}@${w.startIndex}: ${x} instead of ${y}`;
    if (g.parent !== parent) return `${w.type}@${w.startIndex}: wrong parent`;
    w.children.forEach((k, i) => stack.push([g.children[i], k, g]));
  }
  // A child looked up before its list was read is the one reading the list gave.
  for (const [list, p, child] of looked) if (list.firstChildForIndex(p) !== child) return `the child at ${p} was looked up as another node`;
  return '';
}
