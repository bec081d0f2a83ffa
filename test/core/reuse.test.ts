// core/reuse.ts lets the language server keep a PowerShell or VBScript document's findings after an
// edit that cannot change them. Differential test: random edits to fixtures and to a long script; whenever the
// reuse proof holds, the reused findings (with their traces and fixes) must equal a fresh analysis.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findingsFromFacts, initParsers } from '../../server/src/core/analyze';
import { linesAround, provedOutsideSessions, reuseFindings, widen, type EditRegion, type Reusable } from '../../server/src/core/reuse';
import { extractPowerShell } from '../../server/src/facts/powershell/extract';
import type { RelevanceSummary } from '../../server/src/facts/powershell/relevance';
import { comparedView } from '../../scripts/fuzz';
import { editTree, parsePowerShell, pointAt, syntaxChangedOnlyWithin, type Tree } from '../../server/src/parse/powershell';
import type { Finding } from '../../server/src/rules/types';
import { rng } from '../../scripts/rng';
import { Tree as LezerTreeClass, TreeFragment, type Tree as LezerTree } from '@lezer/common';
import { extractVbscript } from '../../server/src/facts/vbscript/extract';
import { lezerToIr } from '../../server/src/facts/vbscript/from-lezer';
import type { VbRelevanceSummary } from '../../server/src/facts/vbscript/relevance';
import { parseVbscript, topsChangedOnlyWithin } from '../../server/src/parse/vbscript';

/** As core/document-analysis.ts proves an edit local, from the whole re-parse (`next`) of the edited tree. */
function provedBy(edited: Tree, next: Tree) {
  return (lines: { start: number; end: number }, _oldLines: unknown, outsideBlocks?: readonly number[]) =>
    syntaxChangedOnlyWithin(edited, next, lines) && provedOutsideSessions(next, outsideBlocks);
}

function analyse(tree: Tree, text: string): Reusable {
  const relevance: { summary?: RelevanceSummary } = {};
  const facts = extractPowerShell(tree, text, { relevance });
  return { text, findings: findingsFromFacts(facts), relevance: relevance.summary!, settingsKey: '[]', errors: facts.syntaxErrors };
}

/**
 * One to three changes before the next analysis, as a fast typist sends them: typing stays near the cursor,
 * now and then the cursor jumps elsewhere. `apply` tells the kept tree of each change (`before`: the text it
 * applies to).
 */
function typeSome(
  r: () => number, text: string, cursor: number, typing: readonly string[], inserts: readonly string[],
  apply: (start: number, end: number, insert: string, before: string) => void,
): { text: string; cursor: number; region: EditRegion } {
  let region: EditRegion | undefined;
  for (let k = 0, n = 1 + Math.floor(r() * 3); k < n; k++) {
    cursor = r() < 0.2 ? Math.floor(r() * (text.length + 1)) : Math.max(0, Math.min(text.length, cursor + Math.floor(r() * 40) - 10));
    const start = cursor;
    const end = Math.min(text.length, start + (r() < 0.5 ? 0 : Math.floor(r() * 4)));
    const pool = r() < 0.7 ? typing : inserts;
    const insert = r() < 0.25 ? '' : pool[Math.floor(r() * pool.length)];
    apply(start, end, insert, text);
    region = widen(region, start, end, insert.length);
    text = text.slice(0, start) + insert + text.slice(end);
  }
  return { text, cursor, region: region! };
}

/** A VBScript analysis of `tree`, kept or not: the reference the kept findings are compared with. */
function vbFindings(tree: LezerTree, text: string): Finding[] {
  return findingsFromFacts(extractVbscript(lezerToIr(tree, text, 0, parseVbscript), text));
}

/** As core/document-analysis.ts keeps a VBScript document's findings: not when a relevant statement is broken. */
function analyseVb(tree: LezerTree, text: string): Reusable | undefined {
  const relevance: { summary?: VbRelevanceSummary } = {};
  const facts = extractVbscript(lezerToIr(tree, text, 0, parseVbscript, undefined, false, relevance), text);
  const findings = findingsFromFacts(facts);
  return relevance.summary && !facts.syntaxErrors.length ? { text, findings, relevance: relevance.summary, settingsKey: '[]', errors: [] } : undefined;
}

/** The findings as the fuzzer and the relevance test compare them (scripts/fuzz.ts comparedView: with their fixes). */
function view(findings: Finding[], text: string, kind: 'powershell' | 'vbscript' = 'powershell'): string {
  return JSON.stringify(findings.map((f) => comparedView(f, text, kind)));
}

/** Edits a user might make: mostly characters and words, some whole lines, some that break the syntax or matter on purpose. */
const INSERTS = [' ', 'x', 'e', '1', 'ab', '\n', '# note\n', 'Write-Host done\n', '$tmp = 1\n', '$c = 5\n', '$target = "other"\n', '{', '}', '"', "'",
  'EvictNode', 'function f { }\n', '$t', '# hopcheck-disable-line\n', 'if ($a) {\n', '(', ')', ';', 'Get-Service -cn n3 ', '{ Get-Service -cn n2 } ',
  '$Nodes = "n9"\n', '[0]', '$Nodes'];
const TYPING = [' ', 'x', 'e', '1', 'ab', 'Name', '\n', '# note\n', 'Write-Host done\n', '$tmp = 1\n'];

describe('reusing findings after an edit that cannot change them', () => {
  before(() => initParsers());

  const filler = Array.from({ length: 60 }, (_, i) => `$v${i} = Get-Service -Name 's${i}'\nif ($v${i}.Status) { Write-Host "v${i}" }`).join('\n');
  const long = [
    filler,
    '$target = "clu01"',
    'function Remove-Member($Name) {', '  $c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName $target', '  $c.EvictNode($Name)', '}',
    filler.replace(/\$v/g, '$w'),
    'Remove-Member -Name n1',
    '$c2 = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName clu02',
    '$c2.AddNode("n7")',
    filler.replace(/\$v/g, '$u'),
  ].join('\n');
  // An admin script: a session command, and on most lines commands that reach other computers where no session
  // runs them, reading a variable the session command's statement reads too.
  const adminFiller = (v: string) => Array.from({ length: 40 }, (_, i) => `$${v}${i} = Get-Service -Name 's${i}' -ComputerName $Nodes[${i % 2}]\n` +
    `if ($${v}${i}.Status -ne 'Running') { Copy-Item "\\\\$($Nodes[${i % 2}])\\c$\\l${i}.log" $Share }`).join('\n');
  const admin = [
    "param([string[]]$Nodes = @('n1', 'n2'), [string]$Share = '\\\\backup\\logs')",
    'function Invoke-OnNode([string]$Node, [scriptblock]$Block) {', '  Invoke-Command -ComputerName $Node -ScriptBlock $Block', '}',
    adminFiller('v'),
    "Invoke-OnNode -Node $Nodes[0] -Block { Get-ClusterGroup -Name 'g1' | Move-ClusterGroup -Node n2; Copy-Item C:\\g1.log \\\\backup\\logs }",
    '$b = { Write-Host x }',
    adminFiller('w'),
  ].join('\n');
  const fixtureDir = join(__dirname, '..', 'fixtures', 'powershell');
  const bases: [string, string][] = [['long script', long], ['admin script', admin],
    ...readdirSync(fixtureDir).filter((f) => f.endsWith('.ps1')).slice(0, 40).map((f): [string, string] => [f, readFileSync(join(fixtureDir, f), 'utf8')])];

  it('reused findings always equal a fresh analysis (random edits to a long script and to fixtures)', () => {
    const r = rng(20261125);
    let reused = 0;
    let reusedLong = 0;
    let reusedAdmin = 0;
    let checked = 0;
    for (const [name, base] of bases) {
      let text = base;
      let tree = parsePowerShell(text);
      let prev = analyse(tree, text);
      let cursor = Math.floor(r() * text.length);
      const rounds = name === 'long script' || name === 'admin script' ? 200 : 8;
      for (let i = 0; i < rounds; i++) {
        if (i % 4 === 0 && text !== base) { // back to the clean text now and then, so breakage does not pile up
          tree.delete();
          text = base;
          tree = parsePowerShell(text);
          prev = analyse(tree, text);
        }
        const typed = typeSome(r, text, cursor, TYPING, INSERTS, (start, end, insert, before) =>
          editTree(tree, { start, oldEnd: end, startPosition: pointAt(before, start), oldEndPosition: pointAt(before, end), newText: insert }));
        ({ text, cursor } = typed);
        const region = typed.region;
        const next = parsePowerShell(text, tree);
        const kept = reuseFindings(prev, text, region, provedBy(tree, next), '[]');
        tree.delete();
        tree = next;
        const fresh = analyse(tree, text);
        checked++;
        if (kept) {
          reused++;
          if (name === 'long script') reusedLong++;
          if (name === 'admin script') reusedAdmin++;
          assert.equal(view(kept.findings, text), view(fresh.findings, text), `${name}, edit ${i}: reused findings differ from a fresh analysis`);
          prev = kept;
        } else {
          prev = fresh;
        }
      }
      tree.delete();
    }
    // The proof must hold often enough for the comparison to mean something (and for typing to be fast).
    assert.ok(reusedLong >= 40, `reused ${reusedLong} of 200 analyses of the long script (${reused} of ${checked} in all)`);
    assert.ok(reusedAdmin >= 25, `reused ${reusedAdmin} of 200 analyses of the admin script`);
  });

  /**
   * The findings of `before` after replacing [at, end) with `insert`: kept (undefined: analysed again) from `prev`
   * (by default, a fresh analysis of `before`), and fresh.
   */
  function afterEdit(before: string, at: number, end: number, insert: string, prev?: Reusable): { kept?: Reusable; fresh: Reusable; after: string } {
    const after = before.slice(0, at) + insert + before.slice(end);
    const tree = parsePowerShell(before);
    prev ??= analyse(tree, before);
    editTree(tree, { start: at, oldEnd: end, startPosition: pointAt(before, at), oldEndPosition: pointAt(before, end), newText: insert });
    const next = parsePowerShell(after, tree);
    try {
      return { kept: reuseFindings(prev, after, widen(undefined, at, end, insert.length), provedBy(tree, next), '[]'), fresh: analyse(next, after), after };
    } finally {
      tree.delete();
      next.delete();
    }
  }

  it('an admin script: editing a line whose commands reach other computers where no session runs them, reading a relevant variable, keeps the findings', () => {
    const at = admin.indexOf("'s10'", admin.indexOf('$w10 =')) + 2;
    const { kept, fresh } = afterEdit(admin, at, at, 'x');
    assert.ok(kept, 'analysed again');
    assert.equal(fresh.findings.length, 1);
    assert.equal(view(kept.findings, admin), view(fresh.findings, admin));
  });

  it('an admin script: an edit is analysed again when such a command goes into a script block, the line binds a relevant variable, or its syntax breaks', () => {
    const block = admin.indexOf('{ Write-Host x }') + 2;
    assert.equal(afterEdit(admin, block, block, 'Get-Service -ComputerName n5; ').kept, undefined, 'a command that reaches another computer, in a block');
    const line = admin.indexOf('$v10 =');
    const binds = afterEdit(admin, line, line, "$Nodes = 'n9'; ");
    assert.equal(binds.kept, undefined, 'an assignment to a relevant variable');
    assert.match(binds.fresh.findings.map((f) => f.message).join('\n'), /'n9'/);
    // Error recovery reads `$Nodes 0= 'n9'` as an assignment to $Nodes, which its text does not show.
    const broken = afterEdit(admin, line, admin.indexOf('\n', line), "$Nodes 0= 'n9'");
    assert.equal(broken.kept, undefined, 'a syntax error on a line that reads a relevant variable');
    assert.match(broken.fresh.findings.map((f) => f.message).join('\n'), /'n9'/);
    // Before the edit: the parameter that bound $Nodes (a point of the last relevance, in no relevant statement list).
    const param = admin.indexOf('[string[]]$Nodes');
    const gone = afterEdit(admin, param, admin.indexOf(')\nfunction'), '');
    assert.equal(gone.kept, undefined, 'the parameters binding relevant variables removed');
  });

  it('an admin script: the points of the last relevance move with the text when findings are kept', () => {
    const before = '# Restarts the services of the nodes\n' + admin;
    const at = before.indexOf(' services');
    const one = afterEdit(before, at, at, ' (every one of them, and the logs they wrote)'.repeat(8));
    assert.ok(one.kept, 'a comment typed');
    // The parameters binding relevant variables, removed: their points are where they are now, not where they were.
    const param = one.after.indexOf('[string[]]$Nodes');
    // As core/document-analysis.ts keeps them: with the new tree's errors (none) for the edited lines'.
    const two = afterEdit(one.after, param, one.after.indexOf(')\nfunction'), '', { ...one.kept, errors: one.fresh.errors });
    assert.equal(two.kept, undefined, 'the parameters binding relevant variables removed');
  });

  it('after Enter-PSSession, an edit that writes a command reaching another computer is analysed again, wherever it stands', () => {
    const before = ['Enter-PSSession -ComputerName n1', ...Array.from({ length: 20 }, (_, i) => `Write-Host "step ${i}"`)].join('\n');
    const at = before.indexOf('Write-Host "step 10"');
    const { kept, fresh } = afterEdit(before, at, at + 'Write-Host'.length, 'Get-Service -ComputerName n2 -Name');
    assert.equal(kept, undefined);
    assert.deepEqual(fresh.findings.map((f) => f.code), ['HOP006']);
  });

  it('an edit that gives a local Invoke-Command a computer, on a line that names nothing else, is analysed again', () => {
    // The local Invoke-Command is no seed (relevance.ts narrowSeeds), so no relevant statement covers the
    // edited line and no word of it is a seed: only its place in that command says the edit matters.
    const before = ['$b = { Get-ADUser x }', 'Invoke-Command `', '  -ScriptBlock $b', 'Write-Host done'].join('\n');
    const at = before.indexOf('-ScriptBlock');
    const insert = '-Cn clu60 ';
    const after = before.slice(0, at) + insert + before.slice(at);
    const tree = parsePowerShell(before);
    const prev = analyse(tree, before);
    assert.equal(prev.findings.length, 0);
    editTree(tree, { start: at, oldEnd: at, startPosition: pointAt(before, at), oldEndPosition: pointAt(before, at), newText: insert });
    const next = parsePowerShell(after, tree);
    try {
      const kept = reuseFindings(prev, after, widen(undefined, at, at, insert.length), provedBy(tree, next), '[]');
      assert.equal(kept, undefined, 'the old findings were reused');
      assert.deepEqual(analyse(next, after).findings.map((f) => f.code), ['HOP006']);
    } finally {
      tree.delete();
      next.delete();
    }
  });

  it('VBScript: reused findings always equal a fresh analysis (random edits to a long script and to fixtures)', () => {
    const filler = (v: string) => Array.from({ length: 60 }, (_, i) => `${v}${i} = "svc${i}"\nIf Len(${v}${i}) > 3 Then WScript.Echo ${v}${i}`).join('\n');
    const vbLong = [
      filler('strA'),
      'strTarget = "clu01"',
      'Sub RemoveMember(name)', '  Set objSvc = GetObject("winmgmts:\\\\" & strTarget & "\\root\\MSCluster")',
      '  objSvc.Get("MSCluster_Cluster").EvictNode name', 'End Sub',
      filler('strB'),
      'RemoveMember "n1"',
      "' hopcheck-disable-next-line HOP002",
      'Set objTwo = GetObject("winmgmts:\\\\clu02\\root\\MSCluster")',
      'objTwo.Get("MSCluster_Cluster").AddNode "n7"',
      filler('strC'),
    ].join('\n');
    const vbDir = join(__dirname, '..', 'fixtures', 'vbscript');
    const vbBases: [string, string][] = [['long script', vbLong],
      ...readdirSync(vbDir).filter((f) => f.endsWith('.vbs')).map((f): [string, string] => [f, readFileSync(join(vbDir, f), 'utf8')])];
    const VB_INSERTS = [' ', 'x', 'e', '1', 'ab', '\n', "' note\n", 'WScript.Echo "done"\n', 'tmp = 1\n', 'strTarget = "other"\n', '"', "'",
      'EvictNode', 'Sub f\nEnd Sub\n', ' _\n', "' hopcheck-disable-line\n", 'If a Then\n', 'End If\n', '(', ')', ':', 'name', 'objSvc', 'Dim ', 'Class K\n', 'End Class\n'];
    const VB_TYPING = [' ', 'x', 'e', '1', 'ab', 'Name', '\n', "' note\n", 'WScript.Echo "done"\n', 'tmp = 1\n'];
    const r = rng(20261202);
    let reusedLong = 0;
    let reused = 0;
    let checked = 0;
    for (const [name, base] of vbBases) {
      let text = base;
      let tree = parseVbscript(text);
      let prev = analyseVb(tree, text);
      let cursor = Math.floor(r() * text.length);
      const rounds = name === 'long script' ? 200 : 12;
      for (let i = 0; i < rounds; i++) {
        if (i % 4 === 0 && text !== base) {
          text = base;
          tree = parseVbscript(text);
          prev = analyseVb(tree, text);
        }
        let fragments = TreeFragment.addTree(tree);
        const typed = typeSome(r, text, cursor, VB_TYPING, VB_INSERTS, (start, end, insert) => {
          fragments = TreeFragment.applyChanges(fragments, [{ fromA: start, toA: end, fromB: start, toB: start + insert.length }]);
        });
        ({ text, cursor } = typed);
        const region = typed.region;
        const next = parseVbscript(text, fragments);
        const old = tree;
        const kept = prev ? reuseFindings(prev, text, region, (lines, oldLines) => topsChangedOnlyWithin(old, next, oldLines, lines), '[]') : undefined;
        tree = next;
        checked++;
        if (kept) {
          reused++;
          if (name === 'long script') reusedLong++;
          assert.equal(view(kept.findings, text, 'vbscript'), view(vbFindings(parseVbscript(text), text), text, 'vbscript'),
            `${name}, edit ${i}: reused findings differ from a fresh analysis`);
          prev = kept;
        } else {
          prev = analyseVb(tree, text);
        }
      }
    }
    // 139 at this seed: a broken edited line is kept too (its errors are in no relevant statement).
    assert.ok(reusedLong >= 100, `reused ${reusedLong} of 200 analyses of the long script (${reused} of ${checked} in all)`);
  });

  it('VBScript: an edit that puts the statements after it in a Class is analysed again (no seed or name of it matters)', () => {
    // `Class K` typed above the cluster calls makes them the class's body: no longer run, no finding. The
    // edited line names nothing relevant, so only the top-level statements after it show the change.
    const before = ['x = 1', 'Set o = GetObject("winmgmts:\\\\clu03\\root\\MSCluster")', 'o.Get("MSCluster_Cluster").EvictNode "n1"'].join('\n');
    const insert = 'Class K\n';
    const after = insert + before;
    const tree = parseVbscript(before);
    const prev = analyseVb(tree, before)!;
    assert.deepEqual(prev.findings.map((f) => f.code), ['HOP001']);
    const next = parseVbscript(after, TreeFragment.applyChanges(TreeFragment.addTree(tree), [{ fromA: 0, toA: 0, fromB: 0, toB: insert.length }]));
    const kept = reuseFindings(prev, after, widen(undefined, 0, 0, insert.length), (lines, oldLines) => topsChangedOnlyWithin(tree, next, oldLines, lines), '[]');
    assert.equal(kept, undefined, 'the old findings were reused');
    assert.deepEqual(vbFindings(next, after), []);
  });

  it('VBScript: the statements around an edit are compared as comparing every top-level statement one by one does', () => {
    // topsChangedOnlyWithin passes over the pieces of the top level the re-parse took over whole; the reference
    // below reads every statement. Random edits, many of which change how the statements around them parse.
    const reference = (old: LezerTree, next: LezerTree, oldLines: { start: number; end: number }, lines: { start: number; end: number }) => {
      const delta = lines.end - oldLines.end;
      const all = (t: LezerTree) => { const out = []; for (let n = t.topNode.firstChild; n; n = n.nextSibling) out.push(n); return out; };
      const a = all(old);
      const b = all(next);
      let i = 0;
      let prefixEnd = 0;
      for (; i < a.length && a[i].to <= oldLines.start; i++) {
        if (i >= b.length || b[i].type !== a[i].type || b[i].from !== a[i].from || b[i].to !== a[i].to) return false;
        prefixEnd = a[i].to;
      }
      if (i < b.length && b[i].to <= lines.start) return false;
      let k = a.length - 1;
      let l = b.length - 1;
      for (; k >= i && a[k].from >= oldLines.end && a[k].from >= prefixEnd; k--, l--) {
        if (l < i || b[l].type !== a[k].type || b[l].from !== a[k].from + delta || b[l].to !== a[k].to + delta) return false;
      }
      return !(l >= i && b[l].from >= lines.end && b[l].from >= prefixEnd);
    };
    const kinds = (i: number) => [`s${i} = "v${i}"`, `If Len(s${i}) > 3 Then WScript.Echo s${i}`, `Sub P${i}\n  x = ${i}\nEnd Sub`,
      `For Each n In list${i}\n  WScript.Echo n\nNext`, `' note ${i}`, `Call P${i}(1, _\n  2)`, `Select Case s${i}\n  Case 1: y = 2\nEnd Select`][i % 7];
    const base = Array.from({ length: 1500 }, (_, i) => kinds(i)).join('\n') + '\n';
    const PIECES = [' ', 'x', '\n', '"', '(', ')', 'If a Then\n', 'End If\n', 'Sub A\n', 'End Sub\n', ':', "'", 'Class K\n', ' _\n', 'Next\n', ''];
    const r = rng(20261203);
    let text = base;
    let tree = parseVbscript(text);
    const answers = { same: 0, kept: 0 };
    for (let e = 0; e < 400; e++) {
      if (e % 50 === 0) [text, tree] = [base, parseVbscript(base)];
      const at = Math.floor(r() * (text.length + 1));
      const end = Math.min(text.length, at + (r() < 0.3 ? Math.floor(r() * 6) : 0));
      const insert = PIECES[Math.floor(r() * PIECES.length)];
      const after = text.slice(0, at) + insert + text.slice(end);
      const next = parseVbscript(after, TreeFragment.applyChanges(TreeFragment.addTree(tree), [{ fromA: at, toA: end, fromB: at, toB: at + insert.length }]));
      const oldLines = linesAround(text, at, end);
      const lines = linesAround(after, at, at + insert.length);
      const expected = reference(tree, next, oldLines, lines);
      assert.equal(topsChangedOnlyWithin(tree, next, oldLines, lines), expected, `edit ${e}: ${JSON.stringify(insert)} at ${at}`);
      answers.same++;
      if (expected) answers.kept++;
      [text, tree] = [after, next];
    }
    // Both answers came up often (at this seed: most edits leave the rest of the script as it parsed).
    assert.ok(answers.kept > 100 && answers.kept < answers.same - 20, JSON.stringify(answers));
    // A piece taken over counts only where the edit puts it: the same pieces, every one a character later (as
    // though a character had been typed at the very start) prove nothing about an edit claimed in the middle.
    const moved = new LezerTreeClass(tree.type, tree.children, tree.positions.map((p) => p + 1), tree.length + 1);
    const starts = [...text.matchAll(/\n/g)].map((m) => m.index + 1).filter((_, n) => n % 97 === 0);
    for (const start of starts) {
      const end = text.indexOf('\n', start);
      const oldLines = { start, end };
      const lines = { start, end: end + 1 };
      assert.equal(reference(tree, moved, oldLines, lines), false);
      assert.equal(topsChangedOnlyWithin(tree, moved, oldLines, lines), false, `lines at ${start}`);
      assert.equal(topsChangedOnlyWithin(tree, tree, oldLines, lines), reference(tree, tree, oldLines, lines), `unchanged tree, lines at ${start}`);
    }
    // A statement continued onto the edited line ends before it once the line is emptied: a change outside the lines.
    const continued = 's1 = 1 _\n2\nx = 3\n';
    const emptied = 's1 = 1 _\n\nx = 3\n';
    const first = parseVbscript(continued);
    const second = parseVbscript(emptied, TreeFragment.applyChanges(TreeFragment.addTree(first), [{ fromA: 9, toA: 10, fromB: 9, toB: 9 }]));
    assert.equal(topsChangedOnlyWithin(first, second, { start: 9, end: 10 }, { start: 9, end: 9 }), false);
  });

  it('VBScript: findings kept after an edit are kept again after edits of other ordinary lines, broken ones too', () => {
    const lines = Array.from({ length: 12 }, (_, i) => `s${i} = ${i}`);
    lines.splice(6, 0, 'Set o = GetObject("winmgmts:\\\\clu05\\root\\MSCluster")', 'o.Get("MSCluster_Cluster").EvictNode "n1"');
    let text = lines.join('\n');
    let tree = parseVbscript(text);
    let prev = analyseVb(tree, text)!;
    // The second and third edits leave a syntax error on their lines, as typing does on its way.
    for (const [line, insert] of [['s1 ', 'x'], ['s10 ', '"unclosed '], ['s3 ', 'If (( ']]) {
      const at = text.indexOf(line);
      const after = text.slice(0, at) + insert + text.slice(at);
      const next = parseVbscript(after, TreeFragment.applyChanges(TreeFragment.addTree(tree), [{ fromA: at, toA: at, fromB: at, toB: at + insert.length }]));
      const old = tree;
      const kept = reuseFindings(prev, after, widen(undefined, at, at, insert.length), (l, oldLines) => topsChangedOnlyWithin(old, next, oldLines, l), '[]');
      assert.ok(kept, `the findings were not kept after typing on the line of ${line}`);
      assert.equal(view(kept.findings, after, 'vbscript'), view(analyseVb(next, after)!.findings, after, 'vbscript'));
      [text, tree, prev] = [after, next, kept];
    }
  });

  it('widen maps several changes back to one region of the old text', () => {
    let region = widen(undefined, 10, 20, 15); // old [10,20) -> new [10,25)
    region = widen(region, 0, 2, 5); // before it: old [0,20) -> new [0,28)
    assert.deepEqual(region, { start: 0, oldEnd: 20, newEnd: 28 });
    region = widen(region, 40, 40, 3); // after it: old [0,37) -> new [0,43)
    assert.deepEqual(region, { start: 0, oldEnd: 32, newEnd: 43 }); // the insert at 40 was at 32 in the old text
  });
});
