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
    for (const [start, stop] of editRuns(changes, editBudget(tree.raw.rootNode.childCount))) {
      check(deadline);
      editTree(old, { start, oldEnd: stop, startPosition: pointAt(text, start), oldEndPosition: pointAt(text, stop), newText: source.slice(start, stop) });
    }
    return { tree: viewOf(parsePowerShell(source, old, deadline), (a, b) => source.slice(a, b), true, deadline), source, mended: [] };
  } finally {
    old.delete();
  }
}

const MIN_EDITS = 256;
const MAX_EDITS = 4096;
const ROOT_VISITS = 1 << 20;

/**
 * How many edits may tell the copy about the respelled runs. Each edit walks the children of the nodes it
 * falls in, the root's first, and a file the grammar gave up on whole is one ERROR holding all its statements
 * side by side: one edit per run made a 20,000-line broken script (76,000 children) spend 6.5 s here, past
 * its budget. Fewer, wider edits make the re-parse read more again: PowerView.ps1 (one ERROR of 784
 * children, 1,203 respelled runs) re-parsed in 33–38 ms from 256 edits and in 22–23 ms from one per run,
 * and 64 made its whole analysis 10–20 % slower. So the edits may visit about a million of the root's
 * children in all, and are at least 256 (the broken script: 2.6–3.3 s) and at most 4,096.
 */
export function editBudget(rootChildren: number): number {
  return Math.max(MIN_EDITS, Math.min(MAX_EDITS, Math.floor(ROOT_VISITS / Math.max(1, rootChildren))));
}

/** The respelled runs [start, end), the closest ones merged until at most `maxEdits` are left (same length: a merged run is the masked text of its whole range). */
export function editRuns(changes: readonly (readonly [number, string])[], maxEdits = MIN_EDITS): [number, number][] {
  const runs: [number, number][] = [];
  for (let k = 0; k < changes.length;) {
    let end = k + 1;
    while (end < changes.length && changes[end][0] === changes[end - 1][0] + 1) end++;
    runs.push([changes[k][0], changes[end - 1][0] + 1]);
    k = end;
  }
  if (runs.length <= maxEdits) return runs;
  // The (runs - maxEdits) smallest gaps are closed, the earlier first among equal ones: exactly maxEdits
  // runs are left. (Closing every gap up to the last of them closed all of a regular file's equal gaps:
  // 1,204 runs became 3.)
  const gap = (i: number) => runs[i + 1][0] - runs[i][1]; // between run i and run i + 1
  const order = Array.from({ length: runs.length - 1 }, (_, i) => i).sort((a, b) => gap(a) - gap(b) || a - b);
  const closed = new Uint8Array(runs.length);
  for (let k = 0; k < runs.length - maxEdits; k++) closed[order[k] + 1] = 1;
  const merged: [number, number][] = [runs[0]];
  for (let i = 1; i < runs.length; i++) {
    if (closed[i]) merged[merged.length - 1][1] = runs[i][1];
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
