// Fixes of second hops made inside a remote session (spec §9): pass a credential to the inner command,
// copy a file through the session instead of reading a share from inside it, give Add-NetIntent the
// session's own computer, and let a loopback session reach the network (-EnableNetworkAccess).
import { commandNamedLower } from '../../catalogue/derive';
import type { Finding } from '../../rules/types';
import type { Fix, TextEditAt } from '../types';
import { eol, indentAt, lineStart, slice } from '../text';
import { sessionTargetArgument } from './cluster';

/** The variable the fixes store a credential in. */
const CRED = '$cred';

/** Does the script already give `$cred` a value (assignment or parameter)? */
const hasCredVariable = (text: string): boolean => /\$cred\s*=(?!=)|\]\s*\$cred\b|param\s*\([^)]*\$cred\b/i.test(text);

/** Inside Invoke-Command's block a caller's variable is `$using:x`; after Enter-PSSession it is the variable itself. */
function callerVariable(f: Finding, name: string): string {
  const api = f.context?.session?.api.toLowerCase();
  return api && commandNamedLower(api)?.session === 'invoke' ? `$using:${name.slice(1)}` : name;
}

/** `$cred = Get-Credential` on its own line before the session's statement, when the script has no $cred. */
function credentialLine(f: Finding, text: string): TextEditAt[] | undefined {
  const s = f.context?.session;
  if (!s?.statement) return undefined;
  if (hasCredVariable(text)) return [];
  const at = lineStart(text, s.statement.start);
  if (text.slice(at, s.statement.start).trim() !== '') return undefined; // the statement does not start its line
  return [{ span: { start: at, end: at }, newText: `${indentAt(text, at)}${CRED} = Get-Credential${eol(text)}`, once: true }];
}

/** *Pass a credential*: `-Credential $using:cred` on the inner command (HOP005, HOP006 where the command takes one). */
export function passCredential(f: Finding, text: string): Fix | undefined {
  const hop = f.context?.call.hop;
  if (!hop || hop.credential || !hop.takesCredential || hop.appendAt === undefined) return undefined;
  const line = credentialLine(f, text);
  if (!line) return undefined;
  const arg = callerVariable(f, CRED);
  return {
    title: `Pass a credential (-Credential ${arg}${line.length ? ', asked for with Get-Credential' : ''})`,
    isPreferred: true,
    edits: [...line, { span: { start: hop.appendAt, end: hop.appendAt }, newText: ` -Credential ${arg}` }],
  };
}

/** A PowerShell single-quoted string. */
const quoted = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/**
 * *Copy through the session*: the caller copies the file from the share into the session's computer
 * (`Copy-Item -ToSession`, a first hop made from here), and the command inside reads the local copy.
 */
export function copyThroughSession(f: Finding, text: string): Fix | undefined {
  const rc = f.context;
  const s = rc?.session;
  const read = rc?.call.hop?.readPath;
  if (!rc || !s?.statement || !read || commandNamedLower(s.api.toLowerCase())?.session !== 'invoke') return undefined;
  const at = lineStart(text, s.statement.start);
  if (text.slice(at, s.statement.start).trim() !== '') return undefined;
  const leaf = read.path.replace(/[\\/]+$/, '').split(/[\\/]/).pop();
  if (!leaf) return undefined;
  const local = `C:\\Windows\\Temp\\${leaf}`;
  const sessionText = slice(text, s.statement);
  // The session the block runs in: `-Session $s` as written, or a new one to its computer.
  const named = /-Ses(?:s(?:i(?:o(?:n)?)?)?)?[:\s]\s*(\$[\w:]+)/i.exec(sessionText)?.[1];
  const target = named ? undefined : sessionTargetArgument(rc, text);
  if (!named && (!target || s.target?.kind === 'list' || (s.target?.kind === 'var' && s.target.value.kind === 'list'))) return undefined;
  const indent = indentAt(text, at);
  const nl = eol(text);
  const session = named ?? '$copySession';
  const lines = [
    ...(named ? [] : [`${session} = New-PSSession -ComputerName ${target}`]),
    `Copy-Item -Path ${quoted(read.path)} -Destination ${quoted(local)} -ToSession ${session} -Recurse -Force`,
    ...(named ? [] : [`Remove-PSSession ${session}`]),
  ];
  return {
    title: `Copy ${leaf} through the session (Copy-Item -ToSession from this machine, then ${local} inside)`,
    isPreferred: true,
    edits: [
      { span: { start: at, end: at }, newText: lines.map((l) => `${indent}${l}${nl}`).join('') },
      { span: read.span, newText: quoted(local) },
    ],
  };
}

/** Add-NetIntent: name the session's own computer instead of another one. */
export function useLocalHostName(f: Finding): Fix | undefined {
  const other = f.context?.call.other;
  const entry = f.context ? commandNamedLower(f.context.call.method.toLowerCase()) : undefined;
  if (!other || !entry?.hopWhenOther) return undefined;
  return {
    title: `Use the session's own computer (-${entry.hopWhenOther} $env:COMPUTERNAME)`,
    isPreferred: true,
    edits: [{ span: other.span, newText: '$env:COMPUTERNAME' }],
  };
}

/** A loopback session: `-EnableNetworkAccess` gives it a token that can reach other computers. */
export function addNetworkAccess(f: Finding): Fix | undefined {
  const s = f.context?.session;
  if (!f.context?.sessionLoopback || !s || s.networkAccess || s.appendAt === undefined) return undefined;
  return {
    title: 'Add -EnableNetworkAccess (the loopback session gets a token that can reach other computers)',
    edits: [{ span: { start: s.appendAt, end: s.appendAt }, newText: ' -EnableNetworkAccess' }],
  };
}
