// Finds the script files under the paths given to the CLI (or a workspace folder).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { kindOf } from '../core/language';

export interface Discovered {
  files: string[];
  /** Paths that could not be read, with the reason. */
  problems: { path: string; reason: string }[];
}

/** Folders never worth scanning. */
const SKIP_DIRS = new Set(['node_modules', '.git', '.svn', '.hg']);

export function discover(paths: string[]): Discovered {
  const files: string[] = [];
  const problems: { path: string; reason: string }[] = [];
  const walk = (p: string, explicit: boolean) => {
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      problems.push({ path: p, reason: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : String((e as Error).message) });
      return;
    }
    if (st.isDirectory()) {
      let entries: string[];
      try {
        entries = readdirSync(p).sort();
      } catch (e) {
        problems.push({ path: p, reason: `cannot read folder: ${(e as Error).message}` });
        return;
      }
      for (const name of entries) {
        if (SKIP_DIRS.has(name)) continue;
        walk(join(p, name), false);
      }
    } else if (st.isFile()) {
      if (explicit || kindOf(p)) files.push(p);
    }
  };
  for (const p of paths) walk(p, true);
  return { files, problems };
}
