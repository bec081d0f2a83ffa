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
//     VBScript never reads variables from). A name the script can never bind (bindingReader: no statement
//     assigns, declares or defines it, such as `WScript`, `Len` or `Err` in most scripts) is not followed:
//     the extractor reads it the same whatever the statements mentioning it do, and following it brought in
//     every `WScript.Echo` of a script, so that an edit of a 5,000-line one converted nearly all of it.
// test/facts/relevance.test.ts checks that gated and exhaustive extraction agree on every fixture.
import type { SyntaxNode, Tree } from '@lezer/common';
import { check, type Deadline } from '../../base/budget';
import { doubled } from '../../base/int-lists';
import { lineBreakBefore, lineEnd, lineStart } from '../../base/lines';
import { derived, vbscriptSeedWords } from '../../catalogue/derive';
import type { Span } from '../model';
import { firstAtOrAfter, hasPointIn, offsetsOf, sortedPoints, spliced } from '../points';
import { hasErrorNode, topExtents } from '../../parse/vbscript';

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
  const { froms, tos } = topExtents(tree, deadline);
  // Every mention of every name (one pass over the code, outside strings and comments), found by name.
  const mentions = words?.text === text ? words : WordIndex.of(text);
  const points: number[] = [];
  const queue: number[] = [];
  const add = (p: number) => { points.push(p); queue.push(p); };
  for (const at of mentions.seeds()) add(at);
  const seenTop = new Map<number, number>(); // from → to
  const seenNames = new Set<string>();
  const binds = bindingReader(tree, text, froms, tos, deadline);
  let steps = 0;
  while (queue.length) {
    if ((++steps & 255) === 0) check(deadline);
    const top = containing(froms, tos, queue.pop()!);
    if (top < 0 || seenTop.has(froms[top])) continue;
    seenTop.set(froms[top], tos[top]);
    // A statement with a syntax error may not be read as its quotes say: error recovery read `For Each s" In arr`
    // as naming arr, which the scan took for a string. Its words count wherever they are.
    scanNames(text, froms[top], tos[top], (name) => {
      if (seenNames.has(name)) return;
      // Kept among the names even when not followed: an edit that mentions it may bind it (vbCouldMatter).
      seenNames.add(name);
      if (mentions.some(name, (at) => binds.binds(at, name.length))) mentions.each(name, add);
    }, binds.broken(top));
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
      // The statements holding a point, in order: found from the points (a few hundred), not by asking each of
      // the script's statements (thousands) whether it holds one.
      found = [];
      let previous = -1; // the statement last found (points in one statement find it once)
      for (const p of sorted) {
        const i = containing(froms, tos, p);
        if (i > previous) {
          found.push(of.topNode.childAfter(froms[i])!);
          previous = i;
        }
      }
    } else {
      found = topsTouching(of, touches);
    }
    last = { tree: of, tops: found };
    return found;
  };
  return { touches, tops, summary: { language: 'vbscript', tops: relevant, names: seenNames }, words: mentions };
}

/** Words that declare or define the names after them on their line (a Sub's parameters, a Dim's list). */
const DECLARING = /(?<![\w.])(?:dim|redim|const|sub|function|property|class|private|public|static)(?!\w)/i;

/** A line continuation: ` _` and the line break after it (VBScript reads the two lines as one). */
const CONTINUATION = /[ \t]_[ \t]*(?:\r\n|\n|\r)/g;
const FOR_BEFORE = /(?:^|[^\w.])(?:for|each)[ \t]+$/i;
const FOR_ON_LINE = /(?:^|[^\w.])(?:for|each)(?!\w)/i;

/**
 * Can the mention of a name at `at` (`length` characters) bind it, as the extractor binds names
 * (vbscript/extract.ts: an assignment `name = …` or `Set name = …`, a Const, a For or For Each variable, a
 * procedure or a class and its parameters)? Decided from the text around it, erring towards yes: followed
 * by `=` (a comparison too), after `For` or `Each`, or after a declaring word on its line (continued lines
 * joined). In a statement with a syntax error, error recovery may read a binding the text does not show
 * (`Set svc := …` binds svc): there a later `=` in the statement, or `For`/`Each` before it on its line, is
 * enough. A name no mention can bind reads the same in every statement (an unknown value, a host object's
 * member), so the statements that only mention it cannot change what a relevant statement reads.
 */
function bindingReader(tree: Tree, text: string, froms: Int32Array, tos: Int32Array, deadline?: Deadline): {
  binds(at: number, length: number): boolean;
  /** Does top-level statement `top` hold a syntax error? */
  broken(top: number): boolean;
} {
  const brokenTops = new Map<number, boolean>();
  const clean = !hasErrorNode(tree); // most trees: no statement to walk for one
  const broken = (top: number): boolean => {
    let found = brokenTops.get(top);
    if (found === undefined && clean) return false;
    if (found === undefined) {
      found = false;
      const c = tree.topNode.childAfter(froms[top])!.cursor();
      // To its end inclusive: a missing token is an empty error node there (and the next statement's first one
      // counts too, which only errs towards yes).
      do found = c.type.isError; while (!found && c.next() && c.from <= tos[top]);
      brokenTops.set(top, found);
    }
    return found;
  };
  let equals: number[] | undefined; // where `=` is, found on first need (searching from each mention was quadratic)
  let asked = 0;
  const binds = (at: number, length: number): boolean => {
    if ((++asked & 255) === 0) check(deadline);
    const next = skipBlanks(text, at + length);
    if (next < 0 || text.charCodeAt(next) === 61) return true; // `=`, or blanks too long to read
    const start = statementLineStart(text, at);
    if (start < 0) return true;
    const line = text.slice(start, at); // at most REACH characters
    const before = /[\r\n]/.test(line) ? line.replace(CONTINUATION, ' ') : line;
    if (DECLARING.test(before) || FOR_BEFORE.test(before)) return true;
    const top = containing(froms, tos, at);
    if (top < 0) return true;
    if (!FOR_ON_LINE.test(before)) {
      equals ??= offsetsOf(text, '=');
      const after = firstAtOrAfter(equals, at + length);
      if (after >= equals.length || equals[after] >= tos[top]) return false;
    }
    return broken(top);
  };
  return { binds, broken };
}

/**
 * How far around a mention bindingReader reads: a statement line longer than this before it, or a run of
 * blanks after it, counts as binding (erring towards yes). Reading each mention's whole line made a
 * megabyte-long line of mentions quadratic.
 */
const REACH = 2048;

/**
 * Where the line holding `at` starts, or the first of the lines it continues (each ending in ` _`); -1 if
 * that is more than REACH before `at`.
 */
function statementLineStart(text: string, at: number): number {
  const floor = at - REACH;
  let start = lineStartWithin(text, at, floor);
  while (start > 0) {
    let k = start - 1; // the line break ending the line before
    if (text.charCodeAt(k) === 10 && text.charCodeAt(k - 1) === 13) k--;
    k--;
    while (k > floor && isBlank(text.charCodeAt(k))) k--;
    if (k <= floor) return -1;
    if (text.charCodeAt(k) !== 95 || !(k === 0 || isBlank(text.charCodeAt(k - 1)) || isBreak(text.charCodeAt(k - 1)))) break; // ` _`
    start = lineStartWithin(text, k, floor);
  }
  return start;
}

/** lineStart, or -1 if the line starts before `floor` (above it, no break is looked for). */
function lineStartWithin(text: string, at: number, floor: number): number {
  const lineBreak = lineBreakBefore(text, at, at - floor);
  return lineBreak >= 0 ? lineBreak + 1 : floor <= 0 ? 0 : -1;
}

/** The first offset from `i` past blanks and line continuations (` _` and the line break after it); -1 past REACH. */
function skipBlanks(text: string, i: number): number {
  const limit = i + REACH;
  for (;;) {
    while (isBlank(text.charCodeAt(i))) i++;
    if (i > limit) return -1;
    if (text.charCodeAt(i) !== 95 || !isBlank(text.charCodeAt(i - 1))) return i;
    let j = i + 1;
    while (isBlank(text.charCodeAt(j))) j++;
    if (!isBreak(text.charCodeAt(j))) return i;
    i = text.charCodeAt(j) === 13 && text.charCodeAt(j + 1) === 10 ? j + 2 : j + 1;
  }
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

function isBreak(c: number): boolean {
  return c === 10 || c === 13;
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
    this.some(name, (at) => { found(at); return false; });
  }

  /** Does `test` hold for the offset of some mention of `name` (lower case)? Stops at the first that does. */
  some(name: string, test: (at: number) => boolean): boolean {
    let hash = 0;
    for (let k = 0; k < name.length; k++) hash = mix(hash, name.charCodeAt(k));
    for (let w = this.heads[hash & (this.heads.length - 1)]; w > 0; w = this.chain[w - 1]) {
      const i = w - 1;
      if (this.hashes[i] !== hash || this.ends[i] - this.starts[i] !== name.length) continue;
      let k = 0;
      while (k < name.length && lower(this.text.charCodeAt(this.starts[i] + k)) === name.charCodeAt(k)) k++;
      if (k === name.length && test(this.starts[i])) return true;
    }
    return false;
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
    this.starts = doubled(this.starts);
    this.ends = doubled(this.ends);
    this.hashes = doubled(this.hashes);
  }
}

/**
 * Calls `found` for every name in text[from, to) that is not a keyword, not a member name after a dot,
 * and not inside a string literal or a `'` comment (VBScript never reads a variable from those).
 */
function scanNames(text: string, from: number, to: number, found: (name: string, at: number) => void, everywhere = false): void {
  scanWords(text, from, to, (start, end) => {
    const name = text.slice(start, end).toLowerCase();
    if (!KEYWORDS.has(name)) found(name, start);
  }, everywhere);
}

/**
 * Calls `found` for every word in text[from, to) that is not a member name after a dot and not inside a
 * string literal or a `'` comment, with a hash of its lower-case spelling (keywords included: no name
 * asked for is one). A hand-written scanner: it is several times faster than a regular expression over a
 * copy with the strings blanked out.
 */
function scanWords(text: string, from: number, to: number, found: (start: number, end: number, hash: number) => void, everywhere = false): void {
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 34 && !everywhere) { // "...", with "" inside; a string ends at the line's end at the latest
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
    if (c === 39 && !everywhere) { // ' comment to the end of the line
      while (i < to && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
      continue;
    }
    if (isLetter(c)) {
      const prev = i > 0 ? text.charCodeAt(i - 1) : 0;
      let hash = mix(0, lower(c));
      let j = i + 1;
      for (let d = text.charCodeAt(j); j < to && isWordChar(d); d = text.charCodeAt(++j)) hash = mix(hash, lower(d));
      // Not `obj.Member`, not the middle of a word. A letter after digits or `_` starts one: words are read
      // whole from a letter, so those did not follow one, and the parser reads `1.1x` and `_x` as naming x.
      if (prev !== 46 && (!isWordChar(prev) || !isLetterBefore(text, i))) found(i, j, hash);
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

/** Does the run of digits and `_` just before `i` follow a letter (so the word at `i` continues it)? */
function isLetterBefore(text: string, i: number): boolean {
  let k = i - 1;
  while (k >= 0 && isWordChar(text.charCodeAt(k)) && !isLetter(text.charCodeAt(k))) k--;
  return k >= 0 && isLetter(text.charCodeAt(k));
}

function isWordChar(c: number): boolean {
  return isLetter(c) || (c >= 48 && c <= 57) || c === 95;
}

/** Which of the ranges [froms[i], tos[i]) (in document order, not overlapping) holds `p`; -1 if none. */
function containing(froms: Int32Array, tos: Int32Array, p: number): number {
  let lo = 0;
  let hi = froms.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (froms[mid] <= p) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return found >= 0 && p < tos[found] ? found : -1;
}
