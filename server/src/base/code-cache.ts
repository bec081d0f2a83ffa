// V8's code cache for the language server's bundles (its main thread's and its analysis worker's): the bytecode
// of the functions a thread ran, saved once by a thread of an earlier session and read by the next one, which then
// compiles almost nothing on its way to the first diagnostics (server-loader.ts and lsp/analysis-worker-loader.ts
// read it, lsp/code-cache-maker.ts makes it; docs/decisions.md). The cache is ours only: made from our bundle,
// kept in a folder only this user can write (VS Code's storage for the extension, or next to the bundle), never
// from a script.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { Script } from 'node:vm';
import { handOver, takeHandedOver } from './hand-over';
import { readRegularFile } from './regular-file';

/** Where the caches live unless the environment names a folder: a folder of their own next to the bundles (not packaged, .vscodeignore). */
export const CODE_CACHE_DIR = '.code-cache';
/**
 * An absolute path in the server's environment: the folder the caches live in. The VS Code client gives its global
 * storage for the extension (client/src/extension.ts), so that the install folder is never written; any other
 * client may give one. A value that is not an absolute path turns caches off rather than write somewhere unmeant.
 */
export const CODE_CACHE_DIR_ENV = 'HOPCHECK_CODE_CACHE_DIR';
/** A cache larger than this is not ours (each is about 0.6 MB): not read. */
const MAX_BYTES = 32 * 1024 * 1024;

/** The folder of a bundle's caches (the bundle is in `bundleDir`); undefined when the environment names one that is not an absolute path. */
export function codeCacheFolder(bundleDir: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const given = env[CODE_CACHE_DIR_ENV];
  if (!given) return join(bundleDir, CODE_CACHE_DIR);
  return isAbsolute(given) ? given : undefined;
}

/**
 * May a cache in `folder` be read, or one be written there ('private'), or not ('open'); or is there nothing yet
 * ('absent': the writer makes it private)? A cache is bytecode the thread runs: a folder another user can write
 * could hand this one theirs (with a digest to match: the digest below is no signature). On POSIX the folder
 * must be this user's and writable by no one else. Windows has no such mode bits: the folders given there are
 * the user's own profile's.
 */
function folderState(folder: string): 'private' | 'open' | 'absent' {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(folder);
  } catch {
    return 'absent';
  }
  if (!st.isDirectory()) return 'open'; // a file in its place: not a folder to use
  if (typeof process.getuid !== 'function') return 'private';
  return st.uid === process.getuid() && (st.mode & 0o022) === 0 ? 'private' : 'open';
}

/** A bundle's cache: the caches' folder, the bundle's file name, and the cache file for its text and this V8. */
export interface CodeCacheFile {
  readonly folder: string;
  readonly bundle: string;
  readonly file: string;
}

/**
 * The cache file in `folder` of a bundle for this source and this V8. V8 checks its version and flags itself but
 * knows a source only by its length, so the name carries a hash of the text: a rebuilt bundle of the same length
 * must never run the old one's bytecode.
 */
export function codeCacheFile(folder: string, bundle: string, bytes: Uint8Array): CodeCacheFile {
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  return { folder, bundle, file: join(folder, `${bundle}.${hash}.${v8Tag()}.bin`) };
}

/** This V8's version, as a file name may carry it. */
const v8Tag = (): string => process.versions.v8.replace(/[^\w.-]/g, '_');

/**
 * A file holds V8's cache after a SHA-256 digest of it. V8 checks a cache's header (its version, the flags, the
 * source's length, the payload's length) but not, in a release build, the payload: a damaged one could take the
 * whole process down, and then every start after it. The digest costs about 0.4 ms of the worker's start.
 */
const DIGEST = 32;
const digestOf = (data: Uint8Array): Buffer => createHash('sha256').update(data).digest();

/**
 * V8's cache from the file: 'none' when there is no file, or it cannot be read, or is empty; 'damaged' when it
 * is too large to be ours or its digest does not match.
 */
export function readCodeCache(file: string): Buffer | 'none' | 'damaged' {
  let bytes: ReturnType<typeof readRegularFile>;
  try {
    bytes = readRegularFile(file, MAX_BYTES); // a FIFO must not hold the thread's start
  } catch {
    return 'none';
  }
  if (bytes === 'not a file' || bytes.length === 0) return 'none';
  if (bytes === 'too large' || bytes.length <= DIGEST) return 'damaged';
  const data = bytes.subarray(DIGEST);
  return digestOf(data).equals(bytes.subarray(0, DIGEST)) ? data : 'damaged';
}

/**
 * Writes the cache whole or not at all (a temporary file renamed over it: two servers may write at once, and
 * a reader must never see half a cache), and removes this bundle's caches of other builds for this V8. The folder
 * is made writable by this user alone. False when it cannot be written (a read-only install) or is writable by
 * others (`folderState`): the thread compiles as before.
 */
export function writeCodeCache(to: CodeCacheFile, data: Uint8Array): boolean {
  const folder = to.folder;
  const temporary = `${to.file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    if (folderState(folder) !== 'private') return false; // there before, open to others: nothing of ours goes in
    writeFileSync(temporary, Buffer.concat([digestOf(data), data]), { flag: 'wx', mode: 0o600 });
    renameSync(temporary, to.file);
  } catch {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // not there, or no folder to be in
    }
    return false;
  }
  // Another build's cache is never read again; another V8's (a second runtime using this install) may be.
  const kept = to.file.slice(folder.length + 1);
  try {
    for (const f of readdirSync(folder)) {
      if (f !== kept && f.startsWith(`${to.bundle}.`) && f.endsWith(`.${v8Tag()}.bin`)) rmSync(join(folder, f), { force: true });
    }
  } catch {
    // pruning is tidiness only
  }
  return true;
}

/**
 * The cache to make, when there was none to read or V8 refused it. `create` gives the bytecode of every
 * function compiled so far; V8 stamps it with the flags set at that moment and reads it only under the same
 * flags, so it must be called with the flags the thread started with (`flagsAsAtStart` tells whether they are).
 */
export interface CodeCacheToMake {
  readonly to: CodeCacheFile;
  create(): Buffer;
  flagsAsAtStart(): boolean;
}

/**
 * How the loader compiled the bundle: from its cache, with no cache to read, with one refused (damaged, or by V8),
 * or with caches off (none read, none made): turned off (`HOPCHECK_NO_CODE_CACHE`), or the folder named is not an
 * absolute path, or it is writable by other users.
 */
export type CodeCacheRead = 'read' | 'none' | 'refused' | 'off';

/** Set (to anything but empty) in the environment, the language server neither reads nor makes code caches. */
export const NO_CODE_CACHE_ENV = 'HOPCHECK_NO_CODE_CACHE';

/** What the loader leaves for the bundle it ran. */
export interface LoadedWithCodeCache {
  readonly read: CodeCacheRead;
  readonly make?: CodeCacheToMake;
}

/** The name the loader hands what it left over under (base/hand-over.ts). */
const HANDED = 'codeCache';

/**
 * Compiles a CommonJS bundle with its code cache, if there is one V8 accepts, and runs it. The bundle and the
 * loader are separate module graphs in the same thread: what the bundle needs to make the cache is left on
 * the global object (base/hand-over.ts, `takeCodeCache`).
 */
export function loadWithCodeCache(dir: string, bundle: string, require: NodeJS.Require, module: NodeJS.Module): void {
  const { script, loaded } = compileWithCodeCache(dir, bundle);
  handOver(HANDED, loaded);
  const run = script.runInThisContext() as (e: unknown, r: NodeJS.Require, m: NodeJS.Module, f: string, d: string) => void;
  run.call(module.exports, module.exports, require, module, join(dir, bundle), dir);
}

/** The bundle compiled (not run) with its code cache, and how; it is written as CommonJS's wrapper function. */
export function compileWithCodeCache(dir: string, bundle: string): { script: Script; loaded: LoadedWithCodeCache } {
  const filename = join(dir, bundle);
  const bytes = readFileSync(filename); // hashed as bytes: as a string, twice the time
  const folder = process.env[NO_CODE_CACHE_ENV] ? undefined : codeCacheFolder(dir);
  // A folder not made yet is made private as the cache is written (writeCodeCache).
  if (folder === undefined || folderState(folder) === 'open') {
    return { script: new Script(bytes.toString('utf8'), { filename }), loaded: { read: 'off' } };
  }
  const to = codeCacheFile(folder, bundle, bytes);
  const cache = readCodeCache(to.file);
  const cachedData = typeof cache === 'string' ? undefined : cache;
  // The text as it is: a function expression of CommonJS's wrapper's parameters, as the build writes it (scripts/
  // build.mjs). Wrapped here, the joined text cost about 8 MB of the server's peak RSS (docs/decisions.md).
  const script = new Script(bytes.toString('utf8'), { filename, cachedData });
  if (cachedData !== undefined && script.cachedDataRejected !== true) return { script, loaded: { read: 'read' } };
  // A script's cache made now, under the flags this thread starts with: a script compiled later reads it only
  // under the same flags. Each probe's text differs from the others' (an identical text would come from V8's
  // cache of this thread's scripts, without a look at the flags) but not in length (all V8 compares).
  let probes = 0;
  const probe = (against?: Buffer) => new Script(`(function () { return 0; }) // ${String(probes++).padStart(8, '0')}`, { filename: `${filename}#flags`, cachedData: against });
  const atStart = probe().createCachedData();
  return {
    script,
    loaded: {
      read: cache === 'none' ? 'none' : 'refused',
      make: { to, create: () => script.createCachedData(), flagsAsAtStart: () => probe(atStart).cachedDataRejected === false },
    },
  };
}

/** What the loader left (see loadWithCodeCache), taken once; undefined when the bundle was not loaded by it (run from source). */
export function takeCodeCache(): LoadedWithCodeCache | undefined {
  return takeHandedOver<LoadedWithCodeCache>(HANDED);
}
