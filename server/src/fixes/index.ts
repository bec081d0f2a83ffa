// The quick fixes of a finding, by language and rule; the preferred one first.
import type { FileKind as DocKind } from '../catalogue/index';
import type { Finding } from '../rules/types';
import { connectLocally, requestDelegation } from './powershell/connection';
import { replaceWithCmdlet } from './powershell/replace';
import { runFromHere, useCredSsp } from './powershell/session';
import { addNetworkAccess, copyThroughSession, passCredential, useLocalHostName } from './powershell/hops';
import { vbsConnectLocally, vbsRequestDelegation } from './vbscript/connection';
import { jsConnectLocally, jsRequestDelegation } from './jscript/connection';
import { JSCRIPT_COMMENTS, POWERSHELL_COMMENTS, suppressFixes, VBSCRIPT_COMMENTS } from './suppress';
import type { Fix } from './types';

export function fixesFor(f: Finding, text: string, kind: DocKind, fileStart = f.scriptStart ?? 0): Fix[] {
  const out: (Fix | undefined)[] = [];
  if (f.inInclude !== undefined) return []; // the call is in another file: no edit here can fix it
  if (kind === 'powershell') {
    if (f.code === 'HOP001' || f.code === 'HOP002') {
      out.push(replaceWithCmdlet(f, text), requestDelegation(f, text), connectLocally(f, text));
    } else if (f.code === 'HOP003') {
      out.push(useLocalHostName(f), runFromHere(f, text), addNetworkAccess(f), useCredSsp(f, text));
    } else if (f.code === 'HOP005') {
      out.push(passCredential(f, text), useCredSsp(f, text), runFromHere(f, text));
    } else if (f.code === 'HOP006') {
      out.push(copyThroughSession(f, text), passCredential(f, text), runFromHere(f, text), useCredSsp(f, text));
    } else if (f.code === 'HOP004') {
      out.push(replaceWithCmdlet(f, text), runFromHere(f, text));
    }
    out.push(...suppressFixes(f, text, { ...POWERSHELL_COMMENTS, fileStart }));
  } else if (kind === 'jscript' || f.language === 'jscript') {
    if (f.code === 'HOP001' || f.code === 'HOP002') {
      const local = jsConnectLocally(f, text);
      out.push(local && { ...local, isPreferred: true }, jsRequestDelegation(f, text));
    }
    out.push(...suppressFixes(f, text, { ...JSCRIPT_COMMENTS, fileStart }));
  } else {
    if (f.code === 'HOP001' || f.code === 'HOP002') {
      // Connecting locally removes the second hop; delegation only hides it where the domain allows it
      // (and widens what the token can do), so it is offered second and never applied by fix-all.
      const local = vbsConnectLocally(f, text);
      out.push(local && { ...local, isPreferred: true }, vbsRequestDelegation(f, text));
    }
    out.push(...suppressFixes(f, text, { ...VBSCRIPT_COMMENTS, fileStart }));
  }
  const fixes = out.filter((x): x is Fix => x !== undefined);
  // At most one preferred fix: the first one a builder marked, and never one that weakens security
  // to make the finding go away (issue 11: CI turned green while the script still failed).
  let preferred = false;
  for (const x of fixes) {
    if (x.isPreferred && !preferred && !x.weakensSecurity) preferred = true;
    else delete x.isPreferred;
  }
  return fixes;
}

/** The preferred fix of every finding, skipping any that would overlap one already taken. */
export function preferredEdits(findings: Finding[], text: string, kind: DocKind): { fixes: Fix[]; skipped: number } {
  const taken: Fix[] = [];
  let skipped = 0;
  for (const f of findings) {
    const found = fixesFor(f, text, kind).find((x) => x.isPreferred);
    if (!found) continue;
    // Two fixes may add the same line (`$cred = Get-Credential`, before one session or several): once is enough.
    const p = { ...found, edits: found.edits.filter((e) => !taken.some((t) => t.edits.some((x) => x.newText === e.newText
      && ((x.span.start === e.span.start && x.span.end === e.span.end) || (x.once && e.once))))) };
    if (taken.some((t) => t.edits.some((a) => p.edits.some((b) => a.span.start < b.span.end && b.span.start < a.span.end)))) { skipped++; continue; }
    taken.push(p);
  }
  return { fixes: taken, skipped };
}
