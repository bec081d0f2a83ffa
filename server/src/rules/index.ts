// The rule registry: codes, default severities, descriptions and documentation links.
import type { ResolvedCall } from './context';
import { hop001 } from './hop001';
import { hop002 } from './hop002';
import { hop003 } from './hop003';
import { hop004 } from './hop004';
import type { Finding, RuleCode, Severity } from './types';

export interface RuleMeta {
  code: RuleCode;
  defaultSeverity: Severity;
  /** One line, as in SARIF's shortDescription. */
  short: string;
  check: (rc: ResolvedCall) => Finding | undefined;
}

/** Where the rule pages live; the pages are also shipped in docs/rules/ of the package. */
export const RULE_DOCS_BASE = 'https://github.com/hopcheck/hopcheck/blob/main/docs/rules/';

export const RULES: readonly RuleMeta[] = [
  { code: 'HOP001', defaultSeverity: 'error', short: 'Cluster method over a remote WMI connection fails on the double hop', check: hop001 },
  { code: 'HOP002', defaultSeverity: 'warning', short: 'Cluster method over a WMI connection to a computer that cannot be determined', check: hop002 },
  { code: 'HOP003', defaultSeverity: 'error', short: 'Cluster-changing call inside a remote PowerShell session without CredSSP', check: hop003 },
  { code: 'HOP004', defaultSeverity: 'information', short: 'Remote cluster call that works only because delegation is requested', check: hop004 },
];

export const ruleDocUrl = (code: RuleCode): string => `${RULE_DOCS_BASE}${code}.md`;

export function runRules(rc: ResolvedCall): Finding[] {
  const out: Finding[] = [];
  for (const r of RULES) {
    const f = r.check(rc);
    if (f) out.push(f);
  }
  return out;
}
