// The tree the interpreter walks when the given one has syntax errors or typographic characters: the
// file re-parsed with the respellings of mask.ts (same length, so every offset stays the file's).
import { check, type Deadline } from '../../base/budget';
import { editTree, parsePowerShell, pointAt, viewOf, type SyntaxTree } from '../../parse/powershell';
import type { Span } from '../model';
import { TYPOGRAPHIC, applyMask, maskChanges, wholeLines } from './mask';
import { errorSpans } from './tree';
import { hasPointIn } from '../points';

export interface Masked {
  /** The tree to walk: `tree` itself, or a new one (owning its parse) the caller must delete. */
  tree: SyntaxTree;
  /** The text the tree was parsed from. */
  source: string;
  /** Errors of `tree` (when it is walked as given) that a mask would mend: not PowerShell's errors. */
  mended: Span[];
  /** The errors of the given tree, when it is the one walked (already collected). */
  errors?: Span[];
}

/**
 * Re-parses only when a statement that can matter is broken (`isRelevant`), or for typographic
 * characters: mending the others changes no finding and would cost a parse on most broken files. When
 * it does, every broken line is respelled, so the errors left are those PowerShell's reading leaves.
 */
export function reparseMasked(text: string, tree: SyntaxTree, isRelevant: (error: Span) => boolean, deadline?: Deadline): Masked {
  const root = tree.rootNode;
  const typographic = TYPOGRAPHIC.test(text);
  if (!root.hasError && !typographic) return { tree, source: text, mended: [] };
  const errors = root.hasError ? errorSpans(root) : [];
  const changes = maskChanges(text, wholeLines(text, errors));
  const at = changes.map(([offset]) => offset);
  const respelled = (e: Span) => hasPointIn(at, lineStart(text, e.start), lineEnd(text, e.end));
  // No relevant error is respelled (a grammar gap no mask covers, such as `"["(date)"]"`): re-parsing would
  // mend none of them, only errors no finding depends on.
  if (!typographic && !errors.some((e) => respelled(e) && isRelevant(e))) {
    return { tree, source: text, errors, mended: errors.filter(respelled) };
  }
  if (changes.length === 0) return { tree, source: text, errors, mended: [] };
  const source = applyMask(text, changes);
  // Parsed incrementally from a copy of the given tree told about each respelled run: only the
  // statements around the changes are parsed again (the caller keeps the given tree for its own edits).
  const old = tree.raw.copy();
  try {
    for (const [start, stop] of editRuns(changes)) {
      check(deadline);
      editTree(old, { start, oldEnd: stop, startPosition: pointAt(text, start), oldEndPosition: pointAt(text, stop), newText: source.slice(start, stop) });
    }
    return { tree: viewOf(parsePowerShell(source, old, deadline), (a, b) => source.slice(a, b), true, deadline), source, mended: [] };
  } finally {
    old.delete();
  }
}

/**
 * At most this many edits tell the copy about the respelled runs. Each edit walks the tree's top level, and
 * a file the grammar gave up on whole is one ERROR with its thousands of statements side by side: one edit
 * per run made a 20,000-line broken script spend 6.5 s here, past its budget. Fewer, wider edits make the
 * re-parse read more again: 64 made PowerView.ps1 (2,453 respellings) 10–20 % slower to analyse, 256 not
 * beyond the noise, and the broken script took 2.2–3.1 s with either.
 */
const MAX_EDITS = 256;

/** The respelled runs [start, end), the closest ones merged until at most MAX_EDITS are left (same length: a merged run is the masked text of its whole range). */
export function editRuns(changes: readonly (readonly [number, string])[]): [number, number][] {
  const runs: [number, number][] = [];
  for (let k = 0; k < changes.length;) {
    let end = k + 1;
    while (end < changes.length && changes[end][0] === changes[end - 1][0] + 1) end++;
    runs.push([changes[k][0], changes[end - 1][0] + 1]);
    k = end;
  }
  if (runs.length <= MAX_EDITS) return runs;
  // Merging every gap up to the (runs - MAX_EDITS)th smallest leaves at most MAX_EDITS runs.
  const gaps = runs.slice(1).map((r, i) => r[0] - runs[i][1]).sort((a, b) => a - b);
  const limit = gaps[runs.length - MAX_EDITS - 1];
  const merged: [number, number][] = [runs[0]];
  for (let i = 1; i < runs.length; i++) {
    const last = merged[merged.length - 1];
    if (runs[i][0] - last[1] <= limit) last[1] = runs[i][1];
    else merged.push(runs[i]);
  }
  return merged;
}

function lineStart(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}

function lineEnd(text: string, at: number): number {
  const nl = text.indexOf('\n', at);
  return nl === -1 ? text.length : nl;
}
