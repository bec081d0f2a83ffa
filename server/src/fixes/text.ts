// Small helpers over the document text shared by the fix builders: line boundaries and indentation.
import type { Span } from '../facts/model';
import { lineEnd, lineStart } from '../base/lines';

export { lineEnd, lineStart } from '../base/lines';

export function indentAt(text: string, offset: number): string {
  const start = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(start))![0];
}

/** The line break the file uses (CRLF for most Windows scripts). */
export function eol(text: string): string {
  return /\r\n/.test(text) ? '\r\n' : '\n';
}

export const slice = (text: string, s: Span): string => text.slice(s.start, s.end);

/** The full lines a span covers, with the line break after them (to delete a statement on its own lines). */
export function wholeLines(text: string, s: Span): Span | undefined {
  const start = lineStart(text, s.start);
  const end = lineEnd(text, s.end);
  if (text.slice(start, s.start).trim() !== '' || text.slice(s.end, end).trim() !== '') return undefined;
  const after = text[end] === '\r' && text[end + 1] === '\n' ? end + 2 : end < text.length ? end + 1 : end;
  return { start, end: after };
}
