// Plain text: one line per finding, `path:line:col: severity CODE message`, like compilers print.
import type { Report } from './report';

export function formatText(r: Report): string {
  const lines = r.findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.severity} ${f.code} ${f.message}`);
  // Files not analysed go to stdout too (other problems only to stderr): a log that shows no finding
  // must not hide that a script was never read.
  const incomplete = r.problems.filter((p) => p.incomplete);
  for (const p of incomplete) lines.push(`${p.file}: error: not analysed: ${p.reason.replace(/^skipped: /, '')}`);
  const count = (s: string) => r.findings.filter((f) => f.severity === s).length;
  const files = new Set(r.findings.map((f) => f.file)).size;
  lines.push(r.findings.length === 0
    ? `hopcheck: no findings in ${r.filesScanned} file${r.filesScanned === 1 ? '' : 's'}`
    : `hopcheck: ${plural(r.findings.length, 'finding')} (${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, `
      + `${plural(count('information') + count('hint'), 'note')}) in ${files} of ${plural(r.filesScanned, 'file')}`);
  if (incomplete.length) lines[lines.length - 1] += `; ${plural(incomplete.length, 'file')} not analysed`;
  return lines.join('\n') + '\n';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
