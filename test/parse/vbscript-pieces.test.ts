// parse/vbscript.ts reads a VBScript tree's top level through the pieces the parser built it from (the buffers
// and statement trees under the anonymous nodes that balance a long list), which an edit's re-parse takes
// over whole: where each top-level statement lies (topExtents) and whether any node is an error (hasErrorNode,
// read once per piece). Both must say what walking the tree node by node says, also after edits.
import { strict as assert } from 'node:assert';
import { Tree, TreeBuffer, TreeFragment } from '@lezer/common';
import { parser } from '../../grammars/vbscript/parser';
import { hasErrorNode, parseVbscript, topExtents } from '../../server/src/parse/vbscript';
import { rng } from '../../scripts/rng';

/** Each top-level statement's start and end, by the node API. */
function extentsByNodes(tree: Tree): { froms: number[]; tos: number[] } {
  const froms: number[] = [];
  const tos: number[] = [];
  for (let n = tree.topNode.firstChild; n; n = n.nextSibling) {
    froms.push(n.from);
    tos.push(n.to);
  }
  return { froms, tos };
}

function errorByNodes(tree: Tree): boolean {
  const c = tree.cursor();
  do if (c.type.isError) return true; while (c.next());
  return false;
}

/** A long script of many kinds of statement, some of them long enough that the parser keeps them as trees of their own. */
function longScript(lines: number): string {
  const kinds = (i: number) => [
    `s${i} = "v${i}"`, `If Len(s${i}) > 3 Then WScript.Echo s${i}`, `' note ${i}`,
    `Sub P${i}\n${Array.from({ length: 40 }, (_, k) => `  x${k} = ${k} + ${i}`).join('\n')}\nEnd Sub`,
    `Call P${i}(1, _\n  2)`,
  ][i % 5];
  return Array.from({ length: lines }, (_, i) => kinds(i)).join('\n') + '\n';
}

/** topExtents as lists of numbers, to compare. */
function extents(tree: Tree): { froms: number[]; tos: number[] } {
  const { froms, tos } = topExtents(tree);
  return { froms: Array.from(froms), tos: Array.from(tos) };
}

describe('VBScript top level read through its pieces', () => {
  it('topExtents and hasErrorNode agree with the node API after random edits of a long script', () => {
    const PIECES = [' ', 'x', '\n', '"', '(', ')', 'If a Then\n', 'End If\n', 'Sub A\n', 'End Sub\n', ':', "'", 'Class K\n', ' _\n', ''];
    const r = rng(20261203);
    const base = longScript(1500);
    const baseTree = parseVbscript(base);
    let text = base;
    let tree = baseTree;
    const seen = { clean: 0, broken: 0 };
    for (let e = 0; e < 300; e++) {
      if (e % 3 === 0) [text, tree] = [base, baseTree];
      const at = Math.floor(r() * (text.length + 1));
      const end = Math.min(text.length, at + (r() < 0.3 ? Math.floor(r() * 6) : 0));
      const insert = PIECES[Math.floor(r() * PIECES.length)];
      const after = text.slice(0, at) + insert + text.slice(end);
      tree = parseVbscript(after, TreeFragment.applyChanges(TreeFragment.addTree(tree), [{ fromA: at, toA: end, fromB: at, toB: at + insert.length }]));
      text = after;
      assert.deepEqual(extents(tree), extentsByNodes(tree), `edit ${e}`);
      const broken = errorByNodes(tree);
      assert.equal(hasErrorNode(tree), broken, `edit ${e}`);
      seen[broken ? 'broken' : 'clean']++;
    }
    assert.ok(seen.clean > 20 && seen.broken > 20, JSON.stringify(seen));
  });

  it('topExtents reads a buffer as the node API does, a node of an anonymous type in it as one statement', () => {
    // Lezer looks through anonymous trees (which topPieces descends) but not through an anonymous node inside a
    // buffer; the parser writes none there, and topExtents must not read one otherwise than the proof's reference.
    const types = parser.nodeSet.types;
    const program = types.find((t) => t.name === 'Program')!;
    const assign = types.find((t) => t.name === 'AssignStatement')!;
    const anonymous = types.find((t) => t.isAnonymous)!;
    const buffer = new Uint16Array([anonymous.id, 0, 10, 12, assign.id, 0, 4, 8, assign.id, 5, 10, 12, assign.id, 11, 15, 16]);
    const tree = new Tree(program, [new TreeBuffer(buffer, 15, parser.nodeSet)], [0], 15);
    assert.deepEqual(extents(tree), extentsByNodes(tree));
    assert.deepEqual(extents(tree), { froms: [0, 11], tos: [10, 15] });
  });

  it('hasErrorNode finds an error typed into a long Sub, kept whole by the parser, after the clean tree was read', () => {
    const text = longScript(400);
    const tree = parseVbscript(text);
    assert.equal(hasErrorNode(tree), false);
    const at = text.indexOf('  x20 = 20 + 203');
    const insert = 'If (( ';
    const after = text.slice(0, at) + insert + text.slice(at);
    const next = parseVbscript(after, TreeFragment.applyChanges(TreeFragment.addTree(tree), [{ fromA: at, toA: at, fromB: at, toB: at + insert.length }]));
    assert.equal(errorByNodes(next), true);
    assert.equal(hasErrorNode(next), true);
    assert.equal(hasErrorNode(tree), false, 'the old tree is still read as it was');
  });
});
