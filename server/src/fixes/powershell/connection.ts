// Fixes on the connection itself: request delegation, or connect to the local node.
import type { Finding } from '../../rules/types';
import { DELEGATION_COST, type Fix } from '../types';
import { slice } from '../text';

const DCOM_DELEGATE = '(New-CimSessionOption -Protocol Dcom -Impersonation Delegate)';

export function requestDelegation(f: Finding, text: string): Fix | undefined {
  const fix = delegationEdit(f, text);
  return fix && { ...fix, weakensSecurity: true };
}

function delegationEdit(f: Finding, text: string): Fix | undefined {
  const c = f.context?.connection;
  const e = c?.edit;
  if (!c || !e || c.delegation) return undefined;
  const title = `Request delegation (impersonation level Delegate; ${DELEGATION_COST})`;
  switch (e.delegationStyle) {
    case 'wmi-cmdlet':
      if (e.impersonation) return { title, edits: [{ span: e.impersonation, newText: 'Delegate' }] };
      return e.appendAt !== undefined ? { title, edits: [{ span: { start: e.appendAt, end: e.appendAt }, newText: ' -Impersonation Delegate' }] } : undefined;
    case 'cim-session':
      return e.appendAt !== undefined ? { title, edits: [{ span: { start: e.appendAt, end: e.appendAt }, newText: ` -SessionOption ${DCOM_DELEGATE}` }] } : undefined;
    case 'cim-cmdlet': {
      if (!e.targetParam || !c.target) return undefined;
      const computer = slice(text, c.target.span);
      return { title, edits: [{ span: e.targetParam, newText: `-CimSession (New-CimSession -ComputerName ${computer} -SessionOption ${DCOM_DELEGATE})` }] };
    }
    default:
      return undefined;
  }
}

export function connectLocally(f: Finding, text: string): Fix | undefined {
  const e = f.context?.connection?.edit;
  if (!e) return undefined;
  const title = 'Connect locally (run the script on a cluster node)';
  if (e.hostInPath) return { title, edits: [{ span: e.hostInPath, newText: e.hostInPath.code ? "'.'" : '.' }] };
  if (e.targetParam) {
    // Take the space before `-ComputerName` with it.
    let start = e.targetParam.start;
    while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
    return { title, edits: [{ span: { start, end: e.targetParam.end }, newText: '' }] };
  }
  return undefined;
}
