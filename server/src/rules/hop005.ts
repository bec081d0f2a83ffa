// HOP005: nested PowerShell remoting or CIM over WinRM from inside a remote session, to another computer,
// without -Credential (spec §9; "Making the second hop in PowerShell Remoting").
import type { Finding } from './types';
import { loopbackNote, sessionRule, sessionStanding, sessionWhere, type ResolvedCall } from './context';
import { traceOf } from './trace';

export function hop005(rc: ResolvedCall): Finding | undefined {
  if (sessionRule(rc) !== 'HOP005' || sessionStanding(rc).standing !== 'plain' || rc.call.hop?.credential) return undefined;
  const m = rc.call.method;
  const where = sessionWhere(rc);
  const to = rc.reach!.shown;
  return {
    code: 'HOP005', severity: 'error', method: m, target: where, locality: rc.sessionTarget?.locality ?? 'unknown',
    span: rc.call.span, callSpan: rc.call.callSpan, related: [{ span: rc.call.span, message: `${m} connects to '${to}' from '${where}'` }, ...traceOf(rc)],
    message: `${m} to '${to}' runs inside a remote session on '${where}' (${rc.session!.api}): the session's network logon has no `
      + 'credentials to pass on, and Kerberos constrained delegation does not carry WinRM\'s second hop, so the connection fails with access denied. '
      + `Pass a credential (-Credential $using:cred), or run ${m} from this machine.${loopbackNote(rc)}`,
  };
}
