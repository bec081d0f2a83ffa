// Test helpers for the proofs that an edit of a PowerShell script changed its syntax only in one place
// (parse/wasm-subtrees.ts changedSince, parse/powershell-window.ts): the oracle that compares fresh parses
// of the old and the new text, and the edits a typist makes between two analyses.
import type { TreeCursor } from 'web-tree-sitter';
import { widen, type EditRegion } from '../../server/src/core/reuse';
import { editTree, pointAt, type Tree } from '../../server/src/parse/powershell';

/**
 * Every node of `tree` not inside [from, to] (an empty node at either end is inside) as `type field missing
 * start end`, where an end before the range is kept, one after it is moved by `shift` (so the old and the new
 * text agree), and one in it or at its edges is `in`.
 */
export function outline(tree: Tree, from: number, to: number, shift: number): string[] {
  const out: string[] = [];
  // An end at either edge of the edited text is 'in' too: an edit at a token's edge may move the edge.
  const at = (p: number) => (p < from ? String(p) : p > to ? String(p + shift) : 'in');
  const cursor: TreeCursor = tree.walk();
  for (;;) {
    const n = cursor.currentNode;
    const s = at(n.startIndex);
    const e = at(n.endIndex);
    if (!(n.startIndex >= from && n.endIndex <= to)) out.push(`${n.type} ${cursor.currentFieldName ?? '-'} ${n.isMissing ? 'missing' : '-'} ${s} ${e}`);
    if (cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) return (cursor.delete(), out.sort());
  }
}

/**
 * One to three changes near each other, as a typist makes them between two analyses, each told to `tree`:
 * the new text, the region they changed (in its offsets) and the changes as [start, end, insert] for messages.
 */
export function typeNear(r: () => number, text: string, tree: Tree, inserts: readonly string[]): { text: string; region: EditRegion; edits: unknown[] } {
  let region: EditRegion | undefined;
  const edits: unknown[] = [];
  let at = Math.floor(r() * text.length);
  for (let k = 0, n = 1 + Math.floor(r() * 3); k < n; k++) {
    at = Math.max(0, Math.min(text.length, at + Math.floor(r() * 20) - 8));
    const end = Math.min(text.length, at + (r() < 0.6 ? 0 : Math.floor(r() * 6)));
    const insert = r() < 0.2 ? '' : inserts[Math.floor(r() * inserts.length)];
    editTree(tree, { start: at, oldEnd: end, startPosition: pointAt(text, at), oldEndPosition: pointAt(text, end), newText: insert });
    text = text.slice(0, at) + insert + text.slice(end);
    region = widen(region, at, end, insert.length);
    edits.push([at, end, insert]);
  }
  return { text, region: region!, edits };
}
