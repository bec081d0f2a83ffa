// Reading the script that `Invoke-Command -FilePath x` names, without letting the analysed script
// decide what the analyser touches. The name comes from a file hopcheck did not write: an absolute or
// UNC path would make this machine connect to a host the script chooses (on Windows, leaking the
// user's NTLM credentials), a FIFO or device would block the reader, and `..` or a symlink could
// reach files outside the workspace. So only relative paths are followed, and only to a regular file
// whose real path is inside the root folder (the workspace folder; on the command line the folder
// given, or the file's own folder), read with a size cap. Every refusal is decided from the name
// alone before any file-system call is made with it.
import { lstatSync, readlinkSync, realpathSync, type Stats } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { check, type Deadline } from '../base/budget';
import { decode } from '../base/decode';
import { readRegularFile } from '../base/regular-file';

/** Larger referenced scripts are not followed (real ones are a few KiB). */
export const MAX_REFERENCED_SCRIPT = 1024 * 1024;

/** Windows device names: `CON`, `nul.ps1`, `lib\COM1.txt` open a device there, whatever the extension. */
const DEVICE_NAME = /^(?:con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])(?:\.|$)/i;

/**
 * Where a referenced name would be, decided from the text alone (no file-system access): a path
 * inside `root`, or why it is refused. `$PSScriptRoot\` is the referencing file's folder.
 */
export function referencedScriptPath(name: string, fromFile: string, root: string): { path: string } | { refused: string } {
  const cleaned = name.trim().replace(/^\$PSScriptRoot(?=[\\/])[\\/]+/i, '');
  if (!cleaned) return { refused: 'empty path' };
  if (/[\0-\x1f]/.test(cleaned)) return { refused: 'control characters in the path' };
  // UNC (\\host\share, //host/share), device (\\.\, \\?\), and root-relative paths (\x, /x).
  if (/^[\\/]/.test(cleaned)) return { refused: 'absolute, UNC or device path' };
  // Drive paths (C:\x, C:x), URLs, alternate data streams (x.ps1:stream): any colon.
  if (cleaned.includes(':')) return { refused: 'drive path, URL or stream' };
  const parts = cleaned.split(/[\\/]+/);
  if (parts.some((p) => DEVICE_NAME.test(p))) return { refused: 'device name' };
  const rootAbs = resolve(root);
  const path = resolve(dirname(resolve(fromFile)), ...parts);
  if (isAbsolute(cleaned) || !isInside(path, rootAbs)) return { refused: 'outside the folder being checked' };
  return { path };
}

interface Cached {
  mtimeMs: number;
  size: number;
  ino: number;
  text: string | undefined;
}

/** Texts read, by real path; an entry is used only while the file's mtime, size and inode are unchanged. */
const cache = new Map<string, Cached>();

/** Forget what was read from `path` (the language server calls this when a file changes on disk). */
export function invalidate(path: string): void {
  cache.delete(path);
  try {
    cache.delete(realpathSync.native(path));
  } catch { /* gone: nothing else to forget */ }
}

/** Forget everything read (settings or workspace folders changed). */
export function clear(): void {
  cache.clear();
}

/**
 * Reads the script `name` refers to from `fromFile`, limited to `root` (see the top of this file);
 * undefined when it is refused, missing, not a regular file, too large or not text. Never throws
 * except BudgetExceeded past the deadline.
 */
export function readReferencedScript(name: string, fromFile: string, root: string, deadline?: Deadline): string | undefined {
  check(deadline);
  const where = referencedScriptPath(name, fromFile, root);
  if (!('path' in where)) return undefined;
  try {
    const rootAbs = resolve(root);
    const found = resolveWithin(realpathSync.native(rootAbs), relative(rootAbs, where.path));
    if (!found || !found.stat.isFile() || found.stat.size > MAX_REFERENCED_SCRIPT) return undefined; // FIFOs, devices, folders: never opened
    const { path: real, stat: st } = found;
    const hit = cache.get(real);
    if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size && hit.ino === st.ino) return hit.text;
    const text = readRegularText(real);
    if (text === null) return undefined;
    cache.set(real, { mtimeMs: st.mtimeMs, size: st.size, ino: st.ino, text });
    return text;
  } catch {
    return undefined; // missing or unreadable: simply not followed
  }
}

/** Symbolic links followed on one path at most (as the kernel's ELOOP limit). */
const MAX_LINKS = 40;

/**
 * Resolves `rel` under `rootReal` one component at a time, reading each symlink's target with
 * readlink and refusing it when it leaves the root, before anything is done with the target. (realpath
 * would open the target: on Windows a link to \\host\share connects to that host.) Returns the real
 * path and its lstat (never a link), or undefined when the path leaves the root.
 */
function resolveWithin(rootReal: string, rel: string): { path: string; stat: Stats } | undefined {
  let pending = rel.split(/[\\/]+/).filter((p) => p && p !== '.');
  let cur = rootReal;
  let stat: Stats | undefined;
  let links = 0;
  while (pending.length) {
    const part = pending.shift()!;
    if (part === '..') {
      cur = dirname(cur);
      if (!isInside(cur, rootReal)) return undefined;
      stat = undefined;
      continue;
    }
    const next = join(cur, part);
    const st = lstatSync(next);
    if (st.isSymbolicLink()) {
      if (++links > MAX_LINKS) return undefined;
      const target = readlinkSync(next);
      if (/^[\\/]{2}/.test(target) || /^[a-z]+:[\\/]{2}/i.test(target)) return undefined; // UNC, device, URL
      const abs = resolve(cur, target);
      if (!isInside(abs, rootReal)) return undefined;
      pending = [...relative(rootReal, abs).split(sep).filter(Boolean), ...pending];
      cur = rootReal;
      stat = undefined;
      continue;
    }
    cur = next;
    stat = st;
  }
  return stat ? { path: cur, stat } : undefined;
}

/** The decoded text of a regular file, or null when what was opened is not one or is too large (base/regular-file.ts). */
function readRegularText(path: string): string | undefined | null {
  const bytes = readRegularFile(path, MAX_REFERENCED_SCRIPT);
  if (typeof bytes === 'string') return null;
  const d = decode(bytes);
  return d.ok ? d.text : undefined;
}

/**
 * A `readScript` for the PowerShell extractor: follows names from `fromFile` within `root` (default:
 * the file's own folder, see `defaultRoot`), until `deadline`. Undefined without a file path (an
 * untitled document).
 */
export function referencedScriptReader(fromFile: string | undefined, root?: string, deadline?: Deadline): ((name: string) => string | undefined) | undefined {
  if (!fromFile) return undefined;
  const limit = root ?? defaultRoot(fromFile);
  return (name) => readReferencedScript(name, fromFile, limit, deadline);
}

/** Where a file's referenced scripts must stay when no workspace folder is known: the file's own folder. */
export function defaultRoot(file: string): string {
  return dirname(resolve(file));
}

/** Is `path` `root` or under it (whole path components)? Both absolute. */
export function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}
