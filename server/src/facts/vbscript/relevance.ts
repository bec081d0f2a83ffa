// Which top-level VBScript statements can matter to the double hop, decided from the text, so a long
// script's other statements are neither converted (from-lezer.ts) nor evaluated. The rule mirrors the
// PowerShell one (../powershell/relevance.ts) and is exact, not a guess. A statement is relevant when
// its text holds
//   - a seed: the name of one of the catalogue's cluster methods (every finding is about such a call, also through
//     ExecMethod_; monikers, locators, Security_ settings reach it through the names it mentions), or
//   - a name (variable, constant, Sub, Function, Class) that a relevant statement mentions: the closure
//     brings in every statement that can assign what a relevant statement reads and every call of a
//     relevant procedure (VBScript names are bare words, so every word that is not a keyword or a
//     member name after a dot counts as a name; names are read outside strings and comments, which
//     VBScript never reads variables from).
// test/facts/relevance.test.ts checks that gated and exhaustive extraction agree on every fixture.
import type { SyntaxNode, Tree } from '@lezer/common';
import { check, type Deadline } from '../../base/budget';
import { derived, vbscriptSeedWords } from '../../catalogue/derive';
import { hasPointIn } from '../points';

/** The seeds, from the catalogue (its cluster methods), any case. */
const seedRe = derived((c) => new RegExp(vbscriptSeedWords(c).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi'));
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

export function vbRelevance(tree: Tree, text: string, deadline?: Deadline): VbRelevance {
  const tops: SyntaxNode[] = [];
  for (let c = tree.topNode.firstChild; c; c = c.nextSibling) {
    tops.push(c);
    if ((tops.length & 1023) === 0) check(deadline);
  }
  // Every mention of every name, by lower-case name (one pass over the code, outside strings and comments).
  const mentions = new Map<string, number[]>();
  scanNames(text, 0, text.length, (name, at) => {
    let list = mentions.get(name);
    if (!list) mentions.set(name, (list = []));
    list.push(at);
  });
  const points: number[] = [];
  const queue: number[] = [];
  const add = (p: number) => { points.push(p); queue.push(p); };
  for (const m of text.matchAll(seedRe())) add(m.index);
  const seenTop = new Set<number>();
  const seenNames = new Set<string>();
  let steps = 0;
  while (queue.length) {
    if ((++steps & 255) === 0) check(deadline);
    const top = containing(tops, queue.pop()!);
    if (!top || seenTop.has(top.from)) continue;
    seenTop.add(top.from);
    scanNames(text, top.from, top.to, (name) => {
      if (seenNames.has(name)) return;
      seenNames.add(name);
      for (const q of mentions.get(name) ?? []) add(q);
    });
  }
  points.sort((a, b) => a - b);
  return { touches: (from: number, to: number) => hasPointIn(points, from, to) };
}

/**
 * Calls `found` for every name in text[from, to) that is not a keyword, not a member name after a dot,
 * and not inside a string literal or a `'` comment (VBScript never reads a variable from those).
 * A hand-written scanner: on a long script this runs on every keystroke, and it is several times faster
 * than a regular expression over a copy with the strings blanked out.
 */
function scanNames(text: string, from: number, to: number, found: (name: string, at: number) => void): void {
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 34) { // "...", with "" inside; a string ends at the line's end at the latest
      i++;
      while (i < to) {
        const d = text.charCodeAt(i);
        if (d === 34) {
          if (text.charCodeAt(i + 1) === 34) { i += 2; continue; }
          i++;
          break;
        }
        if (d === 10 || d === 13) break;
        i++;
      }
      continue;
    }
    if (c === 39) { // ' comment to the end of the line
      while (i < to && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
      continue;
    }
    if (isLetter(c)) {
      const prev = i > 0 ? text.charCodeAt(i - 1) : 0;
      let j = i + 1;
      while (j < to && isWordChar(text.charCodeAt(j))) j++;
      if (prev !== 46 && !isWordChar(prev)) { // not `obj.Member`, not the middle of a word
        const name = text.slice(i, j).toLowerCase();
        if (!KEYWORDS.has(name)) found(name, i);
      }
      i = j;
      continue;
    }
    i++;
  }
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isWordChar(c: number): boolean {
  return isLetter(c) || (c >= 48 && c <= 57) || c === 95;
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
