// Proving that an edit of an open PowerShell document changed no syntax outside its lines from a parse of
// the few statements around them, instead of a re-parse of the whole text. tree-sitter re-parses a long
// script in milliseconds even for one typed character (4 ms for the 5,000-line benchmark, wherever the
// edit, and as much with no edit at all): this grammar builds its statement lists while its parse stack is
// split (an assignment and an expression start alike), which makes them "fragile", so no re-parse reuses
// them and every statement goes onto the stack again.
//
// The proof, all of which must hold (else the caller parses the whole text and compares the trees):
//   1. in the old tree (told about the edit, so its offsets are the new text's), the script's top-level
//      statement list has a child wholly before the edited lines (`prev`) and one wholly after them
//      (`next`), no further apart than MAX_WINDOW;
//   2. the new text from prev's start to next's end, parsed on its own, has no syntax error (error
//      recovery weighs tokens past the window) and is one statement list;
//   3. every quote and `<#` in the edited lines is in a string or comment that ends in them: the lexer
//      reads a string or a block comment as far as its end, which may lie past the window, and where it
//      finds none it reads the characters as some other token (`<#` as a word), with no error to show it;
//   4. outside the lines, that list and the old children from prev to next agree node for node: type,
//      field, MISSING flag and extent. Decided in wasm memory where it can be (wasm-subtrees.ts sameSyntax: the
//      same syntax in every statement, or in prev and next with every statement between wholly inside the
//      lines, which the comparison leaves out), else by walking both with a cursor (`outlines`).
// Why that is enough: the text before prev is unchanged, so the parser reaches prev's start as before, at
// the start of a top-level statement that is not the first, as the window's parse starts. What it makes of
// the window up to next's start depends only on the window's tokens (next's first one included, and no
// token of the lines reads past them: 3), so it is what the window's own parse shows. Next starts where it
// did, and from there the text is the old text and the parser is where it was, so the rest of the tree is
// the old one too. Only the top level: the statements of a block are parsed in the block's context, where
// other tokens are valid and so the text can split into tokens differently, which the window would not have.
// test/parse/powershell-window.test.ts checks the proof against fresh parses of the old and the new text
// on random edits of every fixture and example.
import type { Node, Tree } from 'web-tree-sitter';
import { parsePowerShellRanges, sameNodes } from './powershell';

/**
 * A wider window costs more to parse on its own and to compare than the incremental re-parse of the whole
 * text saves (a fresh parse takes about 0.25 µs a character): a long function next to the edited line, say.
 */
const MAX_WINDOW = 4096;

interface Lines {
  start: number;
  end: number;
}

/** The parse of the top-level statements around an edit on their own, proved to be the new text's parse there. */
export interface WindowParse {
  /** The parse of [start, end) of the new text alone (the caller deletes it). */
  tree: Tree;
  start: number;
  end: number;
  /**
   * It is also the old tree node for node inside the lines, extents included: `edited` is the new text's tree
   * as it stands (typing inside a name, a string or a number, or blanks between tokens).
   */
  exact: boolean;
}

/**
 * The parse of the statements around `lines` of `text` alone, when it proves that the edit of `edited` (the
 * old tree, already told about it) changed syntax only inside the lines; else undefined.
 */
export function windowParse(edited: Tree, text: string, lines: Lines): WindowParse | undefined {
  const around = windowAround(edited.rootNode, lines);
  if (!around) return undefined;
  const prev = around[0];
  const next = around[around.length - 1];
  const start = prev.startIndex;
  const end = next.endIndex;
  const window = parsePowerShellRanges(text, [{ start, end, startPosition: prev.startPosition, endPosition: next.endPosition }]);
  if (!window) return undefined;
  let proved = false;
  try {
    const root = window.rootNode;
    const list = root.childCount === 1 ? root.child(0) : null;
    if (root.hasError || list?.type !== 'statement_list' || !openersClosedWithin(root, text, lines)) return undefined;
    const fresh: Node[] = [];
    for (let c = list.firstChild; c; c = c.nextSibling) fresh.push(c);
    // The same syntax node for node, read from wasm memory (types, productions, so fields, flags and extents;
    // about a fortieth of the cursor's walk below): exact, as that walk would find. Else (or where trees are not
    // read from memory) the walk decides, as when it was the only way.
    if (sameNodes(window, fresh, edited, around)) {
      proved = true;
      return { tree: window, start, end, exact: true };
    }
    // Outside the lines only: the statements before and after them the same, and every one between wholly
    // inside the lines on both sides (an outline leaves those out with all they hold). Else the walk decides.
    if (insideLines(around, lines) && insideLines(fresh, lines)
      && sameNodes(window, [fresh[0], fresh[fresh.length - 1]], edited, [prev, next])) {
      proved = true;
      return { tree: window, start, end, exact: false };
    }
    const a = outlines(around, lines);
    const b = outlines(fresh, lines);
    // The same everywhere is the same outside the lines too (the outline outside is made of the same nodes).
    const exact = sameOutline(a.everywhere, b.everywhere);
    if (!exact && !sameOutline(a.outside, b.outside)) return undefined;
    proved = true;
    return { tree: window, start, end, exact };
  } finally {
    if (!proved) window.delete();
  }
}

/** Does every node of `nodes` but the first and the last lie wholly inside `lines`? */
function insideLines(nodes: Node[], lines: Lines): boolean {
  for (let i = 1; i < nodes.length - 1; i++) if (nodes[i].startIndex < lines.start || nodes[i].endIndex > lines.end) return false;
  return true;
}

function sameOutline(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * The children of the script's top-level statement list from the last one wholly before `lines` to the first
 * one wholly after them, if both exist within MAX_WINDOW.
 */
function windowAround(root: Node, lines: Lines): Node[] | undefined {
  const list = root.firstChildForIndex(lines.start);
  if (list?.type !== 'statement_list' || list.startIndex > lines.start || list.endIndex < lines.end) return undefined;
  const first = list.firstChildForIndex(lines.start); // the first child that ends after the lines start
  const prev = first?.previousSibling;
  if (!first || !prev) return undefined;
  const out = [prev];
  let c: Node | null = first;
  for (; c && c.startIndex < lines.end; c = c.nextSibling) {
    if (c.endIndex - prev.startIndex > MAX_WINDOW) return undefined;
    out.push(c);
  }
  if (!c || c.endIndex - prev.startIndex > MAX_WINDOW) return undefined;
  out.push(c);
  return out;
}

/** The tokens that can run past a line: strings, here-strings and comments. */
const SPANNING = new Set(['comment', 'expandable_string_literal', 'expandable_here_string_literal', 'verbatim_string_characters', 'verbatim_here_string_characters']);
const OPENER = /["']|<#/g;

/** Is every quote and `<#` of the lines inside a string or comment of `root` that lies in the lines? (see 3 above) */
function openersClosedWithin(root: Node, text: string, lines: Lines): boolean {
  const piece = text.slice(lines.start, lines.end);
  for (const m of piece.matchAll(OPENER)) {
    let n: Node | null = root.descendantForIndex(lines.start + m.index);
    while (n && !SPANNING.has(n.type)) n = n.parent;
    if (!n || n.startIndex < lines.start || n.endIndex > lines.end) return false;
  }
  return true;
}

/**
 * Every node of the subtrees of `nodes`, in order, as type, field, MISSING flag, start and end: all of them
 * (`everywhere`), and those not wholly inside `lines` with an edge inside the lines as -1 (`outside`: a node
 * inside the lines is left out with all it holds). One walk makes both.
 */
function outlines(nodes: Node[], lines: Lines): { everywhere: number[]; outside: number[] } {
  const everywhere: number[] = [];
  const outside: number[] = [];
  const within = (p: number) => p >= lines.start && p <= lines.end;
  for (const n of nodes) {
    const c = n.walk();
    let skipBelow = Infinity; // the depth of the node inside the lines being walked, if any
    try {
      for (;;) {
        const depth = c.currentDepth;
        if (depth <= skipBelow) skipBelow = Infinity;
        const type = c.nodeTypeId;
        const field = c.currentFieldId;
        const missing = c.nodeIsMissing ? 1 : 0;
        const start = c.startIndex;
        const end = c.endIndex;
        everywhere.push(type, field, missing, start, end);
        // An edge inside the lines is only "inside": an edit at a statement's start moves it in the old tree.
        if (skipBelow === Infinity) {
          if (start >= lines.start && end <= lines.end) skipBelow = depth;
          else outside.push(type, field, missing, within(start) ? -1 : start, within(end) ? -1 : end);
        }
        if (c.gotoFirstChild()) continue;
        while (!c.gotoNextSibling()) if (!c.gotoParent()) break;
        if (c.currentDepth === 0) break;
      }
    } finally {
      c.delete();
    }
  }
  return { everywhere, outside };
}
