// Plain text: one line per finding, `path:line:col: severity CODE message`, like compilers print.
import type { Report } from './report';

export function formatText(r: Report): string {
  const lines = r.findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.severity} ${f.code} ${f.message}`);
  const count = (s: string) => r.findings.filter((f) => f.severity === s).length;
  const files = new Set(r.findings.map((f) => f.file)).size;
  lines.push(r.findings.length === 0
    ? `hopcheck: no findings in ${r.filesScanned} file${r.filesScanned === 1 ? '' : 's'}`
    : `hopcheck: ${r.findings.length} finding${r.findings.length === 1 ? '' : 's'} (${count('error')} errors, ${count('warning')} warnings, `
      + `${count('information') + count('hint')} notes) in ${files} of ${r.filesScanned} files`);
  return lines.join('\n') + '\n';
}
