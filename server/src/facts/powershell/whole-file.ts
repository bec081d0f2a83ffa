// Facts about a whole script found from its text, so the tree is only entered where they are: the
// function definitions (for call sites and relevance) and the suppressions (spec §7). Also the last
// pass over the calls found.
import type { Node } from '../../parse/powershell';
import type { ClusterCall, Suppression } from '../model';
import { commentSuppression } from '../suppression';
import { childOfType, spanOf } from './syntax';
import type { TopIndex } from './top-index';

/**
 * Every function definition, found from the keyword in the text (`starts`: a definition starts with it): each
 * is reached by descending to the keyword, where descendantsOfType would visit every node of the
 * statement around it (in a module that is one function holding all the others, the whole file).
 */
export function functionStatements(index: TopIndex, starts: readonly number[]): Node[] {
  const out: Node[] = [];
  for (const at of starts) { // the keyword and a name, not `-Filter x` (text-scan.ts FUNCTION_RE)
    const top = index.statementAt(at)?.node;
    const f = top && index.nodeStartingAt(top, at, 'function_statement');
    if (f) out.push(f);
  }
  return out;
}

/** Suppression comments, and SuppressMessageAttribute('hopcheck/HOPnnn', '') on a function or the script's param block. */
export function suppressionsOf(index: TopIndex, text: string): Suppression[] {
  // Both forms name "hopcheck": look only at the comments and attributes of the statements holding that word.
  const comments = new Map<number, Node>();
  const attributes = new Map<number, Node>();
  const searched = new Set<number>();
  for (const m of text.matchAll(/hopcheck/gi)) {
    const top = index.statementAt(m.index)?.node;
    if (!top || searched.has(top.startIndex)) continue;
    searched.add(top.startIndex);
    for (const c of top.type === 'comment' ? [top] : top.descendantsOfType('comment')) comments.set(c.startIndex, c);
    for (const a of top.descendantsOfType('attribute')) attributes.set(a.startIndex, a);
  }
  const out: Suppression[] = [];
  for (const c of [...comments.values()].sort((a, b) => a.startIndex - b.startIndex)) {
    const s = commentSuppression(c.text, spanOf(c), text);
    if (s) out.push(s);
  }
  for (const a of [...attributes.values()].sort((x, y) => x.startIndex - y.startIndex)) {
    if (!/suppressmessage(attribute)?$/i.test(childOfType(a, 'attribute_name')?.text ?? '')) continue;
    const first = a.firstDescendantOfType('attribute_argument');
    const id = first ? /^['"]?hopcheck(?:\/(HOP\d{3}))?['"]?$/i.exec(first.text.trim()) : null;
    if (!id) continue;
    // The attribute covers the function it sits in, or the whole script when on the script's param block.
    let scope: Node | null = a.parent;
    while (scope && scope.type !== 'function_statement' && scope.type !== 'program') scope = scope.parent;
    const range = !scope || scope.type === 'program' ? { start: 0, end: text.length } : spanOf(scope);
    out.push({ codes: id[1] ? [id[1].toUpperCase()] : [], range, source: spanOf(a) });
  }
  return out;
}

/** A call analysed both where its script block was written and inside a remote session keeps the remote one. */
export function dedupeCalls(calls: ClusterCall[]): ClusterCall[] {
  const byKey = new Map<string, ClusterCall>();
  for (const c of calls) {
    const key = `${c.span.start}:${c.method}`;
    const prev = byKey.get(key);
    if (!prev || (prev.session === undefined && c.session !== undefined)) byKey.set(key, c);
  }
  return [...byKey.values()].sort((a, b) => a.span.start - b.span.start);
}
