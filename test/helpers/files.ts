// Test helper: the files under a folder, recursively, whose names pass a test (fixtures, examples).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function filesUnder(dir: string, keep: (name: string) => boolean, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) filesUnder(p, keep, out);
    else if (keep(e)) out.push(p);
  }
  return out;
}

/** PowerShell scripts, modules and data files (.ps1, .psm1, .psd1). */
export const isPowerShell = (name: string): boolean => /\.ps[md]?1$/i.test(name);
