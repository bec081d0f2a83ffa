// HOP003 fixes: run the cluster cmdlet from this machine instead of inside the remote session, or
// make the session delegate with CredSSP.
import { commandNamedLower, methodNamed } from '../../catalogue/derive';
import type { Finding } from '../../rules/types';
import type { Fix } from '../types';
import { eol, indentAt, slice, wholeLines } from '../text';
import { sessionTargetArgument } from './cluster';
import { cmdletCommand } from './replace';
import { parameterPrefixSource } from '../../facts/powershell/syntax';

export function runFromHere(f: Finding, text: string): Fix | undefined {
  const rc = f.context;
  const s = rc?.session;
  if (!rc || !s || !rc.call.statement || !s.statement) return undefined;
  const target = sessionTargetArgument(rc, text);
  if (!target) return undefined;
  // A WMI call in the block becomes the cmdlet; a cmdlet is moved as written.
  let moved = rc.call.via !== 'wmi' ? slice(text, rc.call.statement) : cmdletCommand(rc, text, target);
  if (moved === undefined) return undefined;
  moved = moved.replace(/\$using:/gi, '$');
  // Variables of the remote block itself (its param(), $args) mean nothing here; `$using:x` is the caller's $x.
  const own = rc.call.via !== 'wmi' ? [slice(text, rc.call.statement)] : rc.call.args.map((a) => slice(text, a.span));
  const vars = own.flatMap((t) => [...t.matchAll(/\$([\w:]+)/g)].map((m) => m[1].toLowerCase()));
  if (vars.some((v) => !v.startsWith('using:') && !['true', 'false', 'null'].includes(v))) return undefined;
  // The parameter that names the cluster to act on, from the catalogue (New-Cluster has none: it creates the cluster from here).
  const param = rc.call.via === 'cmdlet' ? commandNamedLower(rc.call.method.toLowerCase())?.runFromHere
    : rc.call.via === 'wmi' ? methodNamed(rc.call.method)?.replacement?.sessionTarget : undefined;
  const added = param !== undefined && !writtenParam(param).test(moved);
  if (added) moved += ` -${param} ${target}`;
  const title = added ? `Run ${rc.call.method} from this machine (-${param} ${target})` : `Run ${rc.call.method} from this machine`;
  if (commandNamedLower(s.api.toLowerCase())?.session === 'enter') {
    // The statements after Enter-PSSession: the command stays where it is, runs from here naming the
    // cluster, and the session line goes (in a script it never moved the later lines anyway).
    const enter = wholeLines(text, s.statement);
    if (!enter) return undefined;
    return { title, isPreferred: true, edits: [{ span: rc.call.via !== 'wmi' ? rc.call.statement : rc.call.callSpan, newText: moved }, { span: enter, newText: '' }] };
  }
  // A call under an `if`, `switch`, loop or `try` of the block runs only when the block decides; moved out
  // alone it would run every time. No fix then (CredSSP or disabling remain): the script must be reworked.
  if (s.bodyStatements && !s.bodyStatements.some((b) => b.start === rc.call.statement!.start)) return undefined;
  const only = s.bodyStatements?.length === 1 && s.bodyStatements[0].start === rc.call.statement.start;
  if (only) return { title, isPreferred: true, edits: [{ span: s.span, newText: moved }] };
  const remove = wholeLines(text, rc.call.statement);
  if (!remove) return undefined;
  const at = s.statement.end;
  return {
    title, isPreferred: true,
    edits: [{ span: remove, newText: '' }, { span: { start: at, end: at }, newText: `${eol(text)}${indentAt(text, s.statement.start)}${moved}` }],
  };
}

export function useCredSsp(f: Finding, text: string): Fix | undefined {
  const s = f.context?.session;
  if (!s || s.credssp || s.appendAt === undefined) return undefined;
  const hasCredential = /\s-Cred(e(n(t(i(a(l)?)?)?)?)?)?\b/i.test(text.slice(s.span.start, s.appendAt));
  return {
    title: 'Use CredSSP (delegates your credentials to the remote computer)', weakensSecurity: true,
    edits: [{ span: { start: s.appendAt, end: s.appendAt }, newText: ` -Authentication CredSSP${hasCredential ? '' : ' -Credential (Get-Credential)'}` }],
  };
}

/** `-Param` written in a command, down to its first two letters (`-Cl`, `-Clus`…), as PowerShell accepts prefixes. */
function writtenParam(name: string): RegExp {
  return new RegExp(`\\s${parameterPrefixSource(name, 2)}`, 'i');
}
