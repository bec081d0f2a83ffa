// HOP006: any other second hop from inside a remote session (spec §9): a UNC path, a DCOM/RPC connection,
// Active Directory, Cluster-Aware Updating. It works only where the domain has set up (resource-based)
// constrained delegation, which the script cannot show: a warning.
import type { Finding } from './types';
import { loopbackNote, sessionRule, sessionStanding, sessionWhere, type ResolvedCall } from './context';
import { traceOf } from './trace';

const ONLY_IF = 'works only where the domain has set up (resource-based) constrained delegation for it; otherwise it fails with access denied';

export function hop006(rc: ResolvedCall): Finding | undefined {
  if (sessionRule(rc) !== 'HOP006' || sessionStanding(rc).standing !== 'plain' || rc.call.hop?.credential) return undefined;
  const m = rc.call.method;
  const where = sessionWhere(rc);
  const hop = rc.call.hop!;
  const inSession = `inside a remote session on '${where}' (${rc.session!.api})`;
  const cred = hop.takesCredential ? 'pass a credential (-Credential $using:cred), ' : '';
  let message: string;
  switch (hop.kind) {
    case 'unc':
      message = `${m} reaches the share on '${rc.reach!.shown}' ${inSession}: that is a second hop, which ${ONLY_IF}. `
        + `Copy the file through the session (Copy-Item -ToSession) from this machine, ${cred}or run it from this machine.`;
      break;
    case 'dcom':
      message = `${m} connects to '${rc.reach!.shown}' over DCOM/RPC ${inSession}: a second hop, which ${ONLY_IF}. `
        + `${cred ? 'Pass a credential (-Credential $using:cred), or run' : 'Run'} it from this machine.`;
      break;
    case 'directory':
      message = `${m} reaches a domain controller ${inSession}: a second hop (unless '${where}' is itself a domain controller), which ${ONLY_IF}. `
        + 'Pass a credential (-Credential $using:cred), or run it from this machine.';
      break;
    default:
      message = `${m} connects to the cluster nodes ${inSession}: a second hop (Windows Admin Center runs the Cluster-Aware Updating cmdlets with CredSSP), which ${ONLY_IF}. `
        + 'Pass a credential (-Credential $using:cred), or run it from this machine.';
  }
  return {
    code: 'HOP006', severity: 'warning', method: m, target: where, locality: rc.sessionTarget?.locality ?? 'unknown',
    span: rc.call.span, callSpan: rc.call.callSpan, related: traceOf(rc), message: message + loopbackNote(rc),
  };
}
