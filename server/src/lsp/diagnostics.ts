// Findings → LSP diagnostics (with the user's severities: `off` drops a finding), and the one place
// diagnostics are published, which remembers what is out per file so the status bar counts exactly
// what the user sees.
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Connection, type Diagnostic, type Position } from 'vscode-languageserver/node';
import { effectiveSeverity, type Settings } from '../core/config';
import { ruleDocUrl } from '../output/rule-docs';
import type { Finding, Severity } from '../rules/types';
import { fileKey } from '../workspace/uri';

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint,
};

/** The findings the settings show (rules not `off`), each with its effective severity. */
export function shown(findings: readonly Finding[], settings: Settings): { finding: Finding; severity: Severity }[] {
  return findings.flatMap((finding) => {
    const severity = effectiveSeverity(settings, finding.code, finding.severity);
    return severity === 'off' ? [] : [{ finding, severity }];
  });
}

export function toDiagnostics(findings: readonly Finding[], settings: Settings, uri: string, positionAt: (offset: number) => Position): Diagnostic[] {
  return shown(findings, settings).map(({ finding, severity }) => toDiagnostic(positionAt, uri, finding, severity, settings.docsBaseUrl));
}

function toDiagnostic(positionAt: (offset: number) => Position, uri: string, f: Finding, severity: Severity, docsBase: string | undefined): Diagnostic {
  const range = (s: { start: number; end: number }) => ({ start: positionAt(s.start), end: positionAt(s.end) });
  return {
    range: range(f.span),
    severity: LSP_SEVERITY[severity],
    code: f.code,
    // The rule page: by default the one installed next to this server (in VS Code, inside the extension,
    // which the client shows as a rendered preview), else the hopcheck.docsBaseUrl setting's.
    codeDescription: { href: ruleDocUrl(f.code, docsBase) },
    source: 'hopcheck',
    message: f.message,
    // A step in a file the document includes (a .wsf job's library) points into that file.
    relatedInformation: f.related.map((r) => ({
      location: r.elsewhere ? { uri: pathToFileURL(r.elsewhere.path).href, range: { start: r.elsewhere.start, end: r.elsewhere.end } } : { uri, range: range(r.span) },
      message: r.message,
    })),
    data: { method: f.method, target: f.target },
  };
}

export interface Counts {
  errors: number;
  warnings: number;
  infos: number;
}

export class Publisher {
  /** Per file (workspace/uri.ts key: open documents and scanned files spell URIs differently): what is out. */
  private readonly out = new Map<string, Counts>();

  constructor(private readonly connection: Connection, private readonly changed: () => void) {}

  publish(uri: string, diagnostics: Diagnostic[], version?: number): void {
    const key = fileKey(uri);
    if (diagnostics.length) this.out.set(key, count(diagnostics));
    else this.out.delete(key);
    void this.connection.sendDiagnostics({ uri, version, diagnostics });
    this.changed();
  }

  totals(): Counts {
    const t: Counts = { errors: 0, warnings: 0, infos: 0 };
    for (const c of this.out.values()) {
      t.errors += c.errors;
      t.warnings += c.warnings;
      t.infos += c.infos;
    }
    return t;
  }
}

function count(ds: readonly Diagnostic[]): Counts {
  const c: Counts = { errors: 0, warnings: 0, infos: 0 };
  for (const d of ds) {
    if (d.severity === DiagnosticSeverity.Error) c.errors++;
    else if (d.severity === DiagnosticSeverity.Warning) c.warnings++;
    else c.infos++;
  }
  return c;
}
