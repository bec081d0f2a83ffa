// The cmdlets whose parameters matter for the double hop, and PowerShell's parameter binding rules:
// names and aliases are case-insensitive, any unambiguous prefix names a parameter, arguments without
// a name bind by position, and a hashtable splat (`@p`) supplies named arguments.
import type { Span } from '../model';
import type { ArgValue, CommandElement } from './syntax';

export interface ParamSpec {
  name: string;
  aliases?: string[];
  position?: number;
  switch?: boolean;
}

export interface CommandSpec {
  name: string;
  aliases: string[];
  params: ParamSpec[];
}

const p = (name: string, extra: Omit<ParamSpec, 'name'> = {}): ParamSpec => ({ name, ...extra });
const sw = (name: string, aliases?: string[]): ParamSpec => ({ name, aliases, switch: true });

/**
 * Parameters every cmdlet accepts; listed so they never steal a positional argument. (-WhatIf and
 * -Confirm exist only on cmdlets that change things, see SHOULD_PROCESS: on Get-WmiObject `-Co` is
 * -ComputerName, on Invoke-WmiMethod it is ambiguous.)
 */
const COMMON: ParamSpec[] = [
  sw('Verbose', ['vb']), sw('Debug', ['db']),
  p('ErrorAction', { aliases: ['ea'] }), p('WarningAction', { aliases: ['wa'] }), p('InformationAction', { aliases: ['infa'] }),
  p('ErrorVariable', { aliases: ['ev'] }), p('WarningVariable', { aliases: ['wv'] }), p('InformationVariable', { aliases: ['iv'] }),
  p('OutVariable', { aliases: ['ov'] }), p('OutBuffer', { aliases: ['ob'] }), p('PipelineVariable', { aliases: ['pv'] }),
];

const WMI_CONNECTION = [
  p('ComputerName', { aliases: ['Cn'] }), p('Namespace', { aliases: ['NS'] }), p('Credential'), p('Impersonation'),
  p('Authentication'), p('Authority'), p('Locale'), p('ThrottleLimit'), sw('EnableAllPrivileges'), sw('AsJob'),
];
const CIM_CONNECTION = [
  p('ComputerName', { aliases: ['CN', 'ServerName'] }), p('CimSession'), p('Namespace'), p('OperationTimeoutSec', { aliases: ['OT'] }),
];

export const COMMANDS: CommandSpec[] = [
  { name: 'Get-WmiObject', aliases: ['gwmi'], params: [
    p('Class', { position: 0, aliases: ['ClassName'] }), p('Property', { position: 1 }), p('Filter'), p('Query'),
    sw('Amended'), sw('DirectRead'), sw('List'), sw('Recurse'), ...WMI_CONNECTION] },
  { name: 'Invoke-WmiMethod', aliases: ['iwmi'], params: [
    p('Class', { position: 0, aliases: ['ClassName'] }), p('Name', { position: 1 }), p('ArgumentList', { position: 2, aliases: ['Args'] }),
    p('Path'), p('InputObject'), ...WMI_CONNECTION] },
  { name: 'Get-CimInstance', aliases: ['gcim'], params: [
    p('ClassName', { position: 0, aliases: ['Class'] }), p('Query'), p('QueryDialect'), p('Filter'), p('Property', { aliases: ['SelectProperties'] }),
    p('InputObject', { aliases: ['CimInstance'] }), p('ResourceUri'), sw('KeyOnly'), sw('Shallow'), ...CIM_CONNECTION] },
  { name: 'Get-CimClass', aliases: ['gcls'], params: [
    p('ClassName', { position: 0, aliases: ['Class'] }), p('MethodName'), p('PropertyName'), p('QualifierName'), sw('Amended'),
    ...CIM_CONNECTION.map((x) => (x.name === 'Namespace' ? { ...x, position: 1 } : x))] },
  { name: 'Invoke-CimMethod', aliases: ['icim'], params: [
    p('ClassName', { position: 0, aliases: ['Class'] }), p('Arguments', { position: 1 }), p('MethodName', { position: 2, aliases: ['Name'] }),
    p('InputObject', { aliases: ['CimInstance'] }), p('CimClass'), p('Query'), p('QueryDialect'), p('ResourceUri'), ...CIM_CONNECTION] },
  { name: 'New-CimSession', aliases: ['ncms'], params: [
    p('ComputerName', { position: 0, aliases: ['CN', 'ServerName'] }), p('Credential', { position: 1 }), p('SessionOption'),
    p('Authentication'), p('Port'), p('Name'), sw('SkipTestConnection'), p('CertificateThumbprint'), p('OperationTimeoutSec', { aliases: ['OT'] })] },
  { name: 'New-CimSessionOption', aliases: [], params: [
    p('Protocol', { position: 0 }), p('Impersonation'), p('Culture'), p('UICulture'), sw('UseSsl'), p('ProxyAuthentication'),
    p('ProxyCredential'), sw('SkipCACheck'), sw('SkipCNCheck'), sw('PacketIntegrity'), sw('PacketPrivacy')] },
  { name: 'Invoke-Command', aliases: ['icm'], params: [
    // Positions depend on the parameter set (ComputerName 0 / ScriptBlock 1, or ScriptBlock 0); see remoteCommandArgs.
    p('ScriptBlock', { aliases: ['Command'] }), p('ComputerName', { aliases: ['Cn'] }), p('Session'), p('FilePath', { aliases: ['PSPath'] }),
    p('Authentication'), p('Credential'), p('ArgumentList', { aliases: ['Args'] }), p('InputObject'), p('Port'), sw('UseSSL'),
    p('ConfigurationName'), p('ApplicationName'), p('SessionOption'), p('ConnectionUri', { aliases: ['URI', 'CU'] }), sw('AsJob'),
    sw('HideComputerName'), p('JobName'), p('ThrottleLimit'), sw('InDisconnectedSession'), p('SessionName'),
    sw('NoNewScope'), sw('EnableNetworkAccess'), sw('AllowRedirection'), p('CertificateThumbprint'), p('VMName'), p('VMId'),
    p('ContainerId'), p('HostName'), p('UserName'), p('KeyFilePath'), sw('SSHTransport'), sw('RunAsAdministrator'), sw('RemoteDebug')] },
  { name: 'New-PSSession', aliases: ['nsn'], params: [
    p('ComputerName', { position: 0, aliases: ['Cn'] }), p('Credential'), p('Authentication'), p('Name'), p('Port'), sw('UseSSL'),
    p('SessionOption'), p('ConfigurationName'), p('ApplicationName'), p('ConnectionUri', { aliases: ['URI', 'CU'] }), sw('EnableNetworkAccess'),
    p('ThrottleLimit'), p('CertificateThumbprint'), sw('AllowRedirection'), p('Session'), p('VMName'), p('ContainerId'),
    p('HostName'), p('UserName'), p('KeyFilePath'), sw('SSHTransport')] },
  { name: 'Enter-PSSession', aliases: ['etsn'], params: [
    p('ComputerName', { position: 0, aliases: ['Cn'] }), p('Session'), p('Id'), p('Name'), p('Credential'), p('Authentication'), p('Port'),
    sw('UseSSL'), p('SessionOption'), p('ConfigurationName'), p('ApplicationName'), p('ConnectionUri', { aliases: ['URI', 'CU'] }),
    sw('EnableNetworkAccess'), p('CertificateThumbprint'), sw('AllowRedirection'), p('VMName'), p('ContainerId'), p('HostName'), p('UserName')] },
  { name: 'New-Object', aliases: [], params: [
    p('TypeName', { position: 0 }), p('ArgumentList', { position: 1, aliases: ['Args'] }), p('ComObject', { aliases: ['Com'] }),
    p('Property'), sw('Strict')] },
  { name: 'ForEach-Object', aliases: ['%', 'foreach'], params: [
    p('Process', { position: 0 }), p('Begin'), p('End'), p('MemberName'), p('ArgumentList', { aliases: ['Args'] }), p('InputObject'),
    p('RemainingScripts'), p('Parallel'), p('ThrottleLimit'), sw('AsJob')] },
  { name: 'New-Cluster', aliases: [], params: [
    p('Name', { position: 0 }), p('Node'), p('StaticAddress'), p('IgnoreNetwork'), p('AdministrativeAccessPoint'), sw('NoStorage'), sw('Force'), p('Cluster')] },
  { name: 'Add-ClusterNode', aliases: [], params: [p('Name', { position: 0 }), p('Cluster'), p('InputObject'), sw('NoStorage')] },
  { name: 'Remove-ClusterNode', aliases: [], params: [
    p('Name', { position: 0 }), p('Cluster'), p('InputObject'), sw('Force'), sw('CleanupDisks'), p('Wait')] },
  { name: 'Remove-Cluster', aliases: [], params: [p('Cluster', { position: 0 }), p('InputObject'), sw('CleanupAD'), sw('Force')] },
];

const SHOULD_PROCESS = new Set(['Invoke-WmiMethod', 'Invoke-CimMethod', 'New-Cluster', 'Add-ClusterNode', 'Remove-ClusterNode', 'Remove-Cluster']);
for (const c of COMMANDS) if (SHOULD_PROCESS.has(c.name)) c.params.push(sw('WhatIf', ['wi']), sw('Confirm', ['cf']));

const BY_NAME = new Map<string, CommandSpec>();
for (const c of COMMANDS) for (const n of [c.name, ...c.aliases]) BY_NAME.set(n.toLowerCase(), c);

/** The spec of a command by name or alias (case-insensitive), or undefined for other commands. */
export function commandSpec(name: string): CommandSpec | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** Canonical parameter name for what was written (`comp` → `ComputerName`), or undefined if unknown/ambiguous. */
export function resolveParam(spec: CommandSpec, written: string): ParamSpec | undefined {
  const w = written.toLowerCase();
  const all = [...spec.params, ...COMMON];
  const exact = all.find((x) => x.name.toLowerCase() === w || x.aliases?.some((a) => a.toLowerCase() === w));
  if (exact) return exact;
  const candidates = new Set(all.filter((x) => x.name.toLowerCase().startsWith(w) || x.aliases?.some((a) => a.toLowerCase().startsWith(w))));
  return candidates.size === 1 ? [...candidates][0] : undefined;
}

/** One bound argument: from the command line (`arg`) or from a splatted hashtable entry (`splat`). */
export interface Bound<S> {
  param: string;
  /** The `-Name` as written (absent for positional and splatted arguments). */
  nameSpan?: Span;
  arg?: ArgValue;
  splat?: S;
  /** Where the argument sits (for fixes and traces). */
  span?: Span;
}

export interface Binding<S> {
  named: Map<string, Bound<S>>;
  /** Positional arguments that no positional parameter took. */
  rest: ArgValue[];
}

/**
 * Binds a command's elements to its parameters. `expandSplat` turns `@name` into hashtable entries
 * (key as written, value payload); unknown splats are ignored.
 */
export function bindCommand<S>(
  spec: CommandSpec,
  elements: CommandElement[],
  expandSplat: (name: string) => { key: string; keySpan: Span; payload: S }[] | undefined,
  argSpan: (a: ArgValue) => Span,
): Binding<S> {
  const named = new Map<string, Bound<S>>();
  const positional: ArgValue[] = [];
  for (let i = 0; i < elements.length; i++) {
    const e = elements[i];
    if (e.kind === 'splat') {
      for (const entry of expandSplat(e.name) ?? []) {
        const ps = resolveParam(spec, entry.key);
        if (ps) named.set(ps.name, { param: ps.name, splat: entry.payload, span: entry.keySpan });
      }
      continue;
    }
    if (e.kind === 'arg') {
      positional.push(e.value);
      continue;
    }
    const ps = resolveParam(spec, e.name);
    if (e.colonValue) {
      if (ps) named.set(ps.name, { param: ps.name, nameSpan: e.span, arg: e.colonValue, span: argSpan(e.colonValue) });
      continue;
    }
    if (ps?.switch) {
      named.set(ps.name, { param: ps.name, nameSpan: e.span, span: e.span });
      continue;
    }
    // A value parameter (or one we do not know: assume it takes a value rather than misbind it as positional).
    const next = elements[i + 1];
    if (next && next.kind === 'arg') {
      i++;
      if (ps) named.set(ps.name, { param: ps.name, nameSpan: e.span, arg: next.value, span: argSpan(next.value) });
    } else if (ps) {
      named.set(ps.name, { param: ps.name, nameSpan: e.span, span: e.span });
    }
  }
  const rest: ArgValue[] = [];
  const byPosition = spec.params.filter((x) => x.position !== undefined && !named.has(x.name)).sort((a, b) => a.position! - b.position!);
  for (const a of positional) {
    const ps = byPosition.shift();
    if (ps) named.set(ps.name, { param: ps.name, arg: a, span: argSpan(a) });
    else rest.push(a);
  }
  return { named, rest };
}
