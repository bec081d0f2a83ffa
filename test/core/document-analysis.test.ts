// An open document's analysis (core/document-analysis.ts) keeps the PowerShell tree between edits and frees
// the tree an analysis replaced only when asked (the language server's worker asks after posting the
// findings, so freeing is off the edit's latency), or at the next analysis: never more than one is held.
import { strict as assert } from 'node:assert';
import { Tree } from 'web-tree-sitter';
import { analyzeText, initParsers } from '../../server/src/core/analyze';
import { DocumentAnalysis } from '../../server/src/core/document-analysis';
import { pointAt } from '../../server/src/parse/powershell';
import { countingParses, countingTreeEdits } from '../helpers/tree-edits';
import { TopIndex } from '../../server/src/facts/powershell/top-index';
import { rng } from '../../scripts/rng';
import type { Finding } from '../../server/src/rules/types';

/** How many top-level statements relevance and the walk look up while `run` runs. */
function countingStatementLookups<T>(run: () => T): { result: T; lookups: number } {
  let lookups = 0;
  const original = TopIndex.prototype.statementAt;
  TopIndex.prototype.statementAt = function (this: TopIndex, p: number) { lookups++; return original.call(this, p); };
  try {
    return { result: run(), lookups };
  } finally {
    TopIndex.prototype.statementAt = original;
  }
}

const shown = (findings: Finding[]) => findings.map((f) => ({ code: f.code, span: f.span, message: f.message, related: f.related }));

describe('an open document\'s analysis', () => {
  before(() => initParsers());

  it('frees the tree an analysis replaced when asked, or at the next analysis, and never holds more than one', () => {
    const deleted: Tree[] = [];
    const original = Tree.prototype.delete;
    Tree.prototype.delete = function (this: Tree) { deleted.push(this); original.call(this); };
    try {
      const doc = new DocumentAnalysis('powershell');
      const options = { localNames: [] };
      const deadline = { at: Infinity, budgetMs: 5000 };
      let text = '$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName node1\n$c.EvictNode("n2")\n';
      doc.applyEdits(null);
      const first = doc.analyse(text, options, deadline);
      assert.equal(first.length, 1);
      const type = (at: number, insert: string) => {
        doc.applyEdits([{ start: at, oldEnd: at, newText: insert, startPosition: pointAt(text, at), oldEndPosition: pointAt(text, at) }]);
        text = text.slice(0, at) + insert + text.slice(at);
        return doc.analyse(text, options, deadline);
      };
      type(text.length, '# note\n');
      assert.equal(deleted.length, 0, 'the replaced tree is freed after the findings are posted, not during the analysis');
      doc.freeReplaced();
      assert.equal(deleted.length, 1);
      doc.freeReplaced();
      assert.equal(deleted.length, 1, 'freed once');
      for (let i = 0; i < 5; i++) type(text.length, 'x\n'); // nobody asks: each analysis frees the one before
      assert.equal(deleted.length, 5);
      assert.equal(new Set(deleted).size, deleted.length);
      doc.dispose();
      assert.equal(deleted.length, 7, 'disposing frees the current tree and the replaced one');
    } finally {
      Tree.prototype.delete = original;
    }
  });

  it('starts afresh after hundreds of changes at once (each would walk the kept tree), with the same findings', () => {
    const { edits } = countingTreeEdits(() => {
      const doc = new DocumentAnalysis('powershell');
      const options = { localNames: [] };
      const deadline = { at: Infinity, budgetMs: 5000 };
      let text = Array.from({ length: 600 }, (_, i) => `$a${i} = 1`).join('\n') + '\n$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName node1\n$c.EvictNode("n2")\n';
      doc.applyEdits(null);
      assert.equal(doc.analyse(text, options, deadline).length, 1);
      // A replace-all: every `$a` becomes `$b`, 600 changes in one go (last first, so offsets hold).
      const changes = [];
      for (let at = text.lastIndexOf('$a'); at >= 0; at = at > 0 ? text.lastIndexOf('$a', at - 1) : -1) {
        changes.push({ start: at + 1, oldEnd: at + 2, newText: 'b', startPosition: pointAt(text, at + 1), oldEndPosition: pointAt(text, at + 2) });
        text = text.slice(0, at + 1) + 'b' + text.slice(at + 2);
      }
      assert.equal(changes.length, 600);
      doc.applyEdits(changes);
      const findings = doc.analyse(text, options, deadline);
      assert.equal(findings.length, 1);
      assert.equal(findings[0].code, 'HOP001');
      doc.dispose();
    });
    assert.equal(edits, 0, 'the kept tree was not edited 600 times');
  });

  const options = { localNames: [] };
  const deadline = { at: Infinity, budgetMs: 5000 };

  /** Edits of the open document, each compared with a fresh analysis; `whole` counts the document's own whole parses. */
  function typing(doc: DocumentAnalysis, start: string) {
    let text = start;
    let whole = 0;
    let without = 0; // edits analysed with no whole parse
    const edit = (at: number, end: number, insert: string) => {
      const kept = countingParses(() => {
        doc.applyEdits([{ start: at, oldEnd: end, newText: insert, startPosition: pointAt(text, at), oldEndPosition: pointAt(text, end) }]);
        text = text.slice(0, at) + insert + text.slice(end);
        return shown(doc.analyse(text, options, deadline));
      });
      whole += kept.whole;
      if (kept.whole === 0) without++;
      assert.deepEqual(kept.result, shown(analyzeText(text, 'powershell', { localNames: [] }).findings), `${JSON.stringify(insert)} at ${at}-${end}`);
      return kept.result;
    };
    return { edit, text: () => text, whole: () => whole, without: () => without };
  }

  /** `start` opened and analysed, proving edits from the statements around them whatever a re-parse costs. */
  function opened(start: string) {
    const doc = new DocumentAnalysis('powershell', true, 0);
    doc.applyEdits(null);
    const first = doc.analyse(start, options, deadline);
    return { doc, first, t: typing(doc, start) };
  }

  /**
   * Random typing near a cursor (now and then elsewhere: `jumps`), each edit compared with a fresh analysis:
   * mostly `typed`, else `breaking`; back to `start` every 15 edits, so breakage does not pile up, and the
   * document still (settled) now and then. Returns how many edits were analysed without a whole parse.
   */
  function typeAtRandom(start: string, seed: number, edits: number, typed: string[], breaking: string[], jumps: number): number {
    const r = rng(seed);
    const doc = new DocumentAnalysis('powershell', true, 0);
    let t = typing(doc, start);
    let cursor = 0;
    let without = 0;
    for (let i = 0; i < edits; i++) {
      if (i % 15 === 0) {
        without += t.without();
        doc.applyEdits(null);
        doc.analyse(start, options, deadline);
        t = typing(doc, start);
        cursor = Math.floor(r() * start.length);
      }
      const text = t.text();
      cursor = r() < jumps ? Math.floor(r() * (text.length + 1)) : Math.max(0, Math.min(text.length, cursor + Math.floor(r() * 8) - 3));
      const end = Math.min(text.length, cursor + (r() < 0.7 ? 0 : 1));
      const pool = r() < 0.85 ? typed : breaking;
      const insert = end > cursor && r() < 0.5 ? '' : pool[Math.floor(r() * pool.length)];
      t.edit(cursor, end, insert);
      cursor += insert.length;
      if (r() < 0.1) doc.settle();
    }
    doc.dispose();
    return without + t.without();
  }

  describe('typing in a long PowerShell script (the whole re-parse put off: parse/powershell-window.ts)', () => {
    const filler = (v: string) => Array.from({ length: 150 }, (_, i) => `$${v}${i} = Get-Service -Name 's${i}'\nif ($${v}${i}.Status) { Write-Host "${v}${i}" }`).join('\n');
    const base = [filler('v'), 'function Remove-Member($Name) {', '  Write-Host "removing $Name"',
      '  $c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName clu01', '  $c.EvictNode($Name)', '  Write-Host done', '}',
      filler('w'), 'Remove-Member -Name n1', filler('u')].join('\n') + '\n';

    it('keeps the findings of edits on one ordinary line without parsing the whole text, until the document is still', () => {
      const { doc, first, t } = opened(base);
      assert.equal(first.length, 1);
      const inside = t.text().indexOf("'s40'") + 2; // in a string of an ordinary line
      for (const insert of ['x', 'y', ' ', '1']) t.edit(inside, inside, insert);
      t.edit(inside, inside + 2, ''); // and a deletion
      assert.equal(t.whole(), 0, 'no edit of the line parsed the whole text');
      // Still: the tree is parsed for the last text, once; then an edit of another line is proved local too.
      assert.equal(countingParses(() => doc.settle()).whole, 1);
      assert.equal(countingParses(() => doc.settle()).whole, 0, 'nothing left to parse');
      const other = t.text().indexOf("'s70'", t.text().indexOf('$u70 =')) + 1;
      t.edit(other, other, 'z');
      assert.equal(t.whole(), 0);
      doc.dispose();
    });

    it('an edit of another line before the document was still parses the text the tree was told about first, and stays right', () => {
      const { doc, t } = opened(base);
      const a = t.text().indexOf("'s30'") + 1;
      t.edit(a, a, 'q');
      assert.equal(t.whole(), 0);
      // The tree is parsed for the text before this edit (one whole parse), then the edit is proved local.
      const b = t.text().indexOf("'s10'", t.text().indexOf('$u10 =')) + 1;
      t.edit(b, b, 'q');
      assert.equal(t.whole(), 1);
      // The cluster call's line: analysed again (the kept tree parsed for the new text), the finding moved.
      const c = t.text().indexOf('$c.EvictNode');
      assert.equal(t.edit(c, c, ' ').length, 1);
      doc.dispose();
    });

    it('an edit of a line that matters is analysed without the whole parse: on the old tree where no syntax changed, else with the statements around it parsed alone', () => {
      const { doc, t } = opened(base);
      const after = t.text().indexOf('clu01') + 5; // the computer name's end
      t.edit(after, after, '2');
      assert.match(t.edit(after + 1, after + 1, '3')[0].message, /'clu0123'/);
      assert.equal(t.whole(), 0, 'typing in the computer name parsed the whole text');
      // A blank splits the name in two arguments: other syntax, read from the function's own parse.
      assert.match(t.edit(after, after, ' ')[0].message, /'clu01'/);
      assert.equal(t.whole(), 0, 'splitting the name parsed the whole text');
      // Typing on in the line: the tree is still the one told about every edit since its parse, and the
      // function's parse stands in again.
      const line = t.text().indexOf('$c = Get-WmiObject');
      assert.match(t.edit(line, line, '; ')[0].message, /'clu01'/);
      assert.equal(t.whole(), 0);
      assert.equal(countingParses(() => doc.settle()).whole, 1, 'the still document is parsed once');
      // A quote left open may swallow the lines after it: not proved, so the whole text is parsed.
      t.edit(after, after, '"');
      assert.equal(t.whole(), 1);
      doc.dispose();
    });

    it('a re-parse stopped by another message leaves the tree as it was, and typing goes on right', () => {
      const { doc, t } = opened(base);
      const at = t.text().indexOf("'s90'") + 1;
      t.edit(at, at, 'x');
      const interrupt = new Int32Array(new SharedArrayBuffer(4));
      Atomics.store(interrupt, 0, 1);
      doc.settle(interrupt); // stopped at once
      t.edit(at, at + 1, '');
      assert.equal(t.whole(), 0, 'the tree was left unparsed, told about both edits, and the second was proved local too');
      doc.settle();
      const far = t.text().indexOf('$u120 =');
      t.edit(far, far, '# x\n');
      doc.dispose();
    });

    it('gives, edit after edit, what a fresh analysis gives (random typing near a cursor, stills now and then)', function () {
      this.timeout(120000); // 300 analyses of a long script, each against a fresh one: 26 s in the suite on a slow host
      // Mostly what typing a word leaves, now and then what breaks the syntax or matters on purpose.
      const typed = ['x', ' ', 'e', '1', 'Name', '-', '.'];
      const breaking = ['\n', '"', "'", '{', '}', '(', ')', '`', '|', '# c', '<#', '#>', 'else { }', '$c = 1\n', 'EvictNode', ';', '@"\n'];
      const without = typeAtRandom(base, 20261204, 300, typed, breaking, 0.1);
      // Not a timing: the proof must hold for some of the typing, or this test would compare nothing new.
      assert.ok(without >= 60, `${without} of 300 edits analysed without a whole parse`);
    });
  });

  describe('an admin script: a session command, and commands that reach other computers on most lines (facts/powershell/outside-verdicts.ts)', () => {
    const filler = (v: string) => Array.from({ length: 120 }, (_, i) => `$${v}${i} = Get-Service -Name 's${i}' -ComputerName node${i % 3}\n` +
      `if ($${v}${i}.Status -ne 'Running') { Copy-Item "C:\\logs\\${v}${i}.log" \\\\backup\\logs }`).join('\n');
    // Two hashtables whose `@` an edit deletes: their entry's Get-Service then runs in the session.
    const base = ['function Invoke-OnNode($Node, $Block) {', '  Invoke-Command -ComputerName $Node -ScriptBlock $Block', '}', filler('v'),
      'Invoke-Command -ComputerName n1 -ScriptBlock @{', '  n = (Get-Service -ComputerName n2)', '}', filler('w'),
      'Invoke-Command -ComputerName n1 -ScriptBlock @{ m = (Get-Service -ComputerName n4) }',
      'Invoke-OnNode -Node n1 -Block { Get-Service -ComputerName n3 }', filler('u')].join('\n') + '\n';

    it('decides again, after an edit proved local, only where the commands in the edited lines run', () => {
      const { doc, first } = opened(base);
      assert.deepEqual(first.map((f) => f.code), ['HOP006']);
      // On a relevant line (a call of the session function), so the edit is analysed, not only moved (core/reuse.ts).
      const inside = base.indexOf('-Node n1 -Block') + '-Node n'.length;
      const text = base.slice(0, inside) + 'x' + base.slice(inside);
      const { result, lookups } = countingStatementLookups(() => countingParses(() => {
        doc.applyEdits([{ start: inside, oldEnd: inside, newText: 'x', startPosition: pointAt(base, inside), oldEndPosition: pointAt(base, inside) }]);
        return shown(doc.analyse(text, options, deadline));
      }));
      assert.equal(result.whole, 0, 'proved local by the statements around it');
      assert.deepEqual(result.result, shown(analyzeText(text, 'powershell', { localNames: [] }).findings));
      // 1,080 commands reach other computers, each looked up in its statement when decided again.
      assert.ok(lookups < 50, `${lookups} top-level statements looked up`);
      doc.dispose();
    });

    it('decides again the commands of the edited lines, where the same command may now run elsewhere', () => {
      const { doc, t } = opened(base);
      const at = t.text().indexOf('-ScriptBlock @{ m') + '-ScriptBlock '.length;
      const after = t.edit(at, at + 1, ''); // `@{ … }` → `{ … }`, on one line: Get-Service now runs on n1
      assert.equal(t.whole(), 0, 'proved local by the statements around it');
      assert.deepEqual(after.map((f) => f.message.match(/'n\d'/)?.[0]), ["'n4'", "'n3'"]);
      doc.dispose();
    });

    it('decides every command again after an edit not proved local (a statement changed outside the edited lines)', () => {
      const { doc, t } = opened(base);
      const at = t.text().indexOf('-ScriptBlock @{') + '-ScriptBlock '.length;
      const after = t.edit(at, at + 1, ''); // `@{` → `{`: the hashtable, over three lines, is a script block run on n1
      assert.equal(t.whole(), 1, 'the statements around the edit cannot prove it local');
      assert.deepEqual(after.map((f) => f.message.match(/'n\d'/)?.[0]), ["'n2'", "'n3'"]);
      doc.dispose();
    });

    it('gives, edit after edit, what a fresh analysis gives (random typing near a cursor)', function () {
      this.timeout(120000);
      // Mostly what typing a word leaves, now and then what moves a command into a block or out of it.
      const typed = ['x', ' ', 'e', '1', '-'];
      const breaking = ['{', '}', '@', '$', '(', ')', '"', '\n', 'icm n1 ', 'icm n1 { ', ' }', ';', '|'];
      const without = typeAtRandom(base, 20261217, 150, typed, breaking, 0);
      // Not a timing: the proof must hold for some of the typing, or the verdicts would never be carried.
      assert.ok(without >= 15, `${without} of 150 edits analysed without a whole parse`);
    });
  });

  it('a VBScript document gives, edit after edit, what a fresh analysis of its text gives, and keeps findings an edit cannot change', () => {
    const doc = new DocumentAnalysis('vbscript');
    const options = { localNames: [] };
    const deadline = { at: Infinity, budgetMs: 5000 };
    const lines = Array.from({ length: 40 }, (_, i) => `str${i} = "svc${i}"`);
    lines.splice(20, 0, 'Set o = GetObject("winmgmts:\\\\clu04\\root\\MSCluster")', 'o.Get("MSCluster_Cluster").EvictNode "n1"');
    let text = lines.join('\n') + '\n';
    doc.applyEdits(null);
    const fresh = () => analyzeText(text, 'vbscript', { localNames: [] }).findings.map((f) => ({ code: f.code, span: f.span, related: f.related }));
    const seen = () => doc.analyse(text, options, deadline).map((f) => ({ code: f.code, span: f.span, related: f.related }));
    assert.deepEqual(seen(), fresh());
    const edit = (at: number, end: number, insert: string) => {
      doc.applyEdits([{ start: at, oldEnd: end, newText: insert, startPosition: pointAt(text, at), oldEndPosition: pointAt(text, end) }]);
      text = text.slice(0, at) + insert + text.slice(end);
    };
    // Typing on an ordinary line before the calls (kept, moved), then on the call's line (analysed again),
    // then a line that sends the calls to another computer by a name the relevant statements use.
    for (const insert of ['x', ' ', '\n', 'y = 2\n']) {
      edit(text.indexOf('str3 '), text.indexOf('str3 '), insert);
      assert.deepEqual(seen(), fresh());
    }
    edit(text.indexOf('EvictNode'), text.indexOf('EvictNode'), ' ');
    assert.deepEqual(seen(), fresh());
    edit(text.indexOf('str30 '), text.indexOf('str30 '), 'Set o = Nothing\n');
    assert.deepEqual(seen(), fresh());
    assert.equal(seen().length, fresh().length);
    doc.dispose();
  });
});

