// Reusing an open document's findings after an edit that provably cannot change them, so typing in a
// long script costs an incremental parse and not a new analysis. The proof, all of which must hold:
//   1. the edited lines (before and after the edit) hold nothing that could make a statement relevant
//      (PowerShell: facts/powershell/relevance.ts `couldHaveMattered` before the edit: no seed word, no point
//      of the last relevance, no relevant function's name, no function definition, no suppression comment;
//      `couldMatter` after it: the same, with no mention that may bind a relevant variable, and each command
//      that reaches other computers outside every script block of a new tree with no syntax error; VBScript:
//      facts/vbscript/relevance.ts `vbCouldMatter`: no seed, no name a relevant statement mentions, no
//      suppression comment);
//   2. no statement that was relevant overlaps the edited lines, nor an Invoke-Command read as local from
//      its syntax (an edit of it may make it remote);
//   3. every change of syntax is inside the edited lines (PowerShell: the new tree shares every subtree
//      outside them with the old one, or else tree-sitter's getChangedRanges says so; VBScript: the
//      top-level statements before and after them are the old ones, same kind and extent, and
//      parse/vbscript.ts says why that is enough), so every other statement parsed exactly as before;
//   4. every syntax error of the old tree lies in the edited lines (by 3, so does every error of the
//      new tree): re-reading broken statements (recover.ts) joins broken neighbours, and here the only
//      broken statements are irrelevant ones in the edited lines;
//   5. the settings that shape findings are the same.
// Then the relevant statements are the same text at shifted offsets, the extractor would walk exactly
// them, and the findings are the old ones with every offset after the edit moved by the edit's length.
// test/core/reuse.test.ts compares reused results against a fresh analysis after random edits.
import { lineEnd, lineStart } from '../base/lines';
import type { Finding } from '../rules/types';
import { couldHaveMattered, couldMatter, runOutsideSessions, type RelevanceSummary } from '../facts/powershell/relevance';
import { insideType, type Tree } from '../parse/powershell';
import { vbCouldMatter, type VbRelevanceSummary } from '../facts/vbscript/relevance';
import type { Span } from '../facts/model';

export interface Reusable {
  text: string;
  findings: Finding[];
  relevance: RelevanceSummary | VbRelevanceSummary;
  /** The settings the findings depend on, as a key. */
  settingsKey: string;
  /** Where the tree the findings came from may have syntax errors. */
  errors: Span[];
}

/** Where the text changed since the last analysis: [start, oldEnd) in the old text is [start, newEnd) in the new. */
export interface EditRegion {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/**
 * Merges one more change into the region: it replaced [start, end) of the current text (the text after
 * the changes so far) with `length` characters. Text outside the region is unchanged, only shifted.
 */
export function widen(region: EditRegion | undefined, start: number, end: number, length: number): EditRegion {
  const d = length - (end - start);
  if (!region) return { start, oldEnd: end, newEnd: start + length };
  const mappedEnd = region.newEnd >= end ? region.newEnd + d : region.newEnd <= start ? region.newEnd : start + length;
  const newEnd = Math.max(mappedEnd, start + length);
  const total = region.newEnd - region.oldEnd + d; // the whole change in length so far
  const from = Math.min(region.start, start);
  return { start: from, newEnd, oldEnd: newEnd - total };
}

/**
 * The findings for `text` if the edit provably leaves them as they were (shifted), else undefined.
 * `syntaxChangedOnlyWithin(lines, oldLines, outsideBlocks)` says whether the new tree differs from the old one
 * only inside the edited lines (`lines` in the new text, `oldLines` in the old), and when `outsideBlocks` is
 * given, also that the new tree has no syntax error and holds none of those offsets in a script block; it is
 * asked last, when every check on the text has passed (it can cost milliseconds on a long script, and an edit
 * of a relevant line needs a new analysis anyway).
 */
export function reuseFindings(
  prev: Reusable, text: string, edit: EditRegion, syntaxChangedOnlyWithin: (lines: Span, oldLines: Span, outsideBlocks?: readonly number[]) => boolean,
  settingsKey: string,
): Reusable | undefined {
  if (settingsKey !== prev.settingsKey) return undefined;
  const delta = text.length - prev.text.length;
  if (edit.newEnd - edit.oldEnd !== delta) return undefined; // the region does not account for the whole change
  const oldLines = linesAround(prev.text, edit.start, edit.oldEnd);
  const newLines = linesAround(text, edit.start, edit.newEnd);
  if (prev.errors.some((e) => e.start < oldLines.start || e.end > oldLines.end)) return undefined;
  const touched = (t: Span) => t.start < oldLines.end && t.end > oldLines.start;
  const relevance = prev.relevance;
  if (relevance.tops.some(touched) || (relevance.language === 'powershell' && relevance.localInvokes?.some(touched))) return undefined;
  let outsideBlocks: readonly number[] | undefined;
  if (relevance.language === 'vbscript') {
    if (vbCouldMatter(prev.text.slice(oldLines.start, oldLines.end), relevance) || vbCouldMatter(text.slice(newLines.start, newLines.end), relevance)) return undefined;
  } else {
    if (couldHaveMattered(prev.text.slice(oldLines.start, oldLines.end), oldLines.start, relevance)) return undefined;
    const now = couldMatter(text, newLines, relevance);
    if (now === true) return undefined;
    outsideBlocks = now?.outsideBlocks;
  }
  if (!syntaxChangedOnlyWithin(newLines, oldLines, outsideBlocks)) return undefined;
  const from = edit.oldEnd;
  return {
    // A PowerShell tree may now have errors in the edited lines; a VBScript document is kept only while its
    // relevant statements have none (core/document-analysis.ts), and those are the same statements.
    text, settingsKey, errors: relevance.language === 'vbscript' ? prev.errors : [newLines],
    findings: shift(prev.findings, from, delta),
    relevance: relevance.language === 'vbscript'
      ? { ...relevance, tops: shift(relevance.tops, from, delta) }
      : {
        ...relevance, tops: shift(relevance.tops, from, delta), localInvokes: shift(relevance.localInvokes, from, delta),
        points: Int32Array.from(relevance.points, (p) => (p >= from ? p + delta : p)),
      },
  };
}

/**
 * The proof's part that `outsideBlocks` (see reuseFindings) asks of the new tree, `tree` (a parse of the whole text,
 * or of the statements around the edit): no syntax error, and none of those commands in a script block.
 */
export function provedOutsideSessions(tree: Tree, outsideBlocks: readonly number[] | undefined): boolean {
  return !outsideBlocks || runOutsideSessions(outsideBlocks, tree.rootNode.hasError, (p, type) => insideType(tree, p, type));
}

/** The whole lines around [start, end). */
export function linesAround(text: string, start: number, end: number): Span {
  return { start: lineStart(text, start), end: lineEnd(text, end) };
}

/** Offset-valued fields of findings and their facts (spans, insertion points). */
const OFFSET_KEYS = new Set(['start', 'end', 'appendAt', 'monikerInsertAt', 'afterStatement']);

/**
 * A copy of plain data with every offset at or after `from` moved by `delta`. An object met twice (the
 * findings of one script share their facts) is copied once, and the copy shared as the original was:
 * copying it again for each finding was most of the cost of a reused edit after the parse.
 */
function shift<T>(value: T, from: number, delta: number, done = new Map<object, unknown>()): T {
  if (value === null || typeof value !== 'object' || value instanceof Map || value instanceof Set) return value;
  const known = done.get(value);
  if (known !== undefined) return known as T;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    done.set(value, out);
    for (let i = 0; i < value.length; i++) out[i] = shift(value[i], from, delta, done);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  done.set(value, out);
  const record = value as Record<string, unknown>;
  for (const k in record) { // plain data: no inherited keys
    const v = record[k];
    out[k] = typeof v === 'number' ? (v >= from && OFFSET_KEYS.has(k) ? v + delta : v) : shift(v, from, delta, done);
  }
  return out as T;
}
