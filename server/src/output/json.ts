// JSON: the whole report, stable keys (documented in the README).
import type { Report } from './report';

export function formatJson(r: Report, version: string): string {
  return JSON.stringify({ tool: 'hopcheck', version, filesScanned: r.filesScanned, findings: r.findings, problems: r.problems, fixed: r.fixed }, null, 2) + '\n';
}
