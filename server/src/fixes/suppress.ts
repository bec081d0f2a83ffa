// "Disable HOPnnn for this line / for this file" (spec §6–§7), for both languages: a comment line
// above the finding (or a trailing one when the line above continues into it), or one at the top.
import type { Finding } from '../rules/types';
import type { Fix } from './types';
import { eol, indentAt, lineEnd, lineStart } from './text';

export interface CommentStyle {
  /** `#` for PowerShell, `'` for VBScript. */
  marker: string;
  /** Does this line continue onto the next (PowerShell backtick, VBScript ` _`)? */
  continues: (line: string) => boolean;
  /** Where a file-wide comment goes (a .wsf block's start; 0 for a plain script). */
  fileStart: number;
}

export const POWERSHELL_COMMENTS: Omit<CommentStyle, 'fileStart'> = { marker: '#', continues: (l) => /`\s*$/.test(l) };
export const VBSCRIPT_COMMENTS: Omit<CommentStyle, 'fileStart'> = { marker: "'", continues: (l) => /(^|\s)_\s*$/.test(l) };
// JScript statements run over lines freely: a comment line above the finding's line is always safe.
export const JSCRIPT_COMMENTS: Omit<CommentStyle, 'fileStart'> = { marker: '//', continues: () => false };

export function suppressFixes(f: Finding, text: string, style: CommentStyle): Fix[] {
  const nl = eol(text);
  const fixes: Fix[] = [];
  const start = lineStart(text, f.span.start);
  const prevEnd = start - (text.slice(start - 2, start) === '\r\n' ? 2 : 1);
  const prevLine = start > 0 ? text.slice(lineStart(text, prevEnd), prevEnd) : '';
  const thisLine = text.slice(start, lineEnd(text, f.span.start));
  if (!style.continues(prevLine)) {
    fixes.push({
      title: `Disable ${f.code} for this line`,
      edits: [{ span: { start, end: start }, newText: `${indentAt(text, start)}${style.marker} hopcheck-disable-next-line ${f.code}${nl}` }],
    });
  } else if (!style.continues(thisLine)) {
    const end = lineEnd(text, f.span.start);
    fixes.push({ title: `Disable ${f.code} for this line`, edits: [{ span: { start: end, end }, newText: ` ${style.marker} hopcheck-disable-line ${f.code}` }] });
  }
  fixes.push({
    title: `Disable ${f.code} for this file`,
    edits: [{ span: { start: style.fileStart, end: style.fileStart }, newText: `${style.marker} hopcheck-disable-file ${f.code}${nl}` }],
  });
  return fixes;
}
