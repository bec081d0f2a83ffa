// Reads a tree-sitter tree's children straight from the runtime's wasm memory, for syntax-tree.ts. Even
// through the runtime's own exports (wasm-cursor.ts) a node costs five calls into wasm (the move, its
// type, start, end and descendant index) and the cursor's walk re-scans siblings to find its place;
// here a whole level is read with typed-array loads and no call at all. It mirrors the runtime's
// cursor (tree_cursor.c: hidden nodes are looked through, positions are the running sum of paddings
// and sizes, descendant indices count visible nodes) over its data layout (subtree.h, tree.h, parser.h's
// TSLanguage), which is why web-tree-sitter's version is pinned, why `subtreeReaders` checks what it can
// of the layout before each tree is read (else views fall back to the cursor), and why
// test/parse/syntax-tree.test.ts compares the result with the Node API node by node.
import type { Tree } from 'web-tree-sitter';

/** Where each child read is written: six numbers a child (see the CHILD_* offsets). */
export type ChildRecords = number[];
export const CHILD_FIELDS = 6;
/** The address of the child's Subtree (the way to read its own children). */
export const CHILD_SUBTREE = 0;
/** Its type id (0xffff for ERROR). */
export const CHILD_TYPE = 1;
/** Start and end, in UTF-16 code units (the runtime counts bytes of UTF-16). */
export const CHILD_START = 2;
export const CHILD_END = 3;
/** The cursor's descendant index: the way back to it through the cursor (fields). */
export const CHILD_DESCENDANT = 4;
/** CHILD_IS_MISSING and CHILD_IS_LEAF. */
export const CHILD_FLAGS = 5;
/** A MISSING node the parser inserted. */
export const CHILD_IS_MISSING = 1;
/** A node without visible children (most are tokens): its own children need not be read. */
export const CHILD_IS_LEAF = 2;

export interface SubtreeReader {
  /** The address of the root's Subtree. */
  readonly root: number;
  /**
   * Writes the visible children of the node whose Subtree is at `subtree` (which starts at `start` and has
   * the descendant index `descendant`) into `out`; returns how many.
   */
  children(subtree: number, start: number, descendant: number, out: ChildRecords): number;
  /** How many visible children the node whose Subtree is at `subtree` has (hidden ones looked through). */
  childCount(subtree: number): number;
  /**
   * Writes the first visible child that ends after `offset` (UTF-16) of that node into `out` (one record)
   * and returns its index among the visible children, or -1 if none does. It goes down through the hidden
   * nodes that end after `offset` only: a few loads per level of a list's balanced repeat() nodes, where
   * `children` reads every child. Returns -2 when that would visit more than a balanced tree's worth of
   * children (an ERROR node holds thousands of children side by side): the caller reads them all once.
   */
  childFor(subtree: number, start: number, descendant: number, offset: number, out: ChildRecords): number;
  /**
   * tree-sitter's hasError for a node with children: an ERROR or MISSING node in it (its error cost is not
   * zero). A node without children is an error only if it is one, which the view knows from its type and flag.
   */
  hasError(subtree: number): boolean;
  /**
   * Where this tree, re-parsed from `older` (the old tree, edited and still alive), can differ from it: a
   * span of this tree's text (UTF-16 offsets) such that outside it and outside the edited text every node
   * has its like in `older`, with the same type, production, flags and extent. Empty when nothing outside
   * the edited text changed. See `changedSince`.
   */
  changedSince(older: SubtreeReader): { start: number; end: number };
  /**
   * Does the node whose Subtree is at `mine` (in this tree) hold the same syntax as the one at `theirs` (in
   * another tree of the same runtime, read by `other`): the same types, productions (so the same fields),
   * flags and sizes, and the same paddings except the node's own (the text before it)? Where the two start
   * is the caller's to compare. `other` is asked for so that the other tree's layout has been checked too.
   */
  sameSyntax(mine: number, other: SubtreeReader, theirs: number): boolean;
}

// SubtreeHeapData (subtree.h), wasm32: ref_count, padding {bytes, row, column}, size {…}, lookahead_bytes,
// error_cost, child_count, symbol (u16), parse_state (u16), two bytes of flags, then the union whose first
// member (child_count > 0) starts with visible_child_count, named_child_count, visible_descendant_count.
const H_PADDING = 4;
const H_SIZE = 16;
const H_ERROR_COST = 32;
const H_CHILD_COUNT = 36;
const H_SYMBOL = 40;
const H_FLAGS = 44; // visible 1, named 2, extra 4, …
const H_FLAGS2 = 45; // depends_on_column 1, is_missing 2, is_keyword 4
const H_VISIBLE_CHILD_COUNT = 48;
const H_VISIBLE_DESCENDANT_COUNT = 56;
const H_PRODUCTION_ID = 66; // after dynamic_precedence (i32) and repeat_depth (u16)
// SubtreeInlineData (little-endian), 8 bytes: flag bits (is_inline 1, visible 2, named 4, extra 8,
// has_changes 16, is_missing 32, is_keyword 64), symbol (u8), parse_state (u16), padding_columns,
// padding_rows|lookahead_bytes, padding_bytes, size_bytes.
const I_SYMBOL = 1;
const I_PADDING_BYTES = 6;
const I_SIZE_BYTES = 7;
/** A Subtree (the union of the inline data and a pointer) is 8 bytes; children sit just before the heap data. */
const SUBTREE_BYTES = 8;
// TSLanguage (parser.h): nine u32 counts, max_alias_sequence_length (u16), then pointers.
const L_ABI = 0;
const L_SYMBOL_COUNT = 4;
const L_ALIAS_COUNT = 8;
const L_MAX_ALIAS_SEQUENCE = 36;
const L_PRODUCTION_ID_COUNT = 28;
const L_ALIAS_SEQUENCES = 84;
// TSTree (tree.h): the root Subtree, then the language.
const T_LANGUAGE = 8;
/** Numbers a level of the walk keeps (see `children`). */
const LEVEL = 4;

type Memory = { u8: Uint8Array; u16: Uint16Array; u32: Uint32Array };

/** Does any production of the language give a child another name (an alias sequence with a symbol in it)? */
function aliased({ u16, u32 }: Memory, language: number): boolean {
  const table = u32[(language + L_ALIAS_SEQUENCES) >> 2] >> 1;
  const length = u32[(language + L_PRODUCTION_ID_COUNT) >> 2] * u16[(language + L_MAX_ALIAS_SEQUENCE) >> 1];
  if (table === 0) return false;
  if (table + length > u16.length) return true; // not the layout expected: do not read it
  for (let i = 0; i < length; i++) if (u16[table + i] !== 0) return true;
  return false;
}

/**
 * Does the language at `language` look laid out as this file reads it: its ABI and symbol count as the
 * runtime reports them, and no aliases?
 */
function layoutExpected(m: Memory, language: number, tree: Tree): boolean {
  const { u32 } = m;
  if (language === 0 || language % 4 !== 0 || language + L_ALIAS_SEQUENCES + 4 > u32.byteLength) return false;
  const abi = u32[(language + L_ABI) >> 2];
  const symbols = u32[(language + L_SYMBOL_COUNT) >> 2] + u32[(language + L_ALIAS_COUNT) >> 2];
  if (abi < 14 || abi > 15 || symbols !== tree.language.nodeTypeCount) return false;
  // A grammar whose productions rename (alias) their children is read through the cursor: tree-sitter-powershell
  // has none, so that part of the cursor's logic is not mirrored here, where no test could exercise it.
  return !aliased(m, language);
}

/**
 * A reader factory over `runtime` (the object given to Parser.init), or undefined when it lacks the
 * memory views. The factory answers undefined for a tree whose layout does not look as expected.
 */
export function subtreeReaders(runtime: Record<string, unknown>): ((tree: Tree) => SubtreeReader | undefined) | undefined {
  if (!(runtime.HEAPU8 instanceof Uint8Array) || !(runtime.HEAPU16 instanceof Uint16Array) || !(runtime.HEAPU32 instanceof Uint32Array)) return undefined;
  // The runtime replaces its views of memory when the memory grows; growing detaches the old buffer, whose
  // views then have no bytes: that is when to take the new ones.
  let views: Memory = { u8: new Uint8Array(0), u16: new Uint16Array(0), u32: new Uint32Array(0) };
  const memory = (): Memory => {
    if (views.u8.byteLength === 0) views = { u8: runtime.HEAPU8 as Uint8Array, u16: runtime.HEAPU16 as Uint16Array, u32: runtime.HEAPU32 as Uint32Array };
    return views;
  };
  /** The answer of layoutExpected, by language address (a view is made per tree, and per broken line). */
  const readable = new Map<number, boolean>();
  /** repeatHelpers, by language address. */
  const repeats = new Map<number, Uint8Array>();
  return (tree: Tree) => {
    const t = (tree as unknown as Record<number, unknown>)[0];
    if (typeof t !== 'number' || t === 0 || t % 4 !== 0) return undefined;
    const { u32 } = memory();
    const language = u32[(t + T_LANGUAGE) >> 2];
    let expected = readable.get(language);
    if (expected === undefined) readable.set(language, (expected = layoutExpected(memory(), language, tree)));
    if (!expected) return undefined;

    /** The walk's stack, kept between calls (its length never shrinks: that would free and reallocate it). */
    const levels: number[] = [];
    /** sameSyntax's stack, kept the same way. */
    const pairs: number[] = [];
    const push = (top: number, heap: number, position: number, desc: number) => {
      levels[top] = heap;
      levels[top + 1] = 0;
      levels[top + 2] = position;
      levels[top + 3] = desc;
      return top + LEVEL;
    };
    /**
     * `children` (offset < 0): writes every visible child of the node into `out` and returns how many.
     * `childFor` (offset ≥ 0, UTF-16): writes the first visible child that ends after `offset` into `out`,
     * counting the ones before it without reading them, and returns its index (-1: none; -2: more steps than
     * a balanced tree takes). Hidden children are looked through: a stack of the levels being read, not
     * recursion (depth is the input's to choose). A level: [heap address, next child, position, descendant].
     */
    const walk = (subtree: number, start: number, descendant: number, out: ChildRecords, offset: number): number => {
      const m = memory();
      const { u8, u32 } = m;
      if (u8[subtree] & 1 || u32[(u32[subtree >> 2] + H_CHILD_COUNT) >> 2] === 0) return offset < 0 ? 0 : -1;
      const after = offset * 2; // bytes
      let n = 0; // children read, or passed over
      // A lookup takes two children a level of a balanced tree, plus the node's own: more, and the lookups
      // would be quadratic (an ERROR node holds thousands of children side by side).
      let steps = offset < 0 ? 0x3fffffff : 64 + 4 * Math.ceil(Math.log2(u32[(u32[subtree >> 2] + H_VISIBLE_CHILD_COUNT) >> 2] + 1));
      let top = push(0, u32[subtree >> 2], start * 2, descendant + 1);
      while (top > 0) {
        const l = top - LEVEL;
        const heap = levels[l];
        const i = levels[l + 1];
        const count = u32[(heap + H_CHILD_COUNT) >> 2];
        if (i === count) {
          top = l;
          continue;
        }
        if (--steps < 0) return -2;
        const c = heap - SUBTREE_BYTES * (count - i);
        const inline = (u8[c] & 1) !== 0;
        const child = inline ? 0 : u32[c >> 2];
        let position = levels[l + 2];
        if (i > 0) position += inline ? u8[c + I_PADDING_BYTES] : u32[(child + H_PADDING) >> 2];
        const desc = levels[l + 3];
        const size = inline ? u8[c + I_SIZE_BYTES] : u32[(child + H_SIZE) >> 2];
        const visible = inline ? (u8[c] & 2) !== 0 : (u8[child + H_FLAGS] & 1) !== 0;
        const grandchildren = inline ? 0 : u32[(child + H_CHILD_COUNT) >> 2];
        const visibleGrandchildren = grandchildren ? u32[(child + H_VISIBLE_CHILD_COUNT) >> 2] : 0;
        // The next child starts after this one (plus its own padding, added when it is read).
        levels[l + 1] = i + 1;
        levels[l + 2] = position + size;
        levels[l + 3] = desc + (visible ? 1 : 0) + (grandchildren ? u32[(child + H_VISIBLE_DESCENDANT_COUNT) >> 2] : 0);
        if (offset >= 0 && position + size <= after) {
          n += visible ? 1 : visibleGrandchildren; // before the offset: counted, not read
        } else if (visible) {
          record(m, out, offset < 0 ? n * CHILD_FIELDS : 0, c, inline, child, position, size, desc, visibleGrandchildren);
          if (offset >= 0) return n;
          n++;
        } else if (visibleGrandchildren > 0) {
          // A hidden node with visible nodes in it: its children are read in its place.
          top = push(top, child, position, desc);
        }
      }
      return offset < 0 ? n : -1;
    };
    return {
      root: t,
      children: (subtree, start, descendant, out) => walk(subtree, start, descendant, out, -1),
      childCount(subtree) {
        const { u8, u32 } = memory();
        return u8[subtree] & 1 ? 0 : u32[(u32[subtree >> 2] + H_VISIBLE_CHILD_COUNT) >> 2];
      },
      childFor: (subtree, start, descendant, offset, out) => walk(subtree, start, descendant, out, offset),
      hasError(subtree) {
        const { u8, u32 } = memory();
        return (u8[subtree] & 1) === 0 && u32[(u32[subtree >> 2] + H_ERROR_COST) >> 2] > 0;
      },
      changedSince(older) {
        let repeat = repeats.get(language);
        if (!repeat) repeats.set(language, (repeat = repeatHelpers(tree)));
        return changedSince(memory(), repeat, older.root, t);
      },
      sameSyntax: (mine, _other, theirs) => sameSyntax(memory(), mine, theirs, true, pairs),
    };
  };
}

/** Writes one child's record (see the CHILD_* offsets) at `o`. */
function record({ u8, u16 }: Memory, out: ChildRecords, o: number, c: number, inline: boolean, child: number, position: number, size: number, desc: number, visibleGrandchildren: number): void {
  out[o + CHILD_SUBTREE] = c;
  // The runtime would answer the public symbol of the type (the one a same-named token, such as a
  // second '.', is merged into): its name and named-ness are those of the symbol itself.
  out[o + CHILD_TYPE] = inline ? u8[c + I_SYMBOL] : u16[(child + H_SYMBOL) >> 1];
  out[o + CHILD_START] = position >>> 1;
  out[o + CHILD_END] = (position + size) >>> 1;
  out[o + CHILD_DESCENDANT] = desc;
  out[o + CHILD_FLAGS] = ((inline ? u8[c] & 32 : u8[child + H_FLAGS2] & 2) ? CHILD_IS_MISSING : 0) | (visibleGrandchildren ? 0 : CHILD_IS_LEAF);
}

/** Which of a language's symbols are the hidden helpers its grammar's repeat() makes (`statement_list_repeat1`). */
function repeatHelpers(tree: Tree): Uint8Array {
  const language = tree.language;
  const flags = new Uint8Array(language.nodeTypeCount);
  for (let id = 0; id < flags.length; id++) if (/_repeat\d+$/.test(language.nodeTypeForId(id) ?? '')) flags[id] = 1;
  return flags;
}

/**
 * Do the Subtrees at `a` and `b` hold the same syntax? They do when they are one subtree, or have the same type,
 * production (so the same fields), flags, padding and size, and their children are the same in turn; the
 * parse state, lookahead and has-changes bit are not syntax. `spine`: the paddings down the first children
 * from `a` and `b` (all the top node's own padding, which depends on the text before it) are not compared.
 * `pairs`: the walk's stack, the caller's to keep.
 */
function sameSyntax(m: Memory, a: number, b: number, spine: boolean, pairs: number[]): boolean {
  const { u8, u16, u32 } = m;
  /** The first-child slot on the spine that comes next (-1: none); slot addresses are unique in a tree. */
  let spineAt = spine ? a : -1;
  let top = 0;
  pairs[top++] = a;
  pairs[top++] = b;
  // The hot loop of changedSince (every statement a parse re-built, and the nodes down to its first token): reads inlined.
  while (top > 0) {
    const y = pairs[--top];
    const x = pairs[--top];
    const onSpine = x === spineAt;
    const hx = u32[x >> 2];
    const hy = u32[y >> 2];
    if (hx === hy && ((hx & 1) === 0 || u32[(x >> 2) + 1] === u32[(y >> 2) + 1])) continue; // identical
    if ((hx & 1) !== 0 || (hy & 1) !== 0) {
      if (!alike(m, x, y, onSpine)) return false; // a small token on either side
      continue;
    }
    const n = u32[(hx + H_CHILD_COUNT) >> 2];
    if (u16[(hx + H_SYMBOL) >> 1] !== u16[(hy + H_SYMBOL) >> 1] || n !== u32[(hy + H_CHILD_COUNT) >> 2]
      || (!onSpine && u32[(hx + H_PADDING) >> 2] !== u32[(hy + H_PADDING) >> 2]) || u32[(hx + H_SIZE) >> 2] !== u32[(hy + H_SIZE) >> 2]
      || (u8[hx + H_FLAGS] & 7) !== (u8[hy + H_FLAGS] & 7) || (u8[hx + H_FLAGS2] & 2) !== (u8[hy + H_FLAGS2] & 2)
      || (n > 0 && u16[(hx + H_PRODUCTION_ID) >> 1] !== u16[(hy + H_PRODUCTION_ID) >> 1])) return false;
    // The first child is pushed last, so it is the next pair taken: the spine goes on through it.
    if (onSpine) spineAt = n > 0 ? hx - SUBTREE_BYTES * n : -1;
    for (let i = 1; i <= n; i++) {
      pairs[top++] = hx - SUBTREE_BYTES * i;
      pairs[top++] = hy - SUBTREE_BYTES * i;
    }
  }
  return true;
}

/** Two subtrees alike in themselves (type, flags, size, child count, production; padding unless `onSpine`), children aside. */
function alike(m: Memory, a: number, b: number, onSpine: boolean): boolean {
  return symbolOf(m, a) === symbolOf(m, b) && flagsOf(m, a) === flagsOf(m, b) && (onSpine || paddingOf(m, a) === paddingOf(m, b))
    && sizeOf(m, a) === sizeOf(m, b) && childCountOf(m, a) === childCountOf(m, b)
    && (childCountOf(m, a) === 0 || productionOf(m, a) === productionOf(m, b));
}

const isInline = ({ u8 }: Memory, c: number) => (u8[c] & 1) !== 0;
const heapOf = ({ u32 }: Memory, c: number) => u32[c >> 2];
const paddingOf = (m: Memory, c: number) => (isInline(m, c) ? m.u8[c + I_PADDING_BYTES] : m.u32[(heapOf(m, c) + H_PADDING) >> 2]);
const sizeOf = (m: Memory, c: number) => (isInline(m, c) ? m.u8[c + I_SIZE_BYTES] : m.u32[(heapOf(m, c) + H_SIZE) >> 2]);
const childCountOf = (m: Memory, c: number) => (isInline(m, c) ? 0 : m.u32[(heapOf(m, c) + H_CHILD_COUNT) >> 2]);
const symbolOf = (m: Memory, c: number) => (isInline(m, c) ? m.u8[c + I_SYMBOL] : m.u16[(heapOf(m, c) + H_SYMBOL) >> 1]);
/** visible, named, extra, missing: the flags that shape the syntax (not has_changes, keyword or parse state). */
const flagsOf = (m: Memory, c: number) => (isInline(m, c)
  ? ((m.u8[c] >> 1) & 7) | (m.u8[c] & 32 ? 8 : 0)
  : (m.u8[heapOf(m, c) + H_FLAGS] & 7) | (m.u8[heapOf(m, c) + H_FLAGS2] & 2 ? 8 : 0));
/** Of a subtree with children. */
const productionOf = (m: Memory, c: number) => m.u16[(heapOf(m, c) + H_PRODUCTION_ID) >> 1];

/**
 * The span of the new tree (root Subtree at `next`, re-parsed from the edited old tree at `old`) outside of
 * which, and of the edited text, the two trees have the same syntax. Walking down from the roots: at each
 * level, the children that are the same at the start and at the end are taken off (by position: the start
 * sits where it was; the end ends where the parent ends, the old end moved by the edit, because the
 * parent's own siblings said so a level up); when exactly one child is left on each side, of the same
 * type, production (so the same fields) and padding, the walk goes into it; else what is left is the span.
 *
 * Two children are the same when they are one subtree (an incremental parse reuses the old tree's
 * untouched subtrees themselves, and the edit marked every subtree it touched as changed, so it is never
 * reused), or when both have the same type, production, flags, padding and size and their children are
 * the same in turn (tree-sitter re-builds a statement whose first token it may not reuse in the state it
 * is in now, out of the same tokens). The edit has already moved the old tree's extents, so a token whose
 * text the edit changed can look the same as before: its text is in the edited text, which the caller
 * reads itself (core/reuse.ts reads the edited lines). A list's children hang from a balanced tree of
 * hidden repeat() helpers, which a re-parse re-balances: those are opened, not compared (they carry no
 * fields, and views look through them). test/parse/changed-since.test.ts checks on random edits that the
 * trees agree node for node outside the span. tree-sitter's getChangedRanges (milliseconds on a long
 * script, where this takes a fraction of one) also reports nodes whose parse state alone differs.
 */
function changedSince(m: Memory, repeat: Uint8Array, old: number, next: number): { start: number; end: number } {
  const { u32 } = m;
  const inline = (c: number) => isInline(m, c);
  const heap = (c: number) => heapOf(m, c);
  // A small token is its 8 bytes; a larger subtree is its address in the first 4 (the rest is not its to set).
  const identical = (a: number, b: number) => u32[a >> 2] === u32[b >> 2] && (!inline(a) || u32[(a >> 2) + 1] === u32[(b >> 2) + 1]);
  const padding = (c: number) => paddingOf(m, c);
  const size = (c: number) => sizeOf(m, c);
  const childCount = (c: number) => childCountOf(m, c);
  const symbol = (c: number) => symbolOf(m, c);
  const flags = (c: number) => flagsOf(m, c);
  const production = (c: number) => productionOf(m, c);
  const opened = (c: number) => childCount(c) > 0 && (flags(c) & 1) === 0 && repeat[symbol(c)] === 1;
  const child = (c: number, i: number) => heap(c) - SUBTREE_BYTES * (childCount(c) - i);
  const pairs: number[] = [];
  const same = (a: number, b: number) => sameSyntax(m, a, b, false, pairs);
  // The units of a level still to compare, for each tree: a stack of runs of children [node, first, last + 1].
  const units = (node: number) => [node, 0, childCount(node)];
  const trim = (run: number[]) => { while (run.length > 0 && run[run.length - 2] === run[run.length - 1]) run.length -= 3; };
  const front = (run: number[]) => (trim(run), run.length > 0 ? child(run[run.length - 3], run[run.length - 2]) : -1);
  const back = (run: number[]) => (trim(run), run.length > 0 ? child(run[run.length - 3], run[run.length - 1] - 1) : -1);
  const open = (run: number[], c: number) => run.push(c, 0, childCount(c));

  let a = old;
  let b = next;
  if (padding(a) !== padding(b)) return { start: 0, end: (padding(b) + size(b)) >>> 1 }; // blanks at the top changed
  // Where both start (after their padding), in bytes: the text before the edit is the same, and the walk goes
  // only into nodes whose paddings agree.
  let start = padding(b);
  for (;;) {
    const whole = { start: start >>> 1, end: (start + size(b)) >>> 1 };
    if (identical(a, b)) return { start: whole.start, end: whole.start };
    if (childCount(a) === 0 || childCount(b) === 0 || !alikeNode(a, b)) return whole;
    // From the front (a unit's padding is its parent's when it comes first).
    const fa = units(a);
    const fb = units(b);
    let pos = start;
    let first = true;
    let x = front(fa);
    let y = front(fb);
    while (x >= 0 && y >= 0) {
      if (!identical(x, y) && (opened(x) || opened(y))) {
        if (opened(x)) { fa[fa.length - 2]++; open(fa, x); }
        if (opened(y)) { fb[fb.length - 2]++; open(fb, y); }
      } else if (same(x, y)) {
        pos += (first ? 0 : padding(y)) + size(y);
        first = false;
        fa[fa.length - 2]++;
        fb[fb.length - 2]++;
      } else {
        break;
      }
      x = front(fa);
      y = front(fb);
    }
    // From the back, never into what the front took.
    const ba = units(a);
    const bb = units(b);
    let endA = start + size(a);
    let endB = start + size(b);
    let u = back(ba);
    let v = back(bb);
    while (u >= 0 && v >= 0) {
      if (!identical(u, v) && (opened(u) || opened(v))) {
        if (opened(u)) { ba[ba.length - 1]--; open(ba, u); }
        if (opened(v)) { bb[bb.length - 1]--; open(bb, v); }
      } else if (same(u, v)) {
        if (!fits(u, endA, start, pos, first) || !fits(u, endB, start, pos, first)) break;
        endA -= size(u) + padding(u);
        endB -= size(v) + padding(v);
        ba[ba.length - 1]--;
        bb[bb.length - 1]--;
      } else {
        break;
      }
      u = back(ba);
      v = back(bb);
    }
    // Where the first unit that differs starts: after its padding if the paddings agree, else where the
    // shared units end (the old one's padding is in the old text's offsets).
    const agree = x >= 0 && y >= 0 && padding(x) === padding(y);
    const from = first || !agree ? pos : pos + padding(y);
    // One unit left on each side, the same one from both ends: go into it.
    if (x >= 0 && x === u && y >= 0 && y === v && agree) {
      a = x;
      b = y;
      start = from;
      continue;
    }
    return { start: Math.min(from, endB) >>> 1, end: Math.max(from, endB) >>> 1 };
  }

  /** Does unit `u`, ending at `end`, stay clear of what the front took (up to `pos`; nothing if `first`)? */
  function fits(u: number, end: number, start: number, pos: number, first: boolean): boolean {
    return first ? end - size(u) >= start : end - size(u) - padding(u) >= pos;
  }

  /** Two nodes with children that may differ in them but not in themselves. */
  function alikeNode(p: number, q: number): boolean {
    return symbol(p) === symbol(q) && flags(p) === flags(q) && production(p) === production(q);
  }
}
