// VBScript fixes (spec §6): request delegation in the moniker or after ConnectServer, or connect to
// the local computer.
import type { Finding } from '../../rules/types';
import type { Fix } from '../types';
import { eol, indentAt, slice } from '../text';

export function vbsRequestDelegation(f: Finding, text: string): Fix | undefined {
  const c = f.context?.connection;
  const e = c?.edit;
  if (!c || !e || c.delegation) return undefined;
  if (e.delegationStyle === 'vbs-moniker') {
    const title = 'Request delegation in the moniker (impersonationLevel=delegate)';
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
    const title = 'Request delegation after ConnectServer (Security_.ImpersonationLevel = 4)';
    if (e.impersonation) return { title, edits: [{ span: e.impersonation, newText: '4' }] };
    if (e.afterStatement === undefined || !e.variable) return undefined;
    const at = e.afterStatement;
    return { title, edits: [{ span: { start: at, end: at }, newText: `${eol(text)}${indentAt(text, at)}${e.variable}.Security_.ImpersonationLevel = 4` }] };
  }
  return undefined;
}

export function vbsConnectLocally(f: Finding): Fix | undefined {
  const e = f.context?.connection?.edit;
  if (!e) return undefined;
  const title = 'Connect locally (server ".")';
  if (e.hostInPath) return { title, edits: [{ span: e.hostInPath, newText: e.hostInPath.code ? '"."' : '.' }] };
  if (e.serverArg) return { title, edits: [{ span: e.serverArg, newText: '"."' }] };
  return undefined;
}
