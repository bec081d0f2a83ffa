// An open document's analysis (core/document-analysis.ts) keeps the PowerShell tree between edits and frees
// the tree an analysis replaced only when asked (the language server's worker asks after posting the
// findings, so freeing is off the edit's latency), or at the next analysis: never more than one is held.
import { strict as assert } from 'node:assert';
import { Tree } from 'web-tree-sitter';
import { analyzeText, initParsers } from '../../server/src/core/analyze';
import { DocumentAnalysis } from '../../server/src/core/document-analysis';
import { pointAt } from '../../server/src/parse/powershell';
import { countingTreeEdits } from '../helpers/tree-edits';

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

