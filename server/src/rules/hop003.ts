// HOP003: a FailoverClusters cmdlet (spec §9) or a cluster method over a local connection inside a remote
// PowerShell session: WinRM (or SSH) is the first hop, the cluster code's own connections the second.
import { commandNamedLower } from '../catalogue/derive';
import type { Finding } from './types';
import { loopbackNote, sessionRule, sessionStanding, sessionWhere, type ResolvedCall } from './context';
import { traceOf } from './trace';

/** What the user sees: access denied, and the module's own warning (spec §9). */
export const CLUSTER_RUNTIME = 'fails with access denied (the FailoverClusters module warns that "some failover clustering cmdlets do not work remotely")';

export function hop003(rc: ResolvedCall): Finding | undefined {
  if (sessionRule(rc) !== 'HOP003' || sessionStanding(rc).standing !== 'plain') return undefined;
  const m = rc.call.method;
  const where = sessionWhere(rc);
  const what = rc.call.via === 'cmdlet' ? m : `${m} (over a local WMI connection)`;
  const entry = rc.call.via === 'cmdlet' ? commandNamedLower(m.toLowerCase()) : undefined;
  const param = entry?.runFromHere ?? 'Cluster';
  const way = entry?.hopWhenOther
    ? `Give -${entry.hopWhenOther} the session's own computer ($env:COMPUTERNAME), run it from this machine, or use -Authentication CredSSP.`
    : `Run it from this machine with -${param}, or use -Authentication CredSSP.`;
  const other = entry?.hopWhenOther && rc.reach ? ` names '${rc.reach.shown}', another computer, and` : '';
  return {
    code: 'HOP003', severity: 'error', method: m, target: where, locality: rc.sessionTarget?.locality ?? 'unknown',
    span: rc.call.span, callSpan: rc.call.callSpan, related: traceOf(rc),
    message: `${what}${other} runs inside a remote session on '${where}' (${rc.session!.api}), which is already the first hop: `
      + `its own connection to the cluster nodes is a second hop and ${CLUSTER_RUNTIME}. ${way}${loopbackNote(rc)}`,
  };
}
