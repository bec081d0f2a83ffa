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
  /** Where the call itself reaches (a `hop` call's computer or UNC server; Add-NetIntent's -ClusterName), as a DCOM target. */
  reach?: Resolution;
  /** The session runs on the computer the script runs on (`.`, `localhost`, `127.0.0.1`, `::1`, `$env:COMPUTERNAME`). */
  sessionLoopback?: boolean;
  /** The session's computer is the name the file gives its cluster (CredSSP to a cluster name fails). */
  sessionIsClusterName?: boolean;
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


/** How the connection is named in messages. */
export const connectionKind = (rc: ResolvedCall): string => (rc.connection?.transport === 'wsman' ? 'CIM (WinRM)' : 'WMI');

// ---- remote sessions (spec §9) --------------------------------------------------------------------

/** What makes a second hop inside a session work, as the script shows it, and what it costs (HOP004). */
export interface Mitigation {
  /** As messages name it: `CredSSP`, `Basic authentication`, `-EnableNetworkAccess`, `-Credential`. */
  name: string;
  cost: string;
}

export const CREDSSP_COST = 'CredSSP must be enabled by policy on both computers, and your password is handed to the remote computer, '
  + 'where anyone controlling it can reuse it';
const BASIC_COST = 'your password is sent to the remote computer (readable on the wire unless the session uses HTTPS), '
  + 'where anyone controlling it can reuse it';
const NETWORK_ACCESS_COST = 'the loopback session gets a token that can reach other computers as you, for anything that runs in it';
const CREDENTIAL_COST = 'the credential object is sent into the session and used there, so the remote computer can act with it while the session runs';
/** Said when CredSSP is aimed at the cluster's own name (spec §9). */
export const CREDSSP_CLUSTER_NAME = 'CredSSP aimed at the cluster name rather than a node is known to fail ("The request is not supported"): connect to a node';

/**
 * How the session around a call stands for a second hop made inside it: `none` (no session), `endpoint`
 * (a custom -ConfigurationName: its identity is unknown, so nothing is reported), `mitigated` (CredSSP,
 * Basic, or -EnableNetworkAccess on a loopback session: HOP004) or `plain` (the second hop fails).
 */
export function sessionStanding(rc: ResolvedCall): { standing: 'none' | 'endpoint' | 'plain' } | { standing: 'mitigated'; mitigation: Mitigation } {
  const s = rc.session;
  if (!s) return { standing: 'none' };
  if (s.credssp) return { standing: 'mitigated', mitigation: { name: 'CredSSP', cost: CREDSSP_COST } };
  if (s.basic) return { standing: 'mitigated', mitigation: { name: 'Basic authentication', cost: BASIC_COST } };
  if (s.networkAccess && rc.sessionLoopback) return { standing: 'mitigated', mitigation: { name: '-EnableNetworkAccess', cost: NETWORK_ACCESS_COST } };
  if (s.endpoint) return { standing: 'endpoint' };
  return { standing: 'plain' };
}

/** The credential passed to the inner command (HOP004 names it). */
export const passedCredential = (rc: ResolvedCall): Mitigation | undefined =>
  rc.call.hop?.credential ? { name: '-Credential', cost: CREDENTIAL_COST } : undefined;

/** Is the computer the call reaches the session's own? (`localhost`, `$env:COMPUTERNAME`, or the same name.) */
function reachesSessionHost(rc: ResolvedCall): boolean {
  const r = rc.reach;
  if (!r) return false;
  if (r.locality === 'local') return true;
  const first = (t: string | undefined) => t?.trim().toLowerCase().split('.')[0];
  return rc.sessionTarget !== undefined && first(r.shown) === first(rc.sessionTarget.shown);
}

/** Reaches another computer provably (an unknown one is not reported: no guessing, spec §9). */
const reachesOther = (rc: ResolvedCall): boolean => rc.reach?.locality === 'remote' && !reachesSessionHost(rc);

/**
 * Which rule a call inside a remote session falls under, before mitigations: HOP003 for a FailoverClusters
 * cmdlet or a cluster method over a local connection (Add-NetIntent only with another -ClusterName),
 * HOP005 for nested remoting, HOP006 for the other second hops; undefined when it makes none.
 */
export function sessionRule(rc: ResolvedCall): 'HOP003' | 'HOP005' | 'HOP006' | undefined {
  if (!rc.session) return undefined;
  const c = rc.call;
  if (c.via === 'cmdlet') return c.other === undefined || reachesOther(rc) ? 'HOP003' : undefined;
  if (c.via === 'wmi') return rc.target?.locality === 'local' ? 'HOP003' : undefined;
  switch (c.hop?.kind) {
    case 'directory': case 'cau': return 'HOP006';
    case 'remoting': return reachesOther(rc) ? 'HOP005' : undefined;
    case 'dcom': case 'unc': return reachesOther(rc) ? 'HOP006' : undefined;
    default: return undefined;
  }
}

/** Where the session runs, as messages show it. */
export const sessionWhere = (rc: ResolvedCall): string => rc.sessionTarget?.shown ?? 'another computer';

/** "(loopback: …)" when the session is one, for messages. */
export const loopbackNote = (rc: ResolvedCall): string => (rc.sessionLoopback
  ? ' A loopback session is a network logon too: its token cannot reach other computers unless -EnableNetworkAccess is given.' : '');
