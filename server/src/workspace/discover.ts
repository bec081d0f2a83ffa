// Finds the script files to scan: under the paths given to the CLI, or a workspace folder for the
// server. Folders are walked recursively, honouring the `include`/`exclude` globs of the settings and
// `.gitignore` files (each applies to its own folder and below, as git reads them).
// Symbolic links to folders are never followed: a link such as `a/up -> ..` made the walk report every
// file dozens of times, two made it run for ever, and a link to `/` or `~` would scan (and, in the
// editor, publish findings from) files outside the workspace. What such a link points at inside the
// folder is scanned anyway under its real path. A symlinked file is scanned once, under its real path,
// and only when that is inside the folder (docs/decisions.md).
import { readdirSync, readFileSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { kindOf } from '../core/language';
import { isInside } from '../core/referenced-script';

export interface Discovered {
  files: string[];
  /** Files passed over on purpose (too large), with the reason. */
  skipped: { path: string; reason: string }[];
  /** Paths that could not be read, with the reason. */
  problems: { path: string; reason: string }[];
  /** For each file, the path given that it was found under (a named file: its own folder). */
  roots: Map<string, string>;
  /** Set when `maxFiles` or `maxBytes` stopped the walk: which, for a notice. */
  capped?: string;
  /** The size of the files listed, in bytes (what counts against `maxBytes`). */
  bytes: number;
}

export interface DiscoverOptions {
  include?: string[];
  exclude?: string[];
  /** Files larger than this are listed in `skipped`, not in `files`. */
  maxFileSizeKb?: number;
  /** Stop after this many files (a safety net for enormous folders). */
  maxFiles?: number;
  /** Stop when the files listed add up to more than this many bytes. */
  maxBytes?: number;
}

/** Folders never worth scanning, whatever the globs say. */
export const ALWAYS_SKIPPED = new Set(['.git', '.svn', '.hg']);

/** The settings' globs, matched as a scan matches them: paths relative to the folder, `/`-separated, any case. */
export function scanGlobs(includeGlobs: readonly string[] | undefined, excludeGlobs: readonly string[] | undefined) {
  const include = includeGlobs?.length ? picomatch([...includeGlobs], { dot: true, nocase: true }) : undefined;
  const exclude = excludeGlobs?.length ? picomatch([...excludeGlobs], { dot: true, nocase: true }) : undefined;
  return {
    includes: (rel: string) => !include || include(rel),
    /** A folder is excluded by a glob of itself (`build`, `build/`) or of what is inside it (`build/**`). */
    excludes: (rel: string, isDir: boolean) => !!exclude && (exclude(rel) || (isDir && (exclude(`${rel}/`) || exclude(`${rel}/x`)))),
  };
}

export function discover(paths: string[], opts: DiscoverOptions = {}): Discovered {
  const out: Discovered = { files: [], skipped: [], problems: [], roots: new Map(), bytes: 0 };
  const walk: Walk = { seen: new Set(), bytes: 0 };
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
      walkFolder(p, opts, out, walk);
      const mine = out.files.splice(before).sort();
      out.files.push(...mine);
    }
    else if (st.isFile()) { // named explicitly: always scanned, globs or not
      if (addFile(p, st, opts, out, walk, keyOf(p))) out.roots.set(p, resolve(p, '..'));
    }
  }
  out.bytes = walk.bytes;
  return out;
}

/** State of one discover() call across the paths given. */
interface Walk {
  /** Real paths of the files listed: a file reached twice (a symlink, a path given twice) is listed once. */
  seen: Set<string>;
  bytes: number;
}

function keyOf(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return resolve(path);
  }
}

/** Lists a file unless too large, already listed, or past a cap; true when listed. */
function addFile(path: string, st: Stats, opts: DiscoverOptions, out: Discovered, walk: Walk, key: string): boolean {
  if (walk.seen.has(key)) return false;
  if (opts.maxFileSizeKb !== undefined && st.size > opts.maxFileSizeKb * 1024) {
    out.skipped.push({ path, reason: `larger than maxFileSizeKb (${Math.round(st.size / 1024)} KiB > ${opts.maxFileSizeKb} KiB)` });
    return false;
  }
  if (opts.maxFiles !== undefined && out.files.length >= opts.maxFiles) {
    out.capped ??= `stopped at ${opts.maxFiles} files (maxFiles)`;
    return false;
  }
  if (opts.maxBytes !== undefined && walk.bytes + st.size > opts.maxBytes) {
    out.capped ??= `stopped at ${walk.bytes} of at most ${opts.maxBytes} bytes (maxBytes)`;
    return false;
  }
  walk.seen.add(key);
  walk.bytes += st.size;
  out.files.push(path);
  return true;
}

function walkFolder(root: string, opts: DiscoverOptions, out: Discovered, walk: Walk): void {
  const globs = scanGlobs(opts.include, opts.exclude);
  const rootReal = keyOf(root);
  /** Symlinked files, listed after the walk so a file's own path wins over a link's. */
  const links: { path: string; real: string; st: Stats }[] = [];
  // A stack of (folder, .gitignore rules that apply there with the folder they are relative to).
  const stack: { dir: string; ignores: { base: string; rules: Ignore }[] }[] = [{ dir: root, ignores: [] }];
  const listed = (path: string, st: Stats, key: string) => { if (addFile(path, st, opts, out, walk, key)) out.roots.set(path, root); };
  while (stack.length && !out.capped) {
    const { dir, ignores } = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (e) {
      out.problems.push({ path: dir, reason: `cannot read folder: ${(e as Error).message}` });
      continue;
    }
    let here = ignores;
    if (entries.some((e) => e.name === '.gitignore')) {
      try {
        here = [...ignores, { base: dir, rules: ignore().add(readFileSync(join(dir, '.gitignore'), 'utf8')) }];
      } catch { /* an unreadable .gitignore ignores nothing */ }
    }
    for (const entry of entries) {
      const name = entry.name;
      if (ALWAYS_SKIPPED.has(name)) continue;
      const full = join(dir, name);
      const rel = toPosix(relative(root, full));
      const isDir = entry.isDirectory(); // never true for a symlink: symlinked folders are not followed
      if (isIgnored(full, isDir, here)) continue;
      if (globs.excludes(rel, isDir)) continue;
      if (isDir) {
        stack.push({ dir: full, ignores: here });
        continue;
      }
      if (!(entry.isFile() || entry.isSymbolicLink()) || !kindOf(name) || !globs.includes(rel)) continue;
      let st: Stats;
      try {
        st = statSync(full); // a symlink: what it points at (a dangling one throws)
      } catch (e) {
        // A link to nothing (or to itself) met in a folder is a notice, as a binary file is: repositories
        // carry them (links to build output), and the user asked for the folder, not for that file.
        const code = (e as NodeJS.ErrnoException).code;
        if (entry.isSymbolicLink() && (code === 'ENOENT' || code === 'ELOOP')) out.skipped.push({ path: full, reason: 'a symbolic link to nothing' });
        else out.problems.push({ path: full, reason: (e as Error).message });
        continue;
      }
      if (!st.isFile()) continue; // FIFOs, devices, and links to folders or to them
      // A file's real path is its path under the folder's real path; the same string when the folder's path is
      // real already (most are): a second string for each of a large workspace's files grew the server's memory.
      if (entry.isFile()) { listed(full, st, rootReal === root ? full : join(rootReal, relative(root, full))); continue; }
      const real = keyOf(full);
      if (!isInside(real, rootReal)) {
        out.skipped.push({ path: full, reason: 'a symbolic link to a file outside the folder being scanned' });
        continue;
      }
      links.push({ path: full, real, st });
    }
  }
  for (const l of links) if (!out.capped) listed(l.path, l.st, l.real);
}

function isIgnored(full: string, isDir: boolean, ignores: { base: string; rules: Ignore }[]): boolean {
  for (const { base, rules } of ignores) {
    const rel = toPosix(relative(base, full));
    if (rel && !rel.startsWith('..') && rules.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}

export function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}
