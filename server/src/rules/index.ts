// The rule registry: each rule's metadata (code, default severity, description, documentation page)
// from the catalogue, with the function that checks it.
import { CATALOGUE } from '../catalogue/index';
import type { ResolvedCall } from './context';
import { hop001 } from './hop001';
import { hop002 } from './hop002';
import { hop003 } from './hop003';
import { hop004 } from './hop004';
import { hop005 } from './hop005';
import { hop006 } from './hop006';
import type { Finding, RuleCode, Severity } from './types';

export interface RuleMeta {
  code: RuleCode;
  defaultSeverity: Severity;
  /** One line, as in SARIF's shortDescription. */
  short: string;
  check: (rc: ResolvedCall) => Finding | undefined;
}

/** The check of each rule code of the catalogue (a code without one fails to compile). */
const CHECKS: Record<RuleCode, RuleMeta['check']> = { HOP001: hop001, HOP002: hop002, HOP003: hop003, HOP004: hop004, HOP005: hop005, HOP006: hop006 };

export const RULES: readonly RuleMeta[] = CATALOGUE.rules.map((r) => ({ code: r.code, defaultSeverity: r.defaultSeverity, short: r.short, check: CHECKS[r.code] }));


export function runRules(rc: ResolvedCall): Finding[] {
  const out: Finding[] = [];
  for (const r of RULES) {
    const f = r.check(rc);
    if (f) out.push(f);
  }
  return out;
}
