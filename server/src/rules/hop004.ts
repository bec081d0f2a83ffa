// HOP004: a remote call that works only because of a visible mitigation: WMI impersonation Delegate,
// CredSSP (also on New-CimSession), Basic authentication, -EnableNetworkAccess on a loopback session, or a
// -Credential passed to the inner command. Says which and what it costs (spec §5, §9).
import type { Finding } from './types';
import {
  CREDSSP_CLUSTER_NAME, CREDSSP_COST, connectionKind, crossesNetwork, passedCredential, sessionRule, sessionStanding, sessionWhere,
  type ResolvedCall,
} from './context';
import { traceOf } from './trace';

export function hop004(rc: ResolvedCall): Finding | undefined {
  const m = rc.call.method;
  // Made only for a finding: the trace is most of the cost, and most calls have none of these mitigations.
  const base = () => ({ code: 'HOP004' as const, severity: 'information' as const, method: m, span: rc.call.span, callSpan: rc.call.callSpan, related: traceOf(rc) });
  if (crossesNetwork(rc) && rc.connection!.delegation) {
    const credssp = /credssp/i.test(rc.connection!.delegation.message);
    return {
      ...base(), target: rc.target!.shown, locality: rc.target!.locality,
      message: credssp
        ? `${m} over a remote ${connectionKind(rc)} connection to '${rc.target!.shown}' works only because CredSSP is used: ${CREDSSP_COST}.`
        : `${m} over a remote ${connectionKind(rc)} connection to '${rc.target!.shown}' works only because impersonation level Delegate is requested: `
          + 'the domain must use Kerberos and trust that computer (account) for delegation, and your ticket can then be used by it '
          + 'to reach other machines in your name.',
    };
  }
  const rule = sessionRule(rc);
  if (!rule) return undefined;
  const where = sessionWhere(rc);
  const standing = sessionStanding(rc);
  const mitigation = standing.standing === 'mitigated' ? standing.mitigation : standing.standing === 'plain' && rule !== 'HOP003' ? passedCredential(rc) : undefined;
  if (!mitigation) return undefined;
  const clusterName = mitigation.name === 'CredSSP' && rc.sessionIsClusterName ? ` ${CREDSSP_CLUSTER_NAME}.` : '';
  const how = mitigation.name === '-Credential' ? 'the inner command is given -Credential' : `the session uses ${mitigation.name}`;
  return {
    ...base(), target: where, locality: rc.sessionTarget?.locality ?? 'unknown',
    message: `${m} inside a remote session on '${where}' works only because ${how}: ${mitigation.cost}.${clusterName}`,
  };
}
