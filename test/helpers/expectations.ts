// Reads the expected findings written inside a fixture: comment lines `# expect: HOP001 3:7, HOP004 9:1`
// (or `' expect: ...` in VBScript, `# expect: none`). Positions are 1-based line:column.
export function expectedFindings(text: string): string[] | undefined {
  const out: string[] = [];
  let seen = false;
  for (const m of text.matchAll(/^\s*(?:#|'|\/\/|<!--|REM\s)\s*expect:\s*(.*?)\s*(?:-->)?\s*$/gim)) {
    seen = true;
    const body = m[1].trim();
    if (/^none$/i.test(body)) continue;
    for (const item of body.split(',')) {
      const t = item.trim();
      if (!/^HOP00[1-6] \d+:\d+$/.test(t)) throw new Error(`malformed expectation '${t}'`);
      out.push(t);
    }
  }
  return seen ? out.sort() : undefined;
}

/**
 * Findings a fixture says have no preferred fix, by rule and call: `# no-fix: HOP003 Remove-ClusterNode`
 * (a call under a condition of the remote block cannot be moved out alone). Put it on the last line, so
 * the positions of the expectations hold.
 */
export function findingsWithoutFix(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:#|'|\/\/)\s*no-fix:\s*(.*?)\s*$/gim)) {
    for (const item of m[1].replace(/\s*\(.*\)$/, '').split(',')) { // a reason may follow in parentheses
      const t = item.trim();
      if (!/^HOP00[1-6] [\w\\-]+$/.test(t)) throw new Error(`malformed no-fix '${t}'`);
      out.push(t);
    }
  }
  return out.sort();
}
