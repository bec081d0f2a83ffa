// What both Lezer-based converters (facts/vbscript/from-lezer.ts, facts/jscript/from-lezer.ts) read
// of a syntax node alike.
import type { SyntaxNode } from '@lezer/common';

/** A node's children, in order. */
export function childrenOf(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}
