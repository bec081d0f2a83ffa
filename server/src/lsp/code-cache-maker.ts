// Makes a thread's code cache (base/code-cache.ts) when its loader found none it could use: an analysis worker's
// once its warm-up has compiled the edit path, the main thread's at the same point. V8's flags must be V8's
// defaults for that moment (base/wasm-tiers.ts withStartFlags), so the pool chooses it (lsp/analysis-pool.ts).
import { writeCodeCache, type CodeCacheToMake } from '../base/code-cache';
import { withStartFlags } from '../base/wasm-tiers';

/** What became of it: written; not made (this V8's flags at start are not the defaults we know); not written (a read-only install, a folder open to others). */
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
