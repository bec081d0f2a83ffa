// Finds the script files to scan: under the paths given to the CLI, or a workspace folder for the
// server. Folders are walked recursively, honouring the `include`/`exclude` globs of the settings and
// `.gitignore` files (each applies to its own folder and below, as git reads them).
import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { kindOf } from '../core/language';

export interface Discovered {
  files: string[];
  /** Files passed over on purpose (too large), with the reason. */
  skipped: { path: string; reason: string }[];
  /** Paths that could not be read, with the reason. */
  problems: { path: string; reason: string }[];
}

export interface DiscoverOptions {
  include?: string[];
  exclude?: string[];
  /** Files larger than this are listed in `skipped`, not in `files`. */
  maxFileSizeKb?: number;
  /** Stop after this many files (a safety net for enormous folders). */
  maxFiles?: number;
}

/** Folders never worth scanning, whatever the globs say. */
const ALWAYS_SKIPPED = new Set(['.git', '.svn', '.hg']);

export function discover(paths: string[], opts: DiscoverOptions = {}): Discovered {
  const out: Discovered = { files: [], skipped: [], problems: [] };
  for (const p of paths) {
    let st: Stats;
    try {
      st = statSync(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      out.problems.push({ path: p, reason: code === 'ENOENT' ? 'no such file or folder' : (e as Error).message });
      continue;
    }
    if (st.isDirectory()) {
      const before = out.files.length;
      walkFolder(p, opts, out);
      const mine = out.files.splice(before).sort();
      out.files.push(...mine);
    }
    else if (st.isFile()) addFile(p, st, opts, out); // named explicitly: always scanned, globs or not
  }
  return out;
}

function addFile(path: string, st: Stats, opts: DiscoverOptions, out: Discovered): void {
  if (opts.maxFileSizeKb !== undefined && st.size > opts.maxFileSizeKb * 1024) {
    out.skipped.push({ path, reason: `larger than maxFileSizeKb (${Math.round(st.size / 1024)} KiB > ${opts.maxFileSizeKb} KiB)` });
    return;
  }
  out.files.push(path);
}

function walkFolder(root: string, opts: DiscoverOptions, out: Discovered): void {
  const include = opts.include?.length ? picomatch(opts.include, { dot: true, nocase: true }) : undefined;
  const exclude = opts.exclude?.length ? picomatch(opts.exclude, { dot: true, nocase: true }) : undefined;
  const max = opts.maxFiles ?? Infinity;
  // A stack of (folder, .gitignore rules that apply there with the folder they are relative to).
  const stack: { dir: string; ignores: { base: string; rules: Ignore }[] }[] = [{ dir: root, ignores: [] }];
  while (stack.length && out.files.length < max) {
    const { dir, ignores } = stack.pop()!;
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch (e) {
      out.problems.push({ path: dir, reason: `cannot read folder: ${(e as Error).message}` });
      continue;
    }
    let here = ignores;
    if (entries.includes('.gitignore')) {
      try {
        here = [...ignores, { base: dir, rules: ignore().add(readFileSync(join(dir, '.gitignore'), 'utf8')) }];
      } catch { /* an unreadable .gitignore ignores nothing */ }
    }
    for (const name of entries) {
      if (ALWAYS_SKIPPED.has(name)) continue;
      const full = join(dir, name);
      let st: Stats;
      try {
        st = statSync(full);
      } catch (e) {
        out.problems.push({ path: full, reason: (e as Error).message });
        continue;
      }
      const rel = toPosix(relative(root, full));
      const isDir = st.isDirectory();
      if (isIgnored(full, isDir, here)) continue;
      if (exclude && (exclude(rel) || (isDir && exclude(`${rel}/`)) || (isDir && exclude(`${rel}/x`)))) continue;
      if (isDir) {
        stack.push({ dir: full, ignores: here });
        continue;
      }
      if (!st.isFile() || !kindOf(name) || (include && !include(rel))) continue;
      addFile(full, st, opts, out);
    }
  }
}

function isIgnored(full: string, isDir: boolean, ignores: { base: string; rules: Ignore }[]): boolean {
  for (const { base, rules } of ignores) {
    const rel = toPosix(relative(base, full));
    if (rel && !rel.startsWith('..') && rules.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}
