// Would a scan of `folder` pick this file? The same rules as discover.ts applies while walking
// (include/exclude globs relative to the folder, `.gitignore` files from the folder down, never
// inside .git), for one file that changed on disk, without walking the folder again.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import ignore from 'ignore';
import picomatch from 'picomatch';
import { kindOf } from '../core/language';

const ALWAYS_SKIPPED = new Set(['.git', '.svn', '.hg']);

export function inScanScope(folder: string, path: string, globs: { include: string[]; exclude: string[] }): boolean {
  const rel = toPosix(relative(folder, path));
  if (!rel || rel.startsWith('../') || rel === '..' || !kindOf(path)) return false;
  const parts = rel.split('/');
  if (parts.some((p) => ALWAYS_SKIPPED.has(p))) return false;
  const exclude = globs.exclude.length ? picomatch(globs.exclude, { dot: true, nocase: true }) : undefined;
  const include = globs.include.length ? picomatch(globs.include, { dot: true, nocase: true }) : undefined;
  // A folder on the way that is excluded excludes the file, as it stops the walk.
  for (let i = 1; i <= parts.length; i++) {
    const sub = parts.slice(0, i).join('/');
    const isDir = i < parts.length;
    if (exclude && (exclude(sub) || (isDir && (exclude(`${sub}/`) || exclude(`${sub}/x`))))) return false;
  }
  if (include && !include(rel)) return false;
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

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}
