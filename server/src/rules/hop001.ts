// HOP001: a cluster method (catalogue) over a WMI/CIM connection to another computer.
import type { Finding } from './types';
import { connectionKind, crossesNetwork, replacementName, type ResolvedCall } from './context';
import { traceOf } from './trace';

export function hop001(rc: ResolvedCall): Finding | undefined {
  if (!crossesNetwork(rc) || rc.target!.locality !== 'remote' || rc.connection!.delegation) return undefined;
  const m = rc.call.method;
  return {
    code: 'HOP001', severity: 'error', method: m, target: rc.target!.shown, locality: 'remote',
    span: rc.call.span, callSpan: rc.call.callSpan, related: traceOf(rc),
    message: `${m} over a remote ${connectionKind(rc)} connection to '${rc.target!.shown}' fails with access denied: the cluster provider `
      + `must open a second connection with your impersonated identity (the double hop). Run ${replacementName(m)} from this `
      + 'machine, or connect to the local node.',
  };
}
