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
