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
import { lineEnd, lineStart } from '../../base/lines';
import { derived, vbscriptSeedWords } from '../../catalogue/derive';
import type { Span } from '../model';
import { firstAtOrAfter, hasPointIn, sortedPoints, spliced } from '../points';

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
  /**
   * The top-level statements of `tree` (this text's, or one of the same length with lines blanked) that
   * hold a relevant point, in order: those that `touches`. Read with a cursor, so the others cost no node
   * (walking a 5,000-line script's top level node by node, three times, was a fifth of an edit's analysis).
   */
  tops(tree: Tree): SyntaxNode[];
  /** What an open document keeps to prove an edit cannot change its findings (core/reuse.ts). */
  summary?: VbRelevanceSummary;
  /** The word index it read, which an open document keeps and moves to its next text (WordIndex.edited). */
  words?: WordIndex;
}

/** The relevant top-level statements and the names they mention: what decides relevance, as data. */
export interface VbRelevanceSummary {
  language: 'vbscript';
  tops: Span[];
  /** Lower case, keywords left out. */
  names: Set<string>;
}

export const ALL_RELEVANT: VbRelevance = { touches: () => true, tops: (tree) => topsTouching(tree, () => true) };

/** The top-level statements of `tree` for which `keep(from, to)`, in order (asked in order). */
function topsTouching(tree: Tree, keep: (from: number, to: number) => boolean): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const c = tree.topNode.cursor();
  if (!c.firstChild()) return out;
  do if (keep(c.from, c.to)) out.push(c.node); while (c.nextSibling());
  return out;
}

/**
 * Could `piece` (whole lines) make a statement relevant or change a finding? It holds a seed, a name a
 * relevant statement mentions, or a hopcheck comment (a suppression). Strings and comments end at the line's
 * end in VBScript, so whole lines read alone are read as in the script.
 */
export function vbCouldMatter(piece: string, summary: VbRelevanceSummary): boolean {
  if (/hopcheck/i.test(piece) || piece.search(seedRe()) >= 0) return true;
  let found = false;
  scanNames(piece, 0, piece.length, (name) => { found ||= summary.names.has(name); });
  return found;
}

/** `words`: the index of `text`'s words, when the caller kept one (a fresh one is made otherwise). */
export function vbRelevance(tree: Tree, text: string, deadline?: Deadline, words?: WordIndex): VbRelevance {
  // Where each top-level statement starts and ends (positions only: no node is made for them).
  const froms: number[] = [];
  const tos: number[] = [];
  const c = tree.topNode.cursor();
  if (c.firstChild()) {
    do {
      froms.push(c.from);
      tos.push(c.to);
      if ((froms.length & 1023) === 0) check(deadline);
    } while (c.nextSibling());
  }
  // Every mention of every name (one pass over the code, outside strings and comments), found by name.
  const mentions = words?.text === text ? words : WordIndex.of(text);
  const points: number[] = [];
  const queue: number[] = [];
  const add = (p: number) => { points.push(p); queue.push(p); };
  for (const at of mentions.seeds()) add(at);
  const seenTop = new Map<number, number>(); // from → to
  const seenNames = new Set<string>();
  let steps = 0;
  while (queue.length) {
    if ((++steps & 255) === 0) check(deadline);
    const top = containing(froms, tos, queue.pop()!);
    if (top < 0 || seenTop.has(froms[top])) continue;
    seenTop.set(froms[top], tos[top]);
    scanNames(text, froms[top], tos[top], (name) => {
      if (seenNames.has(name)) return;
      seenNames.add(name);
      mentions.each(name, add);
    });
  }
  const sorted = sortedPoints(points);
  const relevant = [...seenTop].map(([start, end]) => ({ start, end })).sort((a, b) => a.start - b.start);
  const touches = (from: number, to: number) => hasPointIn(sorted, from, to);
  // Asked for the same tree by each pass of the conversion (from-lezer.ts): read once. For this tree, from the
  // positions read above, each relevant statement found by its position; another (lines blanked), by a cursor.
  let last: { tree: Tree; tops: SyntaxNode[] } | undefined;
  const tops = (of: Tree): SyntaxNode[] => {
    if (last?.tree === of) return last.tops;
    let found: SyntaxNode[];
    if (of === tree) {
      found = [];
      for (let i = 0; i < froms.length; i++) if (touches(froms[i], tos[i])) found.push(of.topNode.childAfter(froms[i])!);
    } else {
      found = topsTouching(of, touches);
    }
    last = { tree: of, tops: found };
    return found;
  };
  return { touches, tops, summary: { language: 'vbscript', tops: relevant, names: seenNames }, words: mentions };
}

/**
 * Where each word of the code is (outside strings and comments, not a member name after a dot), found by
 * its lower-case spelling. A long script has tens of thousands of words and this runs on every keystroke:
 * the words are kept as offsets and a hash of their lower-case letters in typed arrays, chained by hash,
 * with no string made per word (a map of strings was a millisecond an edit on the 5,000-line benchmark).
 */
export class WordIndex {
  private starts: Int32Array;
  private ends: Int32Array;
  private hashes: Int32Array;
  private count = 0;
  /** Per bucket, the last word in it (+1; 0: none); per word, the one before it in its bucket (+1). */
  private heads = new Int32Array(0);
  private chain = new Int32Array(0);
  /** Where the seeds are (seedRe's matches, anywhere in the text: none holds a line break), ascending. */
  private seedAt: number[] = [];

  private constructor(readonly text: string, capacity: number) {
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.hashes = new Int32Array(capacity);
  }

  /** The words of all of `text`. */
  static of(text: string): WordIndex {
    const index = new WordIndex(text, 1024);
    index.scan(0, text.length);
    index.link();
    return index;
  }

  /**
   * The index of `text`, which is this index's text with [edit.start, edit.oldEnd) replaced by
   * text[edit.start, edit.newEnd): the words of the edited lines are read again, the others only moved. Whole
   * lines are enough: VBScript strings and comments end at the line's end, and a word looks one character back.
   */
  edited(text: string, edit: { start: number; oldEnd: number; newEnd: number }): WordIndex {
    const old = this.text;
    const delta = text.length - old.length;
    const from = lineStart(old, edit.start);
    const oldTo = lineEnd(old, edit.oldEnd);
    const starts = this.starts.subarray(0, this.count);
    const before = firstAtOrAfter(starts, from); // words before the edited lines
    const after = firstAtOrAfter(starts, oldTo); // the first word after them
    const index = new WordIndex(text, Math.max(1024, this.count + 64));
    index.starts.set(this.starts.subarray(0, before));
    index.ends.set(this.ends.subarray(0, before));
    index.hashes.set(this.hashes.subarray(0, before));
    index.count = before;
    index.scan(from, oldTo + delta);
    for (let w = after; w < this.count; w++) index.push(this.starts[w] + delta, this.ends[w] + delta, this.hashes[w]);
    // The seeds scanned in the edited lines, with those before and after them.
    index.seedAt = spliced(this.seedAt, [firstAtOrAfter(this.seedAt, from), firstAtOrAfter(this.seedAt, oldTo)], index.seedAt, delta);
    index.link();
    return index;
  }

  /** Where the seeds are, ascending (kept across edits as the words are: the whole text's scan was 0.25 ms of an edit). */
  seeds(): readonly number[] {
    return this.seedAt;
  }

  /** Calls `found` with the offset of every mention of `name` (lower case), in no particular order. */
  each(name: string, found: (at: number) => void): void {
    let hash = 0;
    for (let k = 0; k < name.length; k++) hash = mix(hash, name.charCodeAt(k));
    for (let w = this.heads[hash & (this.heads.length - 1)]; w > 0; w = this.chain[w - 1]) {
      const i = w - 1;
      if (this.hashes[i] !== hash || this.ends[i] - this.starts[i] !== name.length) continue;
      let k = 0;
      while (k < name.length && lower(this.text.charCodeAt(this.starts[i] + k)) === name.charCodeAt(k)) k++;
      if (k === name.length) found(this.starts[i]);
    }
  }

  /** @internal For tests: every word as [start, end, hash], in order. */
  words(): [number, number, number][] {
    return Array.from({ length: this.count }, (_, w) => [this.starts[w], this.ends[w], this.hashes[w]]);
  }

  private scan(from: number, to: number): void {
    scanWords(this.text, from, to, (start, end, hash) => this.push(start, end, hash));
    const piece = from === 0 && to === this.text.length ? this.text : this.text.slice(from, to);
    for (const m of piece.matchAll(seedRe())) this.seedAt.push(from + m.index);
  }

  private push(start: number, end: number, hash: number): void {
    if (this.count === this.starts.length) this.grow();
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.hashes[this.count++] = hash;
  }

  /** Chains the words by hash (looked up by `each`). */
  private link(): void {
    let size = 1024;
    while (size < this.count * 2) size *= 2;
    this.heads = new Int32Array(size);
    this.chain = new Int32Array(this.count);
    for (let w = 0; w < this.count; w++) {
      const b = this.hashes[w] & (size - 1);
      this.chain[w] = this.heads[b];
      this.heads[b] = w + 1;
    }
  }

  private grow(): void {
    const more = (a: Int32Array) => { const b = new Int32Array(a.length * 2); b.set(a); return b; };
    this.starts = more(this.starts);
    this.ends = more(this.ends);
    this.hashes = more(this.hashes);
  }
}

/**
 * Calls `found` for every name in text[from, to) that is not a keyword, not a member name after a dot,
 * and not inside a string literal or a `'` comment (VBScript never reads a variable from those).
 */
function scanNames(text: string, from: number, to: number, found: (name: string, at: number) => void): void {
  scanWords(text, from, to, (start, end) => {
    const name = text.slice(start, end).toLowerCase();
    if (!KEYWORDS.has(name)) found(name, start);
  });
}

/**
 * Calls `found` for every word in text[from, to) that is not a member name after a dot and not inside a
 * string literal or a `'` comment, with a hash of its lower-case spelling (keywords included: no name
 * asked for is one). A hand-written scanner: it is several times faster than a regular expression over a
 * copy with the strings blanked out.
 */
function scanWords(text: string, from: number, to: number, found: (start: number, end: number, hash: number) => void): void {
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
      let hash = mix(0, lower(c));
      let j = i + 1;
      for (let d = text.charCodeAt(j); j < to && isWordChar(d); d = text.charCodeAt(++j)) hash = mix(hash, lower(d));
      if (prev !== 46 && !isWordChar(prev)) found(i, j, hash); // not `obj.Member`, not the middle of a word
      i = j;
      continue;
    }
    i++;
  }
}

/** One step of the hash of a lower-case spelling: the same for a word of the text and a name asked for. */
function mix(hash: number, c: number): number {
  return (Math.imul(hash, 31) + c) | 0;
}

function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isWordChar(c: number): boolean {
  return isLetter(c) || (c >= 48 && c <= 57) || c === 95;
}

/** Which of the ranges [froms[i], tos[i]) (in document order, not overlapping) holds `p`; -1 if none. */
function containing(froms: readonly number[], tos: readonly number[], p: number): number {
  let lo = 0;
  let hi = froms.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (froms[mid] <= p) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return found >= 0 && p < tos[found] ? found : -1;
}
