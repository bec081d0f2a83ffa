// JScript fixes: the VBScript ones (the same COM calls, the same edits inside monikers and
// ConnectServer arguments), with JScript's statement terminator on the line delegation adds.
import type { Finding } from '../../rules/types';
import type { Fix } from '../types';
import { vbsRequestDelegation } from '../vbscript/connection';

export { vbsConnectLocally as jsConnectLocally } from '../vbscript/connection';

export function jsRequestDelegation(f: Finding, text: string): Fix | undefined {
  const fix = vbsRequestDelegation(f, text);
  const e = f.context?.connection?.edit;
  if (!fix || e?.delegationStyle !== 'vbs-locator' || e.impersonation) return fix;
  // The added `svc.Security_.ImpersonationLevel = 4` is a statement of its own.
  return { ...fix, edits: fix.edits.map((x) => ({ ...x, newText: `${x.newText};` })) };
}
