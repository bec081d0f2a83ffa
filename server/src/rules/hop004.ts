// HOP004: a remote call that works only because delegation is requested (WMI Delegate, CredSSP).
import type { Finding } from './types';
import { connectionKind, crossesNetwork, secondHopInSession, type ResolvedCall } from './context';
import { traceOf } from './trace';

export function hop004(rc: ResolvedCall): Finding | undefined {
  const m = rc.call.method;
  if (crossesNetwork(rc) && rc.connection!.delegation) {
    return {
      code: 'HOP004', severity: 'information', method: m, target: rc.target!.shown, locality: rc.target!.locality,
      span: rc.call.span, callSpan: rc.call.callSpan, related: traceOf(rc),
      message: `${m} over a remote ${connectionKind(rc)} connection to '${rc.target!.shown}' works only because impersonation level Delegate is requested: `
        + 'the domain must use Kerberos and trust that computer (account) for delegation, and your ticket can then be used by it '
        + 'to reach other machines in your name.',
    };
  }
  if (secondHopInSession(rc) && rc.session!.credssp) {
    const where = rc.sessionTarget?.shown ?? 'another computer';
    return {
      code: 'HOP004', severity: 'information', method: m, target: where, locality: rc.sessionTarget?.locality ?? 'unknown',
      span: rc.call.span, callSpan: rc.call.callSpan, related: traceOf(rc),
      message: `${m} inside a remote session on '${where}' works only because CredSSP is used: CredSSP must be enabled by policy `
        + 'on both computers, and your password is handed to the remote computer, where anyone controlling it can reuse it.',
    };
  }
  return undefined;
}
