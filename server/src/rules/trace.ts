// The relatedInformation chain of a finding: from the call back to the connection or session and
// on to where its target came from.
import type { TraceStep } from '../facts/model';
import type { ResolvedCall } from './context';

export function traceOf(rc: ResolvedCall): TraceStep[] {
  const steps: TraceStep[] = [...rc.call.trace];
  if (rc.connection && (rc.target?.locality !== 'local' || !rc.session)) {
    const where = rc.target?.locality === 'local' ? 'the local computer' : `'${rc.target?.shown}'`;
    steps.push({ span: rc.connection.span, message: `the ${rc.connection.transport === 'wsman' ? 'CIM (WinRM)' : 'WMI'} connection to ${where} is opened here (${rc.connection.api})` });
    if (rc.connection.delegation) steps.push(rc.connection.delegation);
    steps.push(...(rc.target?.trace ?? []));
  }
  if (rc.session) {
    steps.push({ span: rc.session.span, message: `the remote session on '${rc.sessionTarget?.shown ?? 'another computer'}' starts here (${rc.session.api})` });
    for (const m of [rc.session.credssp, rc.session.basic, rc.sessionLoopback ? rc.session.networkAccess : undefined]) if (m) steps.push(m);
    steps.push(...(rc.sessionTarget?.trace ?? []));
  }
  if (rc.call.hop?.credential) steps.push(rc.call.hop.credential);
  // The same place can be reached twice (a variable used for both target and object): show it once.
  const seen = new Set<string>();
  return steps.filter((s) => {
    const k = `${s.span.start}:${s.span.end}:${s.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
