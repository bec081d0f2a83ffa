// The language-neutral fact model. Each language's extractor walks its own syntax tree once and
// emits these facts; everything after extraction (resolve, rules, output) reads only this file's types.
// Positions are UTF-16 offsets into the ORIGINAL document text (for .wsf/.hta the extractor adds
// the script block's offset), so any later stage can turn them into LSP positions.

export type Language = 'powershell' | 'vbscript' | 'jscript';

/** Half-open range [start, end) of UTF-16 code units in the original document. */
export interface Span {
  start: number;
  end: number;
}

/** One step of the chain a diagnostic shows: "where did this come from". */
export interface TraceStep {
  span: Span;
  message: string;
  /**
   * Set when the step is in another file than the document (a script a .wsf job includes): `span` is
   * then an offset range in that file, placed here already since only the analysis read its text.
   */
  elsewhere?: ElsewhereLocation;
}

/** A place in another file: its absolute path, its path as seen from the document's folder, and 0-based positions. */
export interface ElsewhereLocation {
  path: string;
  /** Relative to the document's folder, with `/` (for reports that print paths relative to the document's). */
  relative: string;
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/**
 * A value as the script wrote it, with variable references already bound by the extractor
 * to the definition that reaches them (the extractor tracks assignments in order).
 */
export type Expr =
  /** Literal text: a string literal, a bare word argument, a number. */
  | { kind: 'text'; value: string; span: Span }
  /** String expansion or concatenation ("\\$node\root", "\\" & s & "\root"). */
  | { kind: 'concat'; parts: Expr[]; span: Span }
  /** A variable whose reaching definition is known; `via` is where it was assigned. */
  | { kind: 'var'; name: string; span: Span; value: Expr; via: TraceStep }
  /**
   * A function/Sub parameter. Its value is the default (if any) or the argument at each call site of
   * `fn` (matched by name, else by position `index`); the resolver looks those up in `Facts.callSites`.
   */
  | { kind: 'param'; fn: string; name: string; index: number; span: Span; default?: Expr }
  /** Several possible values (a literal list, -ComputerName a,b, foreach over a list, If branches). */
  | { kind: 'list'; items: Expr[]; span: Span }
  /** Provably the machine the script runs on ($env:COMPUTERNAME, hostname, WScript.Network.ComputerName). */
  | { kind: 'local'; why: string; span: Span }
  /** Provably not knowable from the file (Read-Host, WScript.Arguments, InputBox, pipeline input). */
  | { kind: 'unknown'; why: string; span: Span; text?: string }
  /**
   * The host part of a path or moniker (`\\node1\root\MSCluster`, `winmgmts:{...}!//node1/root/...`);
   * no server in the path means the local machine.
   */
  | { kind: 'hostOf'; path: Expr; span: Span };

/** A WMI (DCOM) or CIM (WS-Man or DCOM) connection to root\MSCluster. */
export interface Connection {
  id: number;
  /** What opened it, as the user would name it: "Get-WmiObject", "[wmiclass]", "GetObject", "ConnectServer"... */
  api: string;
  /** The whole expression/command that opens the connection. */
  span: Span;
  /** DCOM for WMI; WS-Man for CIM sessions unless built with `-Protocol Dcom`. */
  transport: 'dcom' | 'wsman';
  /** The server; undefined when none is given (the local machine). */
  target?: Expr;
  /** Set when the connection requests impersonation level Delegate (or CredSSP for WS-Man). */
  delegation?: TraceStep;
  /** Ranges the quick fixes edit; a fix is offered only when the ranges it needs are known. */
  edit?: ConnectionEdit;
}

export interface ConnectionEdit {
  /** Where parameters can be appended to the command that opens the connection. */
  appendAt?: number;
  /** The whole `-ComputerName node1` (name and value), removed by "Connect locally". */
  targetParam?: Span;
  /**
   * The server written inside a path or moniker (`node1` of `\\node1\root\...`), replaced by `.`;
   * `code` when it is an expression between concatenations (replaced by the string `"."`).
   */
  hostInPath?: Span & { code?: boolean };
  /** Inside a moniker's `{...}` security block, or where one can be inserted (after `winmgmts:`). */
  monikerSecurity?: Span;
  monikerInsertAt?: number;
  /** The server argument of ConnectServer (replaced by "." to connect locally). */
  serverArg?: Span;
  /** ConnectServer's user and password arguments: WMI refuses them on a local connection, so connecting locally empties them. */
  credentialArgs?: Span[];
  /** An existing impersonation argument, replaced by Delegate. */
  impersonation?: Span;
  /** How delegation is requested on this kind of connection. */
  delegationStyle?: 'wmi-cmdlet' | 'cim-session' | 'cim-cmdlet' | 'vbs-moniker' | 'vbs-locator';
  /** Where a statement can be inserted after the one that opens the connection (VBScript ConnectServer). */
  afterStatement?: number;
  /** The variable holding the connection, for statements that configure it (`svc.Security_...`). */
  variable?: string;
}

/** A remote PowerShell session (WinRM): the first hop. */
export interface RemoteSession {
  id: number;
  api: string; // "Invoke-Command", "Enter-PSSession"
  span: Span;
  /** The computer(s) the session runs on; undefined when unknown (e.g. -Session from a parameter). */
  target?: Expr;
  /** The script block (or -FilePath argument) that runs remotely. */
  body?: Span;
  /** Set when the session uses -Authentication CredSSP (delegation of the caller's credentials). */
  credssp?: TraceStep;
  /** The whole statement that starts the session (for moving code out of it). */
  statement?: Span;
  /** Where `-Authentication CredSSP` can be appended (the Invoke-Command, or the New-PSSession it uses). */
  appendAt?: number;
  /** The statements of the remote script block, in order. */
  bodyStatements?: Span[];
  /** `-Authentication Basic`: the password reaches the remote computer, so its logon can make the second hop (HOP004). */
  basic?: TraceStep;
  /** `-EnableNetworkAccess`: on a loopback session, a token that can reach other computers (HOP004). */
  networkAccess?: TraceStep;
  /** `-ConfigurationName`: a custom endpoint whose identity the script cannot show (no error, spec §9). */
  endpoint?: TraceStep;
  /** `-HostName`: PowerShell remoting over SSH, a network logon without delegation like WinRM's. */
  ssh?: boolean;
}

/** How a session reaches its computer, as far as the second hop is concerned (spec §9 "Remote session"). */
export type SessionTraits = Pick<RemoteSession, 'credssp' | 'basic' | 'networkAccess' | 'endpoint' | 'ssh'> & {
  /** `-VMName`/`-VMId`/`-ContainerId`: PowerShell Direct, an interactive logon inside the VM: no remote session for the rules. */
  direct?: string;
};

/**
 * Something a command reaches by itself (catalogue `reaches`): inside a remote session, a second hop
 * (spec §9). Recorded on the ClusterCall of the command (`via: 'hop'`).
 */
export interface SecondHop {
  /** The catalogue's `Reach` (a UNC path given to a cluster cmdlet's path parameter is `unc` too). */
  kind: 'remoting' | 'dcom' | 'directory' | 'cau' | 'unc';
  /** The other computer (`-ComputerName`, the server of a UNC path); none for Active Directory and CAU. */
  target?: Expr;
  /** `-Credential` given to the command: explicit credentials make the hop work (HOP004). */
  credential?: TraceStep;
  /** The command takes -Credential (*Pass a credential*). */
  takesCredential: boolean;
  /** Where parameters can be appended to the command (none when it is in another file). */
  appendAt?: number;
  /** The UNC path as written, when it is one literal the command reads (*Copy through the session*). */
  readPath?: { span: Span; path: string };
}

/** A call of a cluster method, or of a FailoverClusters cmdlet (both named in server/src/catalogue). */
export interface ClusterCall {
  /** The method or the cmdlet, as the catalogue spells it. */
  method: string;
  /** `hop`: a command that reaches another computer by itself (`hop` says how). */
  via: 'wmi' | 'cmdlet' | 'hop';
  hop?: SecondHop;
  /**
   * Another computer the call names (Add-NetIntent -ClusterName, catalogue `hopWhenOther`): a second hop
   * only when it is not the session's own.
   */
  other?: Expr;
  /** The cluster the call acts on (`-Cluster`, New-Cluster's `-Name`), for HOP004's CredSSP-to-the-cluster-name note. */
  cluster?: Expr;
  /** The method or cmdlet name as written (without quotes): the diagnostic's range. */
  span: Span;
  /** The whole call (command, invocation expression or statement): the range fixes rewrite. */
  callSpan: Span;
  /** The connection the method runs over (WMI calls). */
  connection?: number;
  /** The innermost remote session the call runs inside, if any. */
  session?: number;
  /** Arguments in the method's parameter order (spec §2). */
  args: Expr[];
  /** Where each argument is written, when it is one expression per parameter (fixes keep them as written). */
  argSpans?: Span[];
  /** Steps between the call and the connection (e.g. "$cluster is assigned here"), call side first. */
  trace: TraceStep[];
  /** The statement the call is part of (its line(s) of script), for moving it. */
  statement?: Span;
  /** True when the call is a whole statement or a whole assigned value, so a command can replace it without parentheses. */
  standalone?: boolean;
}

/** A call of a script function or Sub, recorded so parameters can be resolved from their call sites. */
export interface CallSite {
  /** Function name, lower-case. */
  fn: string;
  span: Span;
  /** Arguments: named (`-Node x`, name lower-case without dash, possibly a prefix) or positional. */
  args: { name?: string; value: Expr }[];
}

/** A region where some rule codes (none listed: all) are not reported (spec §7). */
export interface Suppression {
  /** Upper-case rule codes; empty means every rule. */
  codes: string[];
  /** Findings starting inside this range are suppressed. */
  range: Span;
  /** The comment or attribute that asks for it. */
  source: Span;
}

export interface Facts {
  language: Language;
  connections: Connection[];
  sessions: RemoteSession[];
  calls: ClusterCall[];
  callSites: CallSite[];
  /** Parameter names of each function, lower-case, in positional order (declaration order unless `Position=` says otherwise). */
  functions: Map<string, string[]>;
  /** Ranges the parser could not read (error nodes), for statistics and tolerant re-reading. */
  syntaxErrors: Span[];
  suppressions: Suppression[];
}

export function emptyFacts(language: Language): Facts {
  return { language, connections: [], sessions: [], calls: [], callSites: [], functions: new Map(), syntaxErrors: [], suppressions: [] };
}
