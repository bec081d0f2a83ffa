// HOP002: a cluster method (catalogue) over a WMI/CIM connection whose target cannot be known from the file.
import type { Finding } from './types';
import { connectionKind, crossesNetwork, replacementName, type ResolvedCall } from './context';
import { traceOf } from './trace';

export function hop002(rc: ResolvedCall): Finding | undefined {
  if (!crossesNetwork(rc) || rc.target!.locality !== 'unknown' || rc.connection!.delegation) return undefined;
  const m = rc.call.method;
  return {
    code: 'HOP002', severity: 'warning', method: m, target: rc.target!.shown, locality: 'unknown',
    span: rc.call.span, callSpan: rc.call.callSpan, related: traceOf(rc),
    message: `${m} over a ${connectionKind(rc)} connection to '${rc.target!.shown}', which may be another computer (${rc.target!.reason}). `
      + `If it is, the call fails on the double hop with access denied; ${replacementName(m)} run from this machine works either way.`,
  };
}
