// Would a scan of `folder` pick this file? The same rules as discover.ts applies while walking
// (include/exclude globs relative to the folder, `.gitignore` files from the folder down, never
// inside .git), for one file that changed on disk, without walking the folder again.
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ignore from 'ignore';
import { kindOf } from '../core/language';
import { ALWAYS_SKIPPED, scanGlobs, toPosix } from './discover';

export function inScanScope(folder: string, path: string, globs: { include: string[]; exclude: string[] }): boolean {
  const rel = toPosix(relative(folder, path));
  if (!rel || rel.startsWith('../') || rel === '..' || !kindOf(path)) return false;
  const parts = rel.split('/');
  if (parts.some((p) => ALWAYS_SKIPPED.has(p))) return false;
  const { includes, excludes } = scanGlobs(globs.include, globs.exclude);
  // A folder on the way that is excluded excludes the file, as it stops the walk.
  for (let i = 1; i <= parts.length; i++) {
    if (excludes(parts.slice(0, i).join('/'), i < parts.length)) return false;
  }
  if (!includes(rel)) return false;
  return !gitIgnored(folder, path);
}

function gitIgnored(folder: string, path: string): boolean {
  // Every .gitignore from the folder to the file's own folder, each relative to where it is.
  const dirs: string[] = [];
  for (let d = dirname(path); ; d = dirname(d)) {
    dirs.unshift(d);
    if (d === folder || dirname(d) === d || !toPosix(relative(folder, d)) || toPosix(relative(folder, d)).startsWith('..')) break;
  }
  for (const dir of dirs) {
    let rules;
    try {
      rules = ignore().add(readFileSync(join(dir, '.gitignore'), 'utf8'));
    } catch {
      continue; // none here
    }
    const rel = toPosix(relative(dir, path)).split('/');
    // A parent folder ignored hides everything below it.
    for (let i = 1; i <= rel.length; i++) {
      const sub = rel.slice(0, i).join('/');
      if (rules.ignores(i < rel.length ? `${sub}/` : sub)) return true;
    }
  }
  return false;
}

