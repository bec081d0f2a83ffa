// Which top-level VBScript statements can matter to the double hop, decided from the text, so a long
// script's other statements are neither converted (from-lezer.ts) nor evaluated. The rule mirrors the
// PowerShell one (../powershell/relevance.ts) and is exact, not a guess. A statement is relevant when
// its text holds
//   - a seed: the name of one of the four methods (every finding is about such a call, also through
//     ExecMethod_; monikers, locators, Security_ settings reach it through the names it mentions), or
//   - a name (variable, constant, Sub, Function, Class) that a relevant statement mentions: the closure
//     brings in every statement that can assign what a relevant statement reads and every call of a
//     relevant procedure (VBScript names are bare words, so every word that is not a keyword or a
//     member name after a dot counts as a name; names are read outside strings and comments, which
//     VBScript never reads variables from).
// test/facts/relevance.test.ts checks that gated and exhaustive extraction agree on every fixture.
import type { SyntaxNode, Tree } from '@lezer/common';

const SEED_RE = /evictnode|addnode|createcluster|destroycluster/gi;
/** A word that is not a member name (`obj.Name`): a variable, constant, procedure or class name. */
const NAME_RE = /(?<![.\w])[A-Za-z][A-Za-z0-9_]*/g;
const KEYWORDS = new Set([
  'and', 'as', 'byref', 'byval', 'call', 'case', 'class', 'const', 'default', 'dim', 'do', 'each', 'else', 'elseif', 'empty',
  'end', 'eqv', 'erase', 'error', 'exit', 'explicit', 'false', 'for', 'function', 'get', 'goto', 'if', 'imp', 'in', 'is',
  'let', 'loop', 'mod', 'new', 'next', 'not', 'nothing', 'null', 'on', 'option', 'or', 'preserve', 'private', 'property',
  'public', 'randomize', 'redim', 'rem', 'resume', 'select', 'set', 'step', 'stop', 'sub', 'then', 'to', 'true', 'until',
  'wend', 'while', 'with', 'xor',
]);

export interface VbRelevance {
  /** Does [from, to) (offsets in the script's own text) hold a relevant point? */
  touches(from: number, to: number): boolean;
}

export const ALL_RELEVANT: VbRelevance = { touches: () => true };

export function vbRelevance(tree: Tree, text: string): VbRelevance {
  const tops: SyntaxNode[] = [];
  for (let c = tree.topNode.firstChild; c; c = c.nextSibling) tops.push(c);
  // Every mention of every name, by lower-case name (one pass over the code without strings and comments).
  const code = blankStringsAndComments(text);
  const mentions = new Map<string, number[]>();
  for (const m of code.matchAll(NAME_RE)) {
    const name = m[0].toLowerCase();
    if (KEYWORDS.has(name)) continue;
    let list = mentions.get(name);
    if (!list) mentions.set(name, (list = []));
    list.push(m.index);
  }
  const points: number[] = [];
  const queue: number[] = [];
  const add = (p: number) => { points.push(p); queue.push(p); };
  for (const m of text.matchAll(SEED_RE)) add(m.index);
  const seenTop = new Set<number>();
  const seenNames = new Set<string>();
  while (queue.length) {
    const top = containing(tops, queue.pop()!);
    if (!top || seenTop.has(top.from)) continue;
    seenTop.add(top.from);
    for (const m of code.slice(top.from, top.to).matchAll(NAME_RE)) {
      const name = m[0].toLowerCase();
      if (KEYWORDS.has(name) || seenNames.has(name)) continue;
      seenNames.add(name);
      for (const q of mentions.get(name) ?? []) add(q);
    }
  }
  points.sort((a, b) => a - b);
  return {
    touches(from: number, to: number): boolean {
      let lo = 0;
      let hi = points.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (points[mid] < from) lo = mid + 1;
        else hi = mid;
      }
      return lo < points.length && points[lo] < to;
    },
  };
}

/** The text with string literals and `'` comments blanked out (same length, so offsets still hold). */
function blankStringsAndComments(text: string): string {
  let out = '';
  let from = 0;
  const re = /"[^"\r\n]*(?:""[^"\r\n]*)*"?|'[^\r\n]*/g;
  for (const m of text.matchAll(re)) {
    out += text.slice(from, m.index) + ' '.repeat(m[0].length);
    from = m.index + m[0].length;
  }
  return out + text.slice(from);
}

/** The node of `nodes` (in document order, not overlapping) whose range holds `p`. */
function containing(nodes: SyntaxNode[], p: number): SyntaxNode | undefined {
  let lo = 0;
  let hi = nodes.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (nodes[mid].from <= p) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return found >= 0 && p < nodes[found].to ? nodes[found] : undefined;
}
