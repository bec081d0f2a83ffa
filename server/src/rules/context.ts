// The resolved view of one call that every rule reads: the call, its connection and session, and
// where each of their targets resolves to. Built once per call by ../core/analyze.ts.
import { replacementCmdletOf } from '../catalogue/derive';
import type { ClusterCall, Connection, RemoteSession } from '../facts/model';
import type { Resolution } from '../resolve/target';

export interface ResolvedCall {
  call: ClusterCall;
  connection?: Connection;
  /** Where the WMI/CIM connection goes (WMI calls only). */
  target?: Resolution;
  session?: RemoteSession;
  /** Where the remote session runs. */
  sessionTarget?: Resolution;
}

/**
 * The FailoverClusters cmdlet that does the method's job from the script's own machine (spec §2, from the
 * catalogue), as messages name it: a method without one is told to use "the FailoverClusters cmdlets".
 */
export const replacementName = (method: string): string => replacementCmdletOf(method) ?? 'the FailoverClusters cmdlets';

/** How the call is named in messages: `EvictNode` for WMI methods, the cmdlet name otherwise. */
export const callName = (rc: ResolvedCall): string => rc.call.method;

/** A remote or unknown WMI/CIM connection: the first hop is already made by the connection. */
export const crossesNetwork = (rc: ResolvedCall): boolean =>
  rc.call.via === 'wmi' && rc.target !== undefined && rc.target.locality !== 'local';

/** Runs inside a remote PowerShell session over a connection that is itself local (or is a cmdlet). */
export const secondHopInSession = (rc: ResolvedCall): boolean =>
  rc.session !== undefined && (rc.call.via === 'cmdlet' || rc.target?.locality === 'local');

/** How the connection is named in messages. */
export const connectionKind = (rc: ResolvedCall): string => (rc.connection?.transport === 'wsman' ? 'CIM (WinRM)' : 'WMI');
