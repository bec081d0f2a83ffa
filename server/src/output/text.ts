// Text output, two forms:
// - plain (piped, CI logs): one line per finding, `path:line:col: severity CODE message`, like compilers,
//   which editors' problem matchers and grep read;
// - pretty (a terminal, or --pretty): findings grouped by file, each with its source line and a caret
//   under the call, like compilers and ShellCheck's tty format.
// Both end with a table by rule and a one-line summary. Colours only when asked for (cli.ts decides:
// a terminal, NO_COLOR, FORCE_COLOR, --color).
import { RULES } from '../rules/index';
import type { Severity } from '../rules/types';
import { SEVERITY_RANK, type ReportedFinding, type Report } from './report';
import { ruleDocUrl } from './rule-docs';

export interface TextOptions {
  pretty?: boolean;
  color?: boolean;
  /** Base of the rule links shown in the pretty form. */
  docsBase?: string;
}

type Paint = (s: string) => string;
const ANSI = (open: number, close: number): Paint => (s) => `\x1b[${open}m${s}\x1b[${close}m`;
const STYLE = { bold: ANSI(1, 22), dim: ANSI(2, 22), red: ANSI(31, 39), yellow: ANSI(33, 39), cyan: ANSI(36, 39), green: ANSI(32, 39), underline: ANSI(4, 24) };
type Styles = typeof STYLE;
const PLAIN: Styles = Object.fromEntries(Object.keys(STYLE).map((k) => [k, (s: string) => s])) as unknown as Styles;

const SEVERITY_COLOUR: Record<Severity, keyof Styles> = { error: 'red', warning: 'yellow', information: 'cyan', hint: 'cyan' };

/** The widest excerpt shown: a longer line is cut around the call. */
const EXCERPT_WIDTH = 120;

export function formatText(r: Report, o: TextOptions = {}): string {
  const c = o.color ? STYLE : PLAIN;
  const sev = (s: Severity) => c.bold(c[SEVERITY_COLOUR[s]](s));
  const lines: string[] = [];
  if (o.pretty) lines.push(...prettyFindings(r, c, sev, o.docsBase));
  else lines.push(...r.findings.map((f) => `${f.file}:${f.line}:${f.column}: ${sev(f.severity)} ${f.code} ${f.message}`));
  // Files not analysed go to stdout too (other problems only to stderr): a log that shows no finding
  // must not hide that a script was never read.
  const incomplete = r.problems.filter((p) => p.incomplete);
  for (const p of incomplete) lines.push(`${p.file}: ${sev('error')}: not analysed: ${p.reason.replace(/^skipped: /, '')}`);
  if (r.findings.length) {
    if (lines.at(-1) !== '') lines.push('');
    lines.push(...ruleTable(r.findings, c, sev), '');
  }
  const count = (s: string) => r.findings.filter((f) => f.severity === s).length;
  const files = new Set(r.findings.map((f) => f.file)).size;
  let summary = r.findings.length === 0
    ? `hopcheck: no findings in ${plural(r.filesScanned, 'file')}`
    : `hopcheck: ${plural(r.findings.length, 'finding')} (${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, `
      + `${plural(count('information') + count('hint'), 'note')}) in ${files} of ${plural(r.filesScanned, 'file')}`;
  if (incomplete.length) summary += `; ${plural(incomplete.length, 'file')} not analysed`;
  lines.push(r.findings.length === 0 && !incomplete.length ? c.green(summary) : c.bold(summary));
  return lines.join('\n') + '\n';
}

function prettyFindings(r: Report, c: Styles, sev: (s: Severity) => string, docsBase?: string): string[] {
  const byFile = new Map<string, ReportedFinding[]>();
  for (const f of r.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const out: string[] = [];
  for (const [file, findings] of byFile) {
    out.push(c.bold(c.underline(file)));
    const excerpts = r.excerpts?.get(file);
    for (const f of [...findings].sort((a, b) => a.line - b.line || a.column - b.column)) {
      const gutter = String(f.line).length;
      const pad = ' '.repeat(gutter);
      out.push(`  ${sev(f.severity)} ${c.bold(f.code)}: ${f.message}`);
      out.push(`  ${pad}${c.dim('-->')} ${file}:${f.line}:${f.column}`);
      const source = excerpts?.get(f.line);
      if (source !== undefined) {
        const width = f.endLine === f.line ? Math.max(1, f.endColumn - f.column) : Math.max(1, source.length - f.column + 1);
        const { text, caretAt } = excerpt(source, f.column - 1);
        const caret = ' '.repeat(caretAt) + '^'.repeat(Math.min(width, Math.max(1, text.length - caretAt)));
        out.push(`  ${pad} ${c.dim('|')}`);
        out.push(`  ${c.dim(String(f.line))} ${c.dim('|')} ${text}`);
        out.push(`  ${pad} ${c.dim('|')} ${c.bold(c[SEVERITY_COLOUR[f.severity]](caret))}`);
      }
      for (const rel of f.related) out.push(`  ${pad} ${c.dim('=')} ${rel.file === file ? '' : `${rel.file}:`}${rel.line}:${rel.column}: ${rel.message}`);
      out.push(`  ${pad} ${c.dim('=')} ${c.dim(`see ${ruleDocUrl(f.code, docsBase)}`)}`);
      out.push('');
    }
  }
  return out;
}

/** The source line with tabs as spaces (so the caret lines up), cut to EXCERPT_WIDTH around the column. */
function excerpt(line: string, column: number): { text: string; caretAt: number } {
  const before = line.slice(0, column).replace(/\t/g, '    ');
  let text = before + line.slice(column).replace(/\t/g, '    ');
  let caretAt = before.length;
  // Control characters (an escape sequence in a script) must not reach the terminal.
  text = text.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '?');
  if (text.length > EXCERPT_WIDTH) {
    const from = Math.max(0, Math.min(caretAt - 40, text.length - EXCERPT_WIDTH));
    text = (from > 0 ? '...' : '') + text.slice(from, from + EXCERPT_WIDTH) + (from + EXCERPT_WIDTH < text.length ? '...' : '');
    caretAt = caretAt - from + (from > 0 ? 3 : 0);
  }
  return { text, caretAt };
}

/** Findings per rule: `rule  severity  findings  files  description`, most severe first. */
function ruleTable(findings: readonly ReportedFinding[], c: Styles, sev: (s: Severity) => string): string[] {
  const rows = RULES.flatMap((rule) => {
    const mine = findings.filter((f) => f.code === rule.code);
    if (!mine.length) return [];
    const worst = mine.reduce<Severity>((w, f) => (SEVERITY_RANK[f.severity] > SEVERITY_RANK[w] ? f.severity : w), mine[0].severity);
    return [{ code: rule.code, severity: worst, count: mine.length, files: new Set(mine.map((f) => f.file)).size, short: rule.short }];
  }).sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.count - a.count);
  const head = ['rule', 'severity', 'findings', 'files', 'description'];
  const w = [Math.max(4, ...rows.map((x) => x.code.length)), 11, 8, 5];
  const line = (cells: string[], sevCell?: Severity) => [
    cells[0].padEnd(w[0]), sevCell ? sev(sevCell) + ' '.repeat(w[1] - sevCell.length) : cells[1].padEnd(w[1]),
    cells[2].padStart(w[2]), cells[3].padStart(w[3]), cells[4]].join('  ');
  return [c.bold(line(head)), ...rows.map((x) => line([x.code, x.severity, String(x.count), String(x.files), x.short], x.severity))];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
