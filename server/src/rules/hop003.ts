// HOP003: a cluster-changing call inside a remote PowerShell session (WinRM is the first hop).
import type { Finding } from './types';
import { secondHopInSession, type ResolvedCall } from './context';
import { traceOf } from './trace';

export function hop003(rc: ResolvedCall): Finding | undefined {
  if (!secondHopInSession(rc) || rc.session!.credssp) return undefined;
  const m = rc.call.method;
  const where = rc.sessionTarget?.shown ?? 'another computer';
  const what = rc.call.via === 'cmdlet' ? m : `${m} (over a local WMI connection)`;
  return {
    code: 'HOP003', severity: 'error', method: m, target: where, locality: rc.sessionTarget?.locality ?? 'unknown',
    span: rc.call.span, callSpan: rc.call.callSpan, related: traceOf(rc),
    message: `${what} runs inside a remote session on '${where}' (${rc.session!.api}), which is already the first hop: `
      + 'its own connection to the cluster nodes is a second hop and is refused with access denied. '
      + 'Run it from this machine with -Cluster, or use -Authentication CredSSP.',
  };
}
