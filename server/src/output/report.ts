// A finding placed in a file, with 1-based positions: what every output format prints.
import type { Finding, RuleCode, Severity } from '../rules/types';
import { dirname, join } from 'node:path';
import type { ElsewhereLocation } from '../facts/model';
import { LineIndex } from '../core/positions';

export interface Location {
  file: string;
  /** 1-based line and column (UTF-16 code units), end exclusive column. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface ReportedFinding extends Location {
  code: RuleCode;
  severity: Severity;
  message: string;
  method: string;
  target: string;
  related: (Location & { message: string })[];
}

export interface FileProblem {
  file: string;
  reason: string;
  /**
   * The file was not analysed, or not to the end (out of time, nested too deeply, an internal error):
   * unlike a file skipped by the settings, it may hide findings, so it is an error in every format.
   */
  incomplete?: true;
}

export interface Report {
  filesScanned: number;
  findings: ReportedFinding[];
  /** Files skipped or unreadable, with the reason. */
  problems: FileProblem[];
  /** Files changed by --fix and how many fixes each got. */
  fixed: { file: string; count: number }[];
  /** The files analysed, as shown (JUnit lists the clean ones too). */
  analysed?: string[];
  /** The source lines findings start on, per file and 1-based line (the terminal form shows them). */
  excerpts?: Map<string, Map<number, string>>;
}

export function place(file: string, text: string, findings: Finding[], severityOf: (f: Finding) => Severity | 'off',
  excerpts?: Map<string, Map<number, string>>): ReportedFinding[] {
  const index = new LineIndex(text);
  const loc = (s: { start: number; end: number }): Location => {
    const a = index.positionAt(s.start);
    const b = index.positionAt(s.end);
    return { file, line: a.line + 1, column: a.character + 1, endLine: b.line + 1, endColumn: b.character + 1 };
  };
  const out: ReportedFinding[] = [];
  for (const f of findings) {
    const severity = severityOf(f);
    if (severity === 'off') continue;
    out.push({
      ...loc(f.span), code: f.code, severity, message: f.message, method: f.method, target: f.target,
      related: f.related.map((r) => ({ ...(r.elsewhere ? elsewhere(file, r.elsewhere) : loc(r.span)), message: r.message })),
    });
  }
  if (excerpts && out.length) {
    const lines = excerpts.get(file) ?? new Map<number, string>();
    excerpts.set(file, lines);
    for (const f of out) {
      const start = index.offsetAt({ line: f.line - 1, character: 0 });
      let end = index.offsetAt({ line: f.line, character: 0 });
      if (end <= start) end = text.length; // the last line
      lines.set(f.line, text.slice(start, end).replace(/\r?\n$|\r$/, ''));
    }
  }
  return out;
}

/** A step in a file the document includes: its path as the document's is printed (relative stays relative). */
function elsewhere(file: string, e: ElsewhereLocation): Location {
  const dir = dirname(file);
  const shown = dir === '.' ? e.relative : join(dir, ...e.relative.split('/'));
  return { file: shown.split('\\').join('/'), line: e.start.line + 1, column: e.start.character + 1, endLine: e.end.line + 1, endColumn: e.end.character + 1 };
}

export const SEVERITY_RANK: Record<Severity, number> = { error: 4, warning: 3, information: 2, hint: 1 };
