// SARIF 2.1.0 for code-scanning uploads: rules with their pages (help) and links, results with 1-based regions and the
// trace as relatedLocations.
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES } from '../rules/index';
import { defaultDocsBase, ruleDocUrl, ruleHelp } from './rule-docs';
import type { Severity } from '../rules/types';
import type { Location, Report } from './report';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** Relative paths stay relative (GitHub code scanning resolves them against the checkout); absolute ones become file: URIs. */
function uri(file: string): string {
  if (isAbsolute(file)) return pathToFileURL(file).href;
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}

function physical(l: Location) {
  return {
    artifactLocation: { uri: uri(l.file) },
    region: { startLine: l.line, startColumn: l.column, endLine: l.endLine, endColumn: l.endColumn },
  };
}

export function formatSarif(r: Report, version: string, docsBase?: string): string {
  const ruleIndex = new Map(RULES.map((rule, i) => [rule.code, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'hopcheck',
          version,
          informationUri: docsBase ?? defaultDocsBase(),
          // The rule pages themselves travel in the log: code scanning shows help.markdown under an alert,
          // so the explanation needs no link that a reader can open.
          rules: RULES.map((rule) => {
            const help = ruleHelp(rule.code);
            return {
              id: rule.code,
              name: rule.code,
              shortDescription: { text: rule.short },
              ...(help ? { fullDescription: help.description } : {}),
              helpUri: ruleDocUrl(rule.code, docsBase),
              ...(help ? { help: { text: help.text, markdown: help.markdown } } : {}),
              defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
            };
          }),
        },
      },
      columnKind: 'utf16CodeUnits',
      results: r.findings.map((f) => ({
        ruleId: f.code,
        ruleIndex: ruleIndex.get(f.code),
        level: LEVEL[f.severity],
        message: { text: f.message },
        locations: [{ physicalLocation: physical(f) }],
        relatedLocations: f.related.map((rel, i) => ({ id: i + 1, physicalLocation: physical(rel), message: { text: rel.message } })),
      })),
      invocations: [{
        // A file not analysed is a failure of the run: code scanning must not read it as "no results".
        executionSuccessful: !r.problems.some((p) => p.incomplete),
        toolExecutionNotifications: r.problems.map((p) => ({
          level: p.incomplete ? 'error' : 'warning',
          message: { text: `${p.file}: ${p.reason}` },
          locations: [{ physicalLocation: { artifactLocation: { uri: uri(p.file) } } }],
        })),
      }],
    }],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
