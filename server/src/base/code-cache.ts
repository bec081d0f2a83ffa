// V8's code cache for the language server's bundles (its main thread's and its analysis worker's): the bytecode
// of the functions a thread ran, saved once by a thread of an earlier session and read by the next one, which then
// compiles almost nothing on its way to the first diagnostics (server-loader.ts and lsp/analysis-worker-loader.ts
// read it, lsp/code-cache-maker.ts makes it; docs/decisions.md). The cache is ours only: made from our bundle,
// kept next to it, never from a script.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { handOver, takeHandedOver } from './hand-over';
import { readRegularFile } from './regular-file';

/** Where the caches live: a folder of their own next to the bundles (not packaged, .vscodeignore). */
export const CODE_CACHE_DIR = '.code-cache';
/** A cache larger than this is not ours (each is about 0.6 MB): not read. */
const MAX_BYTES = 32 * 1024 * 1024;

/** A bundle's cache: the folder the bundle is in, its file name, and the cache file for its text and this V8. */
export interface CodeCacheFile {
  readonly dir: string;
  readonly bundle: string;
  readonly file: string;
}

/**
 * The cache file of a bundle for this source and this V8. V8 checks its version and flags itself but knows a
 * source only by its length, so the name carries a hash of the text: a rebuilt bundle of the same length must
 * never run the old one's bytecode.
 */
export function codeCacheFile(dir: string, bundle: string, bytes: Uint8Array): CodeCacheFile {
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  return { dir, bundle, file: join(dir, CODE_CACHE_DIR, `${bundle}.${hash}.${v8Tag()}.bin`) };
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
 * a reader must never see half a cache), and removes this bundle's caches of other builds for this V8. False
 * when the folder cannot be written (a read-only install): the worker compiles as before.
 */
export function writeCodeCache(to: CodeCacheFile, data: Uint8Array): boolean {
  const folder = join(to.dir, CODE_CACHE_DIR);
  const temporary = `${to.file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(folder, { recursive: true });
    writeFileSync(temporary, Buffer.concat([digestOf(data), data]), { flag: 'wx' });
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
 * or with caches turned off (`HOPCHECK_NO_CODE_CACHE`: none read, none made).
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
  if (process.env[NO_CODE_CACHE_ENV]) return { script: new Script(bytes.toString('utf8'), { filename }), loaded: { read: 'off' } };
  const to = codeCacheFile(dir, bundle, bytes);
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
