// Suppression comments, shared by both languages (spec §7): the extractors hand over each comment's
// text and range; this turns `hopcheck-disable-next-line HOP001`, `hopcheck-disable-line` and
// `hopcheck-disable-file HOP002` into the range they cover.
import { lineEnd, lineStart } from '../base/lines';
import type { Span, Suppression } from './model';

const DIRECTIVE = /\bhopcheck-disable(-next-line|-line|-file)\b([^\r\n]*)/i;

/** The codes listed after a directive (`HOP001, HOP002` or `HOP001 HOP002`); none means all rules. */
export function parseCodes(rest: string): string[] {
  return [...rest.matchAll(/\bHOP\d{3}\b/gi)].map((m) => m[0].toUpperCase());
}

export function commentSuppression(comment: string, at: Span, text: string): Suppression | undefined {
  const m = DIRECTIVE.exec(comment);
  if (!m) return undefined;
  const codes = parseCodes(m[2]);
  const kind = m[1].toLowerCase();
  if (kind === '-file') return { codes, range: { start: 0, end: text.length }, source: at };
  if (kind === '-line') return { codes, range: lineAt(text, at.start), source: at };
  // -next-line: the first line after the comment's own line.
  const own = lineAt(text, at.end);
  return { codes, range: lineAt(text, Math.min(text.length, nextLineStart(text, own.end))), source: at };
}

export function isSuppressed(code: string, offset: number, suppressions: readonly Suppression[]): boolean {
  return suppressions.some((s) => offset >= s.range.start && offset <= s.range.end && (s.codes.length === 0 || s.codes.includes(code)));
}

function lineAt(text: string, offset: number): Span {
  return { start: lineStart(text, offset), end: lineEnd(text, offset) };
}

function nextLineStart(text: string, lineEnd: number): number {
  if (text[lineEnd] === '\r' && text[lineEnd + 1] === '\n') return lineEnd + 2;
  return lineEnd + 1;
}
