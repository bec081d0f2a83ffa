// Makes the analysis worker's code cache (base/code-cache.ts) once its warm-up has compiled the edit path, when
// the loader found none it could use. The pool lets a worker do it only while no other worker exists, as the
// V8 flags must be V8's defaults for that moment (base/wasm-tiers.ts withStartFlags).
import { writeCodeCache, type CodeCacheToMake } from '../base/code-cache';
import { withStartFlags } from '../base/wasm-tiers';

/** What became of it: written; not made (this V8's flags at start are not the defaults we know); not written (a read-only install). */
export type CodeCacheMade = 'written' | 'flags differ' | 'not written';

/** Never throws: a cache is worth a few milliseconds of a start, never the worker. */
export function makeCodeCache(make: CodeCacheToMake): CodeCacheMade {
  try {
    const data = withStartFlags(make.flagsAsAtStart, () => make.create());
    if (data === undefined) return 'flags differ';
    return writeCodeCache(make.to, data) ? 'written' : 'not written';
  } catch {
    return 'not written';
  }
}
