// VBScript fixes (spec §6): connect to the local computer (preferred: it removes the second hop), or
// request delegation in the moniker or after ConnectServer (offered, saying its cost).
import type { Finding } from '../../rules/types';
import { DELEGATION_COST, type Fix } from '../types';
import { eol, indentAt, slice } from '../text';

export function vbsRequestDelegation(f: Finding, text: string): Fix | undefined {
  const fix = delegationEdit(f, text);
  return fix && { ...fix, weakensSecurity: true };
}

function delegationEdit(f: Finding, text: string): Fix | undefined {
  const c = f.context?.connection;
  const e = c?.edit;
  if (!c || !e || c.delegation) return undefined;
  if (e.delegationStyle === 'vbs-moniker') {
    const title = `Request delegation in the moniker (impersonationLevel=delegate; ${DELEGATION_COST})`;
    if (e.monikerSecurity) {
      const block = slice(text, e.monikerSecurity);
      const m = /impersonationLevel\s*=\s*(\w+)/i.exec(block);
      if (m) {
        const at = e.monikerSecurity.start + m.index + m[0].length - m[1].length;
        return { title, edits: [{ span: { start: at, end: at + m[1].length }, newText: 'delegate' }] };
      }
      const sep = block.trim() ? ',' : '';
      return { title, edits: [{ span: { start: e.monikerSecurity.start, end: e.monikerSecurity.start }, newText: `impersonationLevel=delegate${sep}` }] };
    }
    if (e.monikerInsertAt !== undefined) {
      return { title, edits: [{ span: { start: e.monikerInsertAt, end: e.monikerInsertAt }, newText: '{impersonationLevel=delegate}!' }] };
    }
    return undefined;
  }
  if (e.delegationStyle === 'vbs-locator') {
    const title = `Request delegation after ConnectServer (Security_.ImpersonationLevel = 4; ${DELEGATION_COST})`;
    if (e.impersonation) return { title, edits: [{ span: e.impersonation, newText: '4' }] };
    if (e.afterStatement === undefined || !e.variable) return undefined;
    const at = e.afterStatement;
    return { title, edits: [{ span: { start: at, end: at }, newText: `${eol(text)}${indentAt(text, at)}${e.variable}.Security_.ImpersonationLevel = 4` }] };
  }
  return undefined;
}

export function vbsConnectLocally(f: Finding, text: string): Fix | undefined {
  const e = f.context?.connection?.edit;
  if (!e) return undefined;
  const title = 'Connect locally (server ".")';
  if (e.hostInPath) return { title, edits: [{ span: e.hostInPath, newText: e.hostInPath.code ? '"."' : '.' }] };
  if (e.serverArg) {
    // A local connection with a user name fails (WBEM_E_LOCAL_CREDENTIALS): use the caller's own, "".
    const credentials = (e.credentialArgs ?? []).filter((s) => slice(text, s).trim() !== '""').map((span) => ({ span, newText: '""' }));
    return { title, edits: [{ span: e.serverArg, newText: '"."' }, ...credentials] };
  }
  return undefined;
}
