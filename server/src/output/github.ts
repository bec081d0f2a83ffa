// GitHub Actions workflow commands: one annotation per finding, shown on the pull request's diff and
// the run's summary, with no upload and no token (so it works on pull requests from forks).
//   ::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=T::message
// Escaping as GitHub documents it (and @actions/core does): `%`, CR and LF in the message; those and
// `:` and `,` in property values.
import { ruleEntry } from '../catalogue/derive';
import type { Severity } from '../rules/types';
import type { Report } from './report';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(kind: string, props: Record<string, string | number>, message: string): string {
  const p = Object.entries(props).map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
  return `::${kind} ${p}::${escapeData(message)}`;
}

export function formatGithub(r: Report): string {
  const lines = r.findings.map((f) => {
    // The trace (where the connection was made, ...) is part of the message: annotations have no related locations.
    const trace = f.related.map((rel) => `\n${rel.file}:${rel.line}:${rel.column}: ${rel.message}`).join('');
    const props: Record<string, string | number> = { file: f.file, line: f.line, col: f.column, endLine: f.endLine };
    // GitHub ignores the columns of an annotation that spans lines; give them only on one line.
    if (f.endLine === f.line) props.endColumn = f.endColumn;
    props.title = `${f.code}: ${ruleEntry(f.code)?.short ?? f.code}`;
    return command(COMMAND[f.severity], props, f.message + trace);
  });
  for (const p of r.problems.filter((x) => x.incomplete)) {
    lines.push(command('error', { file: p.file, title: 'hopcheck: file not analysed' }, `not analysed: ${p.reason.replace(/^skipped: /, '')}; it may hide findings`));
  }
  const n = r.findings.length;
  lines.push(`hopcheck: ${n} finding${n === 1 ? '' : 's'} in ${r.filesScanned} file${r.filesScanned === 1 ? '' : 's'}`);
  return lines.join('\n') + '\n';
}
