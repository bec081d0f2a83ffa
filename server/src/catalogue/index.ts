// The catalogue: everything hopcheck knows by name, as data. The cluster methods and what replaces
// them, the commands the PowerShell extractor understands (with their parameters as PowerShell binds
// them), the file kinds, and the rules' metadata. Nothing else in the code spells these names: the
// pre-filter, the relevance seeds of both languages, the extractors' name tables, the rule registry,
// the fixes, the extension table and the default include globs are derived from here (./derive.ts).
//
// A leaf module: it imports nothing, so every layer (and the VS Code client) can read it.
// How to add a method, a cmdlet or a rule: docs/architecture.md.

// ---- types -------------------------------------------------------------------------------------

/** A PowerShell parameter: name, aliases, position (for positional binding), switch or value. */
export interface ParamDef {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly position?: number;
  readonly switch?: boolean;
}

/** A parameter of a WMI method, in the order the method takes it (spec §2). */
export interface MethodParam {
  readonly name: string;
  readonly type: 'string' | 'string[]' | 'uint32' | 'boolean';
}

/** How one argument of the replacement cmdlet is written, in the order written. */
export type ReplacementArg =
  /** `-<param> <C>`: the WMI connection's target; without one the fix is not offered. */
  | { readonly kind: 'target'; readonly param: string }
  /**
   * `-<param> <argument as written>` from the method's argument `from`. Required unless `optional`;
   * `skipNull` leaves it out when written `$null`; `names` turns a literal 0…n into the n-th name.
   */
  | { readonly kind: 'arg'; readonly param: string; readonly from: string; readonly optional?: boolean; readonly skipNull?: boolean; readonly names?: readonly string[] }
  /** A boolean argument as a switch: `-<param>` when `$true`, nothing when `$false`/`0`/absent, `-<param>:<x>` otherwise. */
  | { readonly kind: 'flag'; readonly param: string; readonly from: string }
  /** `-<param>`, always. */
  | { readonly kind: 'switch'; readonly param: string };

export interface Replacement {
  /** The FailoverClusters cmdlet that does the method's job from the script's own machine. */
  readonly cmdlet: string;
  readonly args: readonly ReplacementArg[];
  /**
   * "Run it from here" (HOP003) on a WMI call inside a remote session: the parameter that names the
   * session's computer, added unless the rewritten command already has it.
   */
  readonly sessionTarget?: string;
}

/** A method of MSCluster_Cluster that must open connections of its own: over a remote connection, a double hop. */
export interface MethodEntry {
  readonly name: string;
  readonly params: readonly MethodParam[];
  /** Without one, findings get no "Replace with <cmdlet>" fix. */
  readonly replacement?: Replacement;
}

/**
 * What a command is to the extractor; each family has its handler module
 * (server/src/facts/powershell/handlers/), and `cluster` commands need no handler of their own.
 */
export type CommandFamily =
  | 'wmi' | 'cim' | 'session' | 'object' | 'pipeline' | 'cluster'
  /** Its output is its pipeline input (Where-Object…): objects flow through. */
  | 'filter'
  /** Its output is data the file cannot know (Read-Host, file content…); `output` says what. */
  | 'input'
  /** Prints the local computer's name. */
  | 'local-name'
  /** Runs its script-block arguments here, right away. */
  | 'block-runner'
  /** Reaches another computer by itself (`reaches`, spec §9); its output is nothing the analysis follows. */
  | 'reach'
  /** Builds a value from its arguments (Join-Path: UNC paths are folded through it). */
  | 'path';

/**
 * What a command reaches on its own, so that inside a remote session it is a second hop (spec §9):
 * `remoting` PowerShell remoting or CIM over WinRM to `-ComputerName` (HOP005); `dcom` a DCOM/RPC
 * connection to `-ComputerName` (HOP006); `directory` Active Directory, i.e. a domain controller (HOP006);
 * `cau` Cluster-Aware Updating, which connects to every node (HOP006); `unc` a UNC path given as any of
 * its arguments (HOP006).
 */
export type Reach = 'remoting' | 'dcom' | 'directory' | 'cau' | 'unc';

export interface CommandEntry {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly family: CommandFamily;
  /** Parameters as PowerShell binds them; commands without a list are only passed through, never bound. */
  readonly params?: readonly ParamDef[];
  /** Has -WhatIf and -Confirm (SupportsShouldProcess). */
  readonly shouldProcess?: boolean;
  /** Cluster cmdlets: the parameter that names the cluster when the command is run from this machine (HOP003 fix). */
  readonly runFromHere?: string;
  /** Session commands: what they do to where code runs. */
  readonly session?: 'invoke' | 'new' | 'enter' | 'exit';
  /** Session commands: the parameter naming another script that runs in the session (reported at the caller). */
  readonly runsScript?: string;
  /** `input` commands: what their output is, for messages. */
  readonly output?: string;
  /** What the command reaches by itself: inside a remote session a second hop (HOP005/HOP006). */
  readonly reaches?: Reach;
  /** Parameters whose UNC path is a second hop of its own (cluster cmdlets: `Test-Cluster -ReportName`). */
  readonly pathParams?: readonly string[];
  /**
   * `unc` commands: reading the path is what the command does (`Import-Module \\srv\m`), so the file can be
   * copied through the session first (*Copy through the session*); the parameters that take that path.
   */
  readonly readsPath?: readonly string[];
  /**
   * Cluster cmdlets that are a second hop only when this parameter names another computer than the
   * session's own (`Add-NetIntent -ClusterName`); without it they act on the session's host.
   */
  readonly hopWhenOther?: string;
}

/** The kinds of file hopcheck reads; .wsf and .hta hold VBScript blocks. */
export type FileKind = 'powershell' | 'vbscript' | 'jscript' | 'wsf' | 'hta';

export interface RuleEntry {
  readonly code: string;
  readonly defaultSeverity: 'error' | 'warning' | 'information' | 'hint';
  /** One line, as in SARIF's shortDescription. */
  readonly short: string;
  /** The rule's page in docs/rules/ (shipped with the package; links to it are made by output/rule-docs.ts). */
  readonly doc: string;
}

export interface Catalogue {
  readonly methods: readonly MethodEntry[];
  readonly commands: readonly CommandEntry[];
  readonly files: readonly { readonly extension: string; readonly kind: FileKind }[];
  /** Editor language ids and the kind they mean; `vscode` ones activate the extension. */
  /**
   * Editor language ids: `vscode` ones activate the extension; `kind` is the analyser for a document
   * without an extension (untitled). `vb` has none: VS Code gives it to VB.NET's .vb files as well as
   * .vbs, so only the extension can tell VBScript.
   */
  readonly editorLanguages: readonly { readonly id: string; readonly kind?: FileKind; readonly vscode?: boolean }[];
  readonly rules: readonly RuleEntry[];
}

// ---- shared parameter groups ------------------------------------------------------------------

const WMI_CONNECTION: readonly ParamDef[] = [
  { name: 'ComputerName', aliases: ['Cn'] }, { name: 'Namespace', aliases: ['NS'] }, { name: 'Credential' }, { name: 'Impersonation' },
  { name: 'Authentication' }, { name: 'Authority' }, { name: 'Locale' }, { name: 'ThrottleLimit' },
  { name: 'EnableAllPrivileges', switch: true }, { name: 'AsJob', switch: true },
];
const CIM_CONNECTION: readonly ParamDef[] = [
  { name: 'ComputerName', aliases: ['CN', 'ServerName'] }, { name: 'CimSession' }, { name: 'Namespace' },
  { name: 'OperationTimeoutSec', aliases: ['OT'] },
];
const REMOTING: readonly ParamDef[] = [
  { name: 'Credential' }, { name: 'Authentication' }, { name: 'Port' }, { name: 'UseSSL', switch: true }, { name: 'SessionOption' },
  { name: 'ConfigurationName' }, { name: 'ApplicationName' }, { name: 'ConnectionUri', aliases: ['URI', 'CU'] },
  { name: 'EnableNetworkAccess', switch: true }, { name: 'CertificateThumbprint' }, { name: 'AllowRedirection', switch: true },
  { name: 'VMName' }, { name: 'ContainerId' }, { name: 'HostName' }, { name: 'UserName' },
];

/** The parameters the role-adding cluster cmdlets share. */
const ROLE: readonly ParamDef[] = [
  { name: 'Storage' }, { name: 'Name' }, { name: 'StaticAddress' }, { name: 'IgnoreNetwork' }, { name: 'Wait' }, { name: 'InputObject' }, { name: 'Cluster' },
];
/** File commands: what every FileSystem cmdlet takes besides its path (no -Credential: the FileSystem provider refuses it). */
const FILE: readonly ParamDef[] = [
  { name: 'LiteralPath', aliases: ['PSPath', 'LP'] }, { name: 'Include' }, { name: 'Exclude' }, { name: 'Recurse', switch: true },
  { name: 'Force', switch: true },
];
/** ActiveDirectory cmdlets: only -Credential and -Server matter here. */
const AD: readonly ParamDef[] = [{ name: 'Identity', position: 0 }, { name: 'Credential' }, { name: 'Server' }, { name: 'Filter' }, { name: 'Properties' }];
/** Cluster-Aware Updating cmdlets. */
const CAU: readonly ParamDef[] = [{ name: 'ClusterName', position: 0 }, { name: 'Credential' }, { name: 'Force', switch: true }];

// ---- the catalogue ------------------------------------------------------------------------------

const ACCESS_POINT_NAMES = ['None', 'ActiveDirectoryAndDns', 'Dns', 'ActiveDirectory'] as const;

export const CATALOGUE = {
  // Spec §2. Parameters in the method's order; `replacement` per the spec's table.
  methods: [
    {
      name: 'EvictNode', params: [{ name: 'NodeName', type: 'string' }],
      replacement: {
        cmdlet: 'Remove-ClusterNode', sessionTarget: 'Cluster',
        args: [{ kind: 'target', param: 'Cluster' }, { kind: 'arg', param: 'Name', from: 'NodeName' }, { kind: 'switch', param: 'Force' }],
      },
    },
    {
      name: 'CreateCluster',
      params: [
        { name: 'ClusterName', type: 'string' }, { name: 'NodeNames', type: 'string[]' }, { name: 'IPAddresses', type: 'string[]' },
        { name: 'SubnetMasks', type: 'string[]' }, { name: 'AdministrativeAccessPoint', type: 'uint32' },
      ],
      replacement: {
        // No counterpart for SubnetMasks. `sessionTarget` keeps what the fix has always added (New-Cluster takes -Node, not -Cluster).
        cmdlet: 'New-Cluster', sessionTarget: 'Cluster',
        args: [
          { kind: 'arg', param: 'Name', from: 'ClusterName' }, { kind: 'arg', param: 'Node', from: 'NodeNames' },
          { kind: 'arg', param: 'StaticAddress', from: 'IPAddresses', optional: true, skipNull: true },
          { kind: 'arg', param: 'AdministrativeAccessPoint', from: 'AdministrativeAccessPoint', optional: true, names: ACCESS_POINT_NAMES },
        ],
      },
    },
    {
      name: 'AddNode', params: [{ name: 'NodeName', type: 'string' }],
      replacement: {
        cmdlet: 'Add-ClusterNode', sessionTarget: 'Cluster',
        args: [{ kind: 'target', param: 'Cluster' }, { kind: 'arg', param: 'Name', from: 'NodeName' }],
      },
    },
    {
      name: 'DestroyCluster', params: [{ name: 'CleanupAD', type: 'boolean' }],
      replacement: {
        cmdlet: 'Remove-Cluster', sessionTarget: 'Cluster',
        args: [{ kind: 'target', param: 'Cluster' }, { kind: 'switch', param: 'Force' }, { kind: 'flag', param: 'CleanupAD', from: 'CleanupAD' }],
      },
    },
  ],

  commands: [
    // WMI over DCOM (spec §3).
    { name: 'Get-WmiObject', aliases: ['gwmi'], family: 'wmi', reaches: 'dcom', params: [
      { name: 'Class', position: 0, aliases: ['ClassName'] }, { name: 'Property', position: 1 }, { name: 'Filter' }, { name: 'Query' },
      { name: 'Amended', switch: true }, { name: 'DirectRead', switch: true }, { name: 'List', switch: true }, { name: 'Recurse', switch: true },
      ...WMI_CONNECTION] },
    { name: 'Invoke-WmiMethod', aliases: ['iwmi'], family: 'wmi', shouldProcess: true, reaches: 'dcom', params: [
      { name: 'Class', position: 0, aliases: ['ClassName'] }, { name: 'Name', position: 1 }, { name: 'ArgumentList', position: 2, aliases: ['Args'] },
      { name: 'Path' }, { name: 'InputObject' }, ...WMI_CONNECTION] },

    // CIM over WS-Man (or DCOM with New-CimSessionOption -Protocol Dcom).
    { name: 'Get-CimInstance', aliases: ['gcim'], family: 'cim', reaches: 'remoting', params: [
      { name: 'ClassName', position: 0, aliases: ['Class'] }, { name: 'Query' }, { name: 'QueryDialect' }, { name: 'Filter' },
      { name: 'Property', aliases: ['SelectProperties'] }, { name: 'InputObject', aliases: ['CimInstance'] }, { name: 'ResourceUri' },
      { name: 'KeyOnly', switch: true }, { name: 'Shallow', switch: true }, ...CIM_CONNECTION] },
    { name: 'Get-CimClass', aliases: ['gcls'], family: 'cim', reaches: 'remoting', params: [
      { name: 'ClassName', position: 0, aliases: ['Class'] }, { name: 'MethodName' }, { name: 'PropertyName' }, { name: 'QualifierName' },
      { name: 'Amended', switch: true },
      { name: 'ComputerName', aliases: ['CN', 'ServerName'] }, { name: 'CimSession' }, { name: 'Namespace', position: 1 },
      { name: 'OperationTimeoutSec', aliases: ['OT'] }] },
    { name: 'Invoke-CimMethod', aliases: ['icim'], family: 'cim', shouldProcess: true, reaches: 'remoting', params: [
      { name: 'ClassName', position: 0, aliases: ['Class'] }, { name: 'Arguments', position: 1 }, { name: 'MethodName', position: 2, aliases: ['Name'] },
      { name: 'InputObject', aliases: ['CimInstance'] }, { name: 'CimClass' }, { name: 'Query' }, { name: 'QueryDialect' }, { name: 'ResourceUri' },
      ...CIM_CONNECTION] },
    { name: 'New-CimSession', aliases: ['ncms'], family: 'cim', reaches: 'remoting', params: [
      { name: 'ComputerName', position: 0, aliases: ['CN', 'ServerName'] }, { name: 'Credential', position: 1 }, { name: 'SessionOption' },
      { name: 'Authentication' }, { name: 'Port' }, { name: 'Name' }, { name: 'SkipTestConnection', switch: true }, { name: 'CertificateThumbprint' },
      { name: 'OperationTimeoutSec', aliases: ['OT'] }] },
    { name: 'New-CimSessionOption', aliases: [], family: 'cim', params: [
      { name: 'Protocol', position: 0 }, { name: 'Impersonation' }, { name: 'Culture' }, { name: 'UICulture' }, { name: 'UseSsl', switch: true },
      { name: 'ProxyAuthentication' }, { name: 'ProxyCredential' }, { name: 'SkipCACheck', switch: true }, { name: 'SkipCNCheck', switch: true },
      { name: 'PacketIntegrity', switch: true }, { name: 'PacketPrivacy', switch: true }] },

    // Remote sessions (WinRM): the first hop.
    { name: 'Invoke-Command', aliases: ['icm'], family: 'session', session: 'invoke', runsScript: 'FilePath', reaches: 'remoting', params: [
      // Positions depend on the parameter set (ComputerName 0 / ScriptBlock 1, or ScriptBlock 0): the sessions handler reads them.
      { name: 'ScriptBlock', aliases: ['Command'] }, { name: 'ComputerName', aliases: ['Cn'] }, { name: 'Session' },
      { name: 'FilePath', aliases: ['PSPath'] }, { name: 'Authentication' }, { name: 'Credential' }, { name: 'ArgumentList', aliases: ['Args'] },
      { name: 'InputObject' }, { name: 'Port' }, { name: 'UseSSL', switch: true }, { name: 'ConfigurationName' }, { name: 'ApplicationName' },
      { name: 'SessionOption' }, { name: 'ConnectionUri', aliases: ['URI', 'CU'] }, { name: 'AsJob', switch: true },
      { name: 'HideComputerName', switch: true }, { name: 'JobName' }, { name: 'ThrottleLimit' }, { name: 'InDisconnectedSession', switch: true },
      { name: 'SessionName' }, { name: 'NoNewScope', switch: true }, { name: 'EnableNetworkAccess', switch: true },
      { name: 'AllowRedirection', switch: true }, { name: 'CertificateThumbprint' }, { name: 'VMName' }, { name: 'VMId' }, { name: 'ContainerId' },
      { name: 'HostName' }, { name: 'UserName' }, { name: 'KeyFilePath' }, { name: 'SSHTransport', switch: true },
      { name: 'RunAsAdministrator', switch: true }, { name: 'RemoteDebug', switch: true }] },
    { name: 'New-PSSession', aliases: ['nsn'], family: 'session', session: 'new', reaches: 'remoting', params: [
      { name: 'ComputerName', position: 0, aliases: ['Cn'] }, { name: 'Name' }, { name: 'ThrottleLimit' }, { name: 'Session' },
      { name: 'KeyFilePath' }, { name: 'SSHTransport', switch: true }, ...REMOTING] },
    { name: 'Enter-PSSession', aliases: ['etsn'], family: 'session', session: 'enter', reaches: 'remoting', params: [
      { name: 'ComputerName', position: 0, aliases: ['Cn'] }, { name: 'Session' }, { name: 'Id' }, { name: 'Name' }, ...REMOTING] },
    { name: 'Exit-PSSession', aliases: ['exsn'], family: 'session', session: 'exit', params: [] },

    // System.Management objects (the type names are the objects handler's).
    { name: 'New-Object', aliases: [], family: 'object', params: [
      { name: 'TypeName', position: 0 }, { name: 'ArgumentList', position: 1, aliases: ['Args'] }, { name: 'ComObject', aliases: ['Com'] },
      { name: 'Property' }, { name: 'Strict', switch: true }] },

    // Pipelines: where objects and values flow.
    { name: 'ForEach-Object', aliases: ['%', 'foreach'], family: 'pipeline', params: [
      { name: 'Process', position: 0 }, { name: 'Begin' }, { name: 'End' }, { name: 'MemberName' }, { name: 'ArgumentList', aliases: ['Args'] },
      { name: 'InputObject' }, { name: 'RemainingScripts' }, { name: 'Parallel' }, { name: 'ThrottleLimit' }, { name: 'AsJob', switch: true }] },
    { name: 'Where-Object', aliases: ['where', '?'], family: 'filter' },
    { name: 'Select-Object', aliases: ['select'], family: 'filter' },
    { name: 'Sort-Object', aliases: ['sort'], family: 'filter' },
    { name: 'Tee-Object', aliases: ['tee'], family: 'filter' },
    { name: 'Write-Output', aliases: ['echo'], family: 'filter' },
    { name: 'Read-Host', aliases: [], family: 'input', output: 'Read-Host input' },
    { name: 'Get-Content', aliases: ['gc', 'cat'], family: 'input', output: 'file content', reaches: 'unc', readsPath: ['Path', 'LiteralPath'] },
    { name: 'Import-Csv', aliases: [], family: 'input', output: 'file content' },
    { name: 'Import-Clixml', aliases: [], family: 'input', output: 'file content' },
    { name: 'Get-ClusterNode', aliases: [], family: 'input', output: 'cluster query output' },
    { name: 'Get-ADComputer', aliases: [], family: 'input', output: 'Active Directory query output', reaches: 'directory' },
    { name: 'hostname', aliases: ['hostname.exe'], family: 'local-name' },
    { name: 'Join-Path', aliases: [], family: 'path', params: [
      { name: 'Path', position: 0, aliases: ['PSPath'] }, { name: 'ChildPath', position: 1 }, { name: 'AdditionalChildPath', position: 2 },
      { name: 'Resolve', switch: true }, { name: 'Credential' }] },
    // `try` is how a re-read line (recover.ts) can see the start of `try { … }`.
    { name: 'Measure-Command', aliases: [], family: 'block-runner' },
    { name: 'Invoke-Expression', aliases: [], family: 'block-runner' },
    { name: 'try', aliases: [], family: 'block-runner' },

    // FailoverClusters cmdlets that make their own connections to the nodes: inside a remote session, a second hop
    // (HOP003, spec §9). The 18 whose help says they "cannot be run remotely without Credential Security Service
    // Provider (CredSSP) authentication on the server computer", Add-ClusterServerRole (Windows Server 2012),
    // Test-Cluster (S2D deployment guide) and Add-NetIntent with another -ClusterName (its help). `runFromHere`:
    // the parameter *Run it from here* adds, naming the session's computer.
    { name: 'New-Cluster', aliases: [], family: 'cluster', shouldProcess: true, runFromHere: 'Node', params: [
      { name: 'Name', position: 0 }, { name: 'Node' }, { name: 'StaticAddress' }, { name: 'IgnoreNetwork' }, { name: 'AdministrativeAccessPoint' },
      { name: 'NoStorage', switch: true }, { name: 'Force', switch: true }, { name: 'Cluster' }] },
    { name: 'Add-ClusterNode', aliases: [], family: 'cluster', shouldProcess: true, runFromHere: 'Cluster', params: [
      { name: 'Name', position: 0 }, { name: 'Cluster' }, { name: 'InputObject' }, { name: 'NoStorage', switch: true }] },
    { name: 'Remove-ClusterNode', aliases: [], family: 'cluster', shouldProcess: true, runFromHere: 'Cluster', params: [
      { name: 'Name', position: 0 }, { name: 'Cluster' }, { name: 'InputObject' }, { name: 'Force', switch: true },
      { name: 'CleanupDisks', switch: true }, { name: 'Wait' }] },
    { name: 'Remove-Cluster', aliases: [], family: 'cluster', shouldProcess: true, runFromHere: 'Cluster', params: [
      { name: 'Cluster', position: 0 }, { name: 'InputObject' }, { name: 'CleanupAD', switch: true }, { name: 'Force', switch: true }] },
    { name: 'Add-ClusterFileServerRole', aliases: [], family: 'cluster', shouldProcess: true, runFromHere: 'Cluster', params: [...ROLE] },
    { name: 'Add-ClusterGenericApplicationRole', aliases: [], family: 'cluster', shouldProcess: true, runFromHere: 'Cluster', params: [
      { name: 'CommandLine' }, { name: 'Parameters' }, { name: 'CheckpointKey' }, ...ROLE] },
    { name: 'Add-ClusterGenericScriptRole', aliases: [], family: 'cluster', shouldProcess: true, runFromHere: 'Cluster', params: [
      { name: 'ScriptFilePath' }, { name: 'CheckpointKey' }, ...ROLE] },
    { name: 'Add-ClusterGenericServiceRole', aliases: [], family: 'cluster', shouldProcess: true, runFromHere: 'Cluster', params: [
      { name: 'ServiceName' }, { name: 'CheckpointKey' }, ...ROLE] },
    { name: 'Add-ClusterResourceType', aliases: [], family: 'cluster', shouldProcess: true, runFromHere: 'Cluster', params: [
      { name: 'Name', position: 0 }, { name: 'Dll', position: 1 }, { name: 'DisplayName', position: 2 }, { name: 'InputObject' }, { name: 'Cluster' }] },
    { name: 'Add-ClusterScaleOutFileServerRole', aliases: [], family: 'cluster', shouldProcess: true, runFromHere: 'Cluster', params: [
      { name: 'Name' }, { name: 'Wait' }, { name: 'InputObject' }, { name: 'Cluster' }] },
    { name: 'Add-ClusterServerRole', aliases: [], family: 'cluster', shouldProcess: true, runFromHere: 'Cluster', params: [...ROLE] },
    { name: 'Add-ClusterVirtualMachineRole', aliases: [], family: 'cluster', shouldProcess: true, runFromHere: 'Cluster', params: [
      { name: 'VMName' }, { name: 'VirtualMachine' }, { name: 'VMId' }, { name: 'Name' }, { name: 'Wait' }, { name: 'InputObject' }, { name: 'Cluster' }] },
    { name: 'Clear-ClusterDiskReservation', aliases: [], family: 'cluster', shouldProcess: true, runFromHere: 'Node', params: [
      { name: 'Disk', position: 0 }, { name: 'Node' }, { name: 'Force', switch: true }, { name: 'InputObject' }, { name: 'Cluster' }] },
    { name: 'Clear-ClusterNode', aliases: [], family: 'cluster', shouldProcess: true, runFromHere: 'Cluster', params: [
      { name: 'Name', position: 0 }, { name: 'Force', switch: true }, { name: 'Wait' }, { name: 'InputObject' }, { name: 'Cluster' }] },
    { name: 'Get-ClusterLog', aliases: [], family: 'cluster', runFromHere: 'Cluster', pathParams: ['Destination'], params: [
      { name: 'Node', position: 0 }, { name: 'Destination' }, { name: 'TimeSpan' }, { name: 'UseLocalTime', switch: true },
      { name: 'SkipClusterState', switch: true }, { name: 'Health', switch: true }, { name: 'InputObject' }, { name: 'Cluster' }] },
    { name: 'Move-ClusterVirtualMachineRole', aliases: [], family: 'cluster', shouldProcess: true, runFromHere: 'Cluster', params: [
      { name: 'Name', position: 0 }, { name: 'Node', position: 1 }, { name: 'MigrationType' }, { name: 'Cancel', switch: true },
      { name: 'Wait' }, { name: 'VMId' }, { name: 'IgnoreLocked', switch: true }, { name: 'InputObject' }, { name: 'Cluster' }] },
    { name: 'Start-Cluster', aliases: [], family: 'cluster', shouldProcess: true, runFromHere: 'Name', params: [
      { name: 'Name', position: 0 }, { name: 'IgnorePersistentState', switch: true }, { name: 'ForceQuorum', switch: true },
      { name: 'PreventQuorum', switch: true }, { name: 'Wait' }] },
    { name: 'Start-ClusterNode', aliases: [], family: 'cluster', shouldProcess: true, runFromHere: 'Cluster', params: [
      { name: 'Name', position: 0 }, { name: 'ForceQuorum', switch: true }, { name: 'ClearQuarantine', switch: true },
      { name: 'IgnorePersistentState', switch: true }, { name: 'PreventQuorum', switch: true }, { name: 'Wait' }, { name: 'InputObject' }, { name: 'Cluster' }] },
    { name: 'Stop-ClusterNode', aliases: [], family: 'cluster', shouldProcess: true, runFromHere: 'Cluster', params: [
      { name: 'Name', position: 0 }, { name: 'Wait' }, { name: 'InputObject' }, { name: 'Cluster' }] },
    { name: 'Test-Cluster', aliases: [], family: 'cluster', runFromHere: 'Node', pathParams: ['ReportName'], params: [
      { name: 'Node' }, { name: 'Include' }, { name: 'Ignore' }, { name: 'Disk' }, { name: 'Pool' }, { name: 'ReportName' },
      { name: 'List', switch: true }, { name: 'Force', switch: true }, { name: 'InputObject' }, { name: 'Cluster' }] },
    // Network ATC: a double hop only when -ClusterName names another computer than the session's own (its help).
    { name: 'Add-NetIntent', aliases: [], family: 'cluster', hopWhenOther: 'ClusterName', params: [
      { name: 'Name', position: 0 }, { name: 'ClusterName' }, { name: 'AdapterName' }, { name: 'Management', switch: true },
      { name: 'Compute', switch: true }, { name: 'Storage', switch: true }, { name: 'StorageVlans' }, { name: 'ManagementVlan' },
      { name: 'AdapterPropertyOverrides' }, { name: 'QosPolicyOverrides' }, { name: 'StorageOverrides' }, { name: 'Wait', switch: true }] },

    // Other second hops from inside a remote session (HOP005/HOP006, spec §9); `reaches` says what each reaches.
    // DCOM/RPC to -ComputerName (Get-WmiObject and Invoke-WmiMethod above).
    { name: 'Set-WmiInstance', aliases: ['swmi'], family: 'reach', reaches: 'dcom', shouldProcess: true, params: [
      { name: 'Class', position: 0 }, { name: 'Arguments', position: 1 }, { name: 'Path' }, { name: 'InputObject' }, { name: 'PutType' }, ...WMI_CONNECTION] },
    { name: 'Remove-WmiObject', aliases: ['rwmi'], family: 'reach', reaches: 'dcom', shouldProcess: true, params: [
      { name: 'Class', position: 0 }, { name: 'Path' }, { name: 'InputObject' }, ...WMI_CONNECTION] },
    { name: 'Get-Service', aliases: ['gsv'], family: 'reach', reaches: 'dcom', params: [
      { name: 'Name', position: 0, aliases: ['ServiceName'] }, { name: 'ComputerName', aliases: ['Cn'] }, { name: 'DisplayName' },
      { name: 'Include' }, { name: 'Exclude' }, { name: 'InputObject' }, { name: 'DependentServices', switch: true }, { name: 'RequiredServices', switch: true }] },
    { name: 'Set-Service', aliases: [], family: 'reach', reaches: 'dcom', shouldProcess: true, params: [
      { name: 'Name', position: 0, aliases: ['ServiceName', 'SN'] }, { name: 'ComputerName', aliases: ['Cn'] }, { name: 'DisplayName' },
      { name: 'Description' }, { name: 'StartupType' }, { name: 'Status' }, { name: 'InputObject' }, { name: 'PassThru', switch: true }] },
    { name: 'Get-Process', aliases: ['gps', 'ps'], family: 'reach', reaches: 'dcom', params: [
      { name: 'Name', position: 0, aliases: ['ProcessName'] }, { name: 'Id' }, { name: 'ComputerName', aliases: ['Cn'] }, { name: 'InputObject' },
      { name: 'Module', switch: true }, { name: 'FileVersionInfo', switch: true }, { name: 'IncludeUserName', switch: true }] },
    { name: 'Get-EventLog', aliases: [], family: 'reach', reaches: 'dcom', params: [
      { name: 'LogName', position: 0 }, { name: 'InstanceId', position: 1 }, { name: 'ComputerName', aliases: ['Cn'] }, { name: 'Newest' },
      { name: 'After' }, { name: 'Before' }, { name: 'UserName' }, { name: 'Index' }, { name: 'EntryType' }, { name: 'Source' }, { name: 'Message' },
      { name: 'List', switch: true }, { name: 'AsString', switch: true }, { name: 'AsBaseObject', switch: true }] },
    { name: 'Restart-Computer', aliases: [], family: 'reach', reaches: 'dcom', shouldProcess: true, params: [
      { name: 'ComputerName', position: 0, aliases: ['CN', '__SERVER', 'Server', 'IPAddress'] }, { name: 'Credential', position: 1 },
      { name: 'Force', switch: true }, { name: 'Wait', switch: true }, { name: 'For' }, { name: 'Timeout' }, { name: 'Delay' }, { name: 'Protocol' },
      { name: 'WsmanAuthentication' }, { name: 'DcomAuthentication', aliases: ['Authentication'] }, { name: 'Impersonation' }, { name: 'AsJob', switch: true }] },
    { name: 'Stop-Computer', aliases: [], family: 'reach', reaches: 'dcom', shouldProcess: true, params: [
      { name: 'ComputerName', position: 0, aliases: ['CN', '__SERVER', 'Server', 'IPAddress'] }, { name: 'Credential', position: 1 },
      { name: 'Force', switch: true }, { name: 'Protocol' }, { name: 'WsmanAuthentication' }, { name: 'DcomAuthentication', aliases: ['Authentication'] },
      { name: 'Impersonation' }, { name: 'AsJob', switch: true }] },
    // Active Directory (a domain controller; Get-ADComputer is above). No position is needed: only -Credential matters.
    ...['Get-ADUser', 'Get-ADGroup', 'Get-ADGroupMember', 'Get-ADObject', 'Get-ADDomain', 'Get-ADDomainController', 'Get-ADOrganizationalUnit',
      'Get-ADServiceAccount', 'New-ADComputer', 'New-ADObject', 'New-ADServiceAccount', 'Set-ADComputer', 'Set-ADObject', 'Set-ADUser',
      'Add-ADGroupMember', 'Remove-ADGroupMember', 'Remove-ADComputer', 'Remove-ADObject', 'Move-ADObject', 'Add-ADComputerServiceAccount',
    ].map((name) => ({ name, aliases: [], family: 'reach', reaches: 'directory', params: AD } as const)),
    // Cluster-Aware Updating: connects to every node of -ClusterName (Windows Admin Center needs CredSSP for them).
    ...['Invoke-CauRun', 'Invoke-CauScan', 'Add-CauClusterRole', 'Set-CauClusterRole', 'Test-CauSetup', 'Save-CauDebugTrace']
      .map((name) => ({ name, aliases: [], family: 'reach', reaches: 'cau', params: CAU } as const)),
    // UNC paths: file commands (Get-Content above) and native tools; any argument that is a UNC path.
    { name: 'Get-ChildItem', aliases: ['gci', 'dir', 'ls'], family: 'reach', reaches: 'unc', params: [
      { name: 'Path', position: 0 }, { name: 'Filter', position: 1 }, ...FILE] },
    { name: 'Get-Item', aliases: ['gi'], family: 'reach', reaches: 'unc', params: [{ name: 'Path', position: 0 }, { name: 'Filter' }, ...FILE] },
    { name: 'Test-Path', aliases: [], family: 'reach', reaches: 'unc', params: [{ name: 'Path', position: 0 }, { name: 'PathType' }, { name: 'Filter' }, ...FILE] },
    { name: 'Copy-Item', aliases: ['copy', 'cp', 'cpi'], family: 'reach', reaches: 'unc', shouldProcess: true, readsPath: ['Path', 'LiteralPath'], params: [
      { name: 'Path', position: 0 }, { name: 'Destination', position: 1 }, { name: 'Container', switch: true }, { name: 'PassThru', switch: true },
      { name: 'ToSession' }, { name: 'FromSession' }, { name: 'Filter' }, ...FILE] },
    { name: 'Move-Item', aliases: ['move', 'mv', 'mi'], family: 'reach', reaches: 'unc', shouldProcess: true, params: [
      { name: 'Path', position: 0 }, { name: 'Destination', position: 1 }, { name: 'PassThru', switch: true }, { name: 'Filter' }, ...FILE] },
    { name: 'Set-Content', aliases: [], family: 'reach', reaches: 'unc', shouldProcess: true, params: [
      { name: 'Path', position: 0 }, { name: 'Value', position: 1 }, { name: 'Encoding' }, { name: 'NoNewline', switch: true }, { name: 'PassThru', switch: true }, ...FILE] },
    { name: 'Out-File', aliases: [], family: 'reach', reaches: 'unc', shouldProcess: true, params: [
      { name: 'FilePath', position: 0, aliases: ['Path'] }, { name: 'Encoding', position: 1 }, { name: 'InputObject' }, { name: 'Append', switch: true },
      { name: 'NoClobber', switch: true }, { name: 'Width' }, { name: 'Force', switch: true }, { name: 'LiteralPath', aliases: ['PSPath'] }] },
    { name: 'Import-Module', aliases: ['ipmo'], family: 'reach', reaches: 'unc', readsPath: ['Name'], params: [
      { name: 'Name', position: 0 }, { name: 'Force', switch: true }, { name: 'Global', switch: true }, { name: 'Prefix' }, { name: 'Function' },
      { name: 'Cmdlet' }, { name: 'Variable' }, { name: 'Alias' }, { name: 'PassThru', switch: true }, { name: 'AsCustomObject', switch: true },
      { name: 'MinimumVersion' }, { name: 'RequiredVersion' }, { name: 'ArgumentList', aliases: ['Args'] }, { name: 'Scope' }, { name: 'SkipEditionCheck', switch: true }] },
    { name: 'Start-Process', aliases: ['start', 'saps'], family: 'reach', reaches: 'unc', readsPath: ['FilePath'], params: [
      { name: 'FilePath', position: 0, aliases: ['PSPath', 'Path'] }, { name: 'ArgumentList', position: 1, aliases: ['Args'] }, { name: 'Credential', aliases: ['RunAs'] },
      { name: 'WorkingDirectory' }, { name: 'LoadUserProfile', switch: true }, { name: 'NoNewWindow', switch: true }, { name: 'PassThru', switch: true },
      { name: 'RedirectStandardError' }, { name: 'RedirectStandardInput' }, { name: 'RedirectStandardOutput' }, { name: 'Verb' }, { name: 'WindowStyle' },
      { name: 'Wait', switch: true }, { name: 'UseNewEnvironment', switch: true }] },
    { name: 'New-PSDrive', aliases: ['ndr', 'mount'], family: 'reach', reaches: 'unc', shouldProcess: true, params: [
      { name: 'Name', position: 0 }, { name: 'PSProvider', position: 1 }, { name: 'Root', position: 2 }, { name: 'Description' }, { name: 'Scope' },
      { name: 'Persist', switch: true }, { name: 'Credential' }] },
    // Native tools (any argument that is a UNC path: `net use x: \\srv\share`); `copy` is Copy-Item's alias above.
    { name: 'robocopy', aliases: ['robocopy.exe'], family: 'reach', reaches: 'unc' },
    { name: 'xcopy', aliases: ['xcopy.exe'], family: 'reach', reaches: 'unc' },
    { name: 'msiexec', aliases: ['msiexec.exe'], family: 'reach', reaches: 'unc' },
    { name: 'net', aliases: ['net.exe'], family: 'reach', reaches: 'unc' },
  ],

  files: [
    { extension: '.ps1', kind: 'powershell' }, { extension: '.psm1', kind: 'powershell' }, { extension: '.psd1', kind: 'powershell' },
    { extension: '.vbs', kind: 'vbscript' }, { extension: '.wsf', kind: 'wsf' }, { extension: '.hta', kind: 'hta' },
    // Only the .js files that are WSH scripts are analysed (parse/jscript.ts isWshScript); web and Node files are not.
    { extension: '.js', kind: 'jscript' },
  ],
  // VS Code calls .vbs files `vb` and has no language for .wsf/.hta; other editors may say `vbscript`.
  editorLanguages: [
    { id: 'powershell', kind: 'powershell', vscode: true }, { id: 'vb', vscode: true }, { id: 'vbscript', kind: 'vbscript' },
  ],

  rules: [
    { code: 'HOP001', defaultSeverity: 'error', short: 'Cluster method over a remote WMI connection fails on the double hop', doc: 'HOP001.md' },
    { code: 'HOP002', defaultSeverity: 'warning', short: 'Cluster method over a WMI connection to a computer that cannot be determined', doc: 'HOP002.md' },
    { code: 'HOP003', defaultSeverity: 'error', short: 'FailoverClusters cmdlet or cluster method that fails inside a remote PowerShell session without CredSSP', doc: 'HOP003.md' },
    { code: 'HOP004', defaultSeverity: 'information', short: 'Remote call that works only because delegation or a passed credential is used', doc: 'HOP004.md' },
    { code: 'HOP005', defaultSeverity: 'error', short: 'Nested PowerShell remoting or CIM over WinRM inside a remote session without -Credential', doc: 'HOP005.md' },
    { code: 'HOP006', defaultSeverity: 'warning', short: 'Second hop inside a remote session (UNC path, DCOM/RPC, Active Directory, Cluster-Aware Updating) that needs delegation', doc: 'HOP006.md' },
  ],
} as const satisfies Catalogue;

/** The rule codes, as a type (rules are compiled in: each has a check function in server/src/rules/). */
export type RuleCode = (typeof CATALOGUE)['rules'][number]['code'];
