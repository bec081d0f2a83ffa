// The analysis worker's code cache (base/code-cache.ts, lsp/code-cache-maker.ts): made once by a worker that
// had none, after its warm-up, under the flags a worker starts with, so that the next worker's V8 reads it;
// made again when V8 refuses it; never a hindrance (a folder that cannot be written, a rebuilt bundle). Each
// session runs in a process of its own (test/helpers/code-cache-session.ts): this process's parses have changed
// V8's flags, which a server's worker never starts with.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CODE_CACHE_DIR, CODE_CACHE_DIR_ENV, codeCacheFile, NO_CODE_CACHE_ENV, writeCodeCache } from '../../server/src/base/code-cache';
import { ANALYSIS_WORKER_BUNDLE, ANALYSIS_WORKER_LOADER, SERVER_BUNDLE } from '../../server/src/lsp/dist-files';
import { SERVER, TestClient } from './client';

const DIST = join(SERVER, '..');
const SOURCE = join(__dirname, '..', '..', 'server', 'src');
const SESSION = join(__dirname, '..', 'helpers', 'code-cache-session.ts');
const PS1 = '$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName node1\n$c.EvictNode("node2")\n';

describe('the analysis worker\'s code cache', function () {
  this.timeout(90000);
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hopcheck-dist-'));
    // The shipped files only: a cache made by an earlier test run stays behind.
    for (const f of readdirSync(DIST)) if (/\.(js|wasm)$/.test(f)) cpSync(join(DIST, f), join(dir, f));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  // The caches next to the bundle unless a test names a folder, whatever the environment running the tests says
  // (sessions and servers are started with this process's environment).
  const given = process.env[CODE_CACHE_DIR_ENV];
  before(() => delete process.env[CODE_CACHE_DIR_ENV]);
  after(() => {
    if (given !== undefined) process.env[CODE_CACHE_DIR_ENV] = given;
  });

  /** One session's events, in order. */
  function session(env: NodeJS.ProcessEnv = {}): unknown[] {
    const r = spawnSync(process.execPath, ['-r', 'tsx/cjs', SESSION, join(dir, ANALYSIS_WORKER_LOADER)], { encoding: 'utf8', timeout: 60000, env: { ...process.env, ...env } });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as unknown);
  }
  const caches = () => readdirSync(join(dir, CODE_CACHE_DIR)).sort();
  const cacheFile = () => codeCacheFile(join(dir, CODE_CACHE_DIR), ANALYSIS_WORKER_BUNDLE, readFileSync(join(dir, ANALYSIS_WORKER_BUNDLE))).file;

  it('a worker with none makes it after its warm-up, and the next worker reads it', () => {
    assert.deepEqual(session(), [{ read: 'none' }, { findings: 1 }, { warmedUp: true }, { made: 'written' }]);
    assert.deepEqual(caches(), [cacheFile().slice(join(dir, CODE_CACHE_DIR).length + 1)]); // no temporary file left
    assert.deepEqual(session(), [{ read: 'read' }, { findings: 1 }]);
  });

  for (const [damage, spoil, read] of [
    ['a cache cut short is refused', (b: Buffer) => b.subarray(0, b.length >> 1), 'refused'],
    ['a cache with a foreign header is refused', (b: Buffer) => Buffer.concat([Buffer.alloc(64, 0x5a), b.subarray(64)]), 'refused'],
    // V8 reads a payload without a check: a damaged one could take the process down at every start.
    ['a cache with one byte of its payload changed is refused', (b: Buffer) => {
      const c = Buffer.from(b);
      c[c.length >> 1] ^= 0x20;
      return c;
    }, 'refused'],
    ['a cache of another V8 (its digest right) is refused by V8', (b: Buffer) => {
      const data = Buffer.from(b.subarray(32));
      data[4] ^= 0xff; // the version's hash, in V8's header
      return Buffer.concat([createHash('sha256').update(data).digest(), data]);
    }, 'refused'],
    ['an empty cache is not read', () => Buffer.alloc(0), 'none'],
  ] as const) {
    it(`${damage}, and made again`, () => {
      session();
      writeFileSync(cacheFile(), spoil(readFileSync(cacheFile())));
      assert.deepEqual(session(), [{ read }, { findings: 1 }, { warmedUp: true }, { made: 'written' }]);
      assert.deepEqual(session(), [{ read: 'read' }, { findings: 1 }]);
    });
  }

  it('the loader tells whether V8\'s flags are as the thread started with them, and withStartFlags sets them so for a moment', () => {
    // Written as the build writes a bundle: the function CommonJS wraps a module in.
    writeFileSync(join(dir, 'b.js'), '(function (exports, require, module, __filename, __dirname) {\nmodule.exports.x = 41 + 1;\n})\n');
    const code = `
      const { loadWithCodeCache, takeCodeCache } = require(${JSON.stringify(join(SOURCE, 'base', 'code-cache.ts'))});
      const { initPowerShell } = require(${JSON.stringify(join(SOURCE, 'parse', 'powershell.ts'))});
      const { withStartFlags } = require(${JSON.stringify(join(SOURCE, 'base', 'wasm-tiers.ts'))});
      const { setFlagsFromString } = require('node:v8');
      const m = { exports: {} };
      loadWithCodeCache(${JSON.stringify(dir)}, 'b.js', require, m);
      const { read, make } = takeCodeCache();
      const out = [read, m.exports.x, make.flagsAsAtStart()];
      setFlagsFromString('--no-lazy');
      out.push(make.flagsAsAtStart());
      setFlagsFromString('--lazy');
      out.push(make.flagsAsAtStart());
      initPowerShell().then(() => {
        out.push(make.flagsAsAtStart(), withStartFlags(make.flagsAsAtStart, () => 'called'), make.flagsAsAtStart());
        console.log(JSON.stringify(out));
      });`;
    const r = spawnSync(process.execPath, ['-r', 'tsx/cjs', '-e', code], { encoding: 'utf8', timeout: 60000 });
    assert.equal(r.status, 0, r.stderr);
    // Loaded, flags as at start; changed; as at start again; changed by the grammar's loading; as at start while called; changed again after.
    assert.deepEqual(JSON.parse(r.stdout), ['none', 42, true, false, true, false, 'called', false]);
  });

  it(`with ${NO_CODE_CACHE_ENV} set, the worker reads none and makes none`, () => {
    session();
    const before = caches();
    assert.deepEqual(session({ [NO_CODE_CACHE_ENV]: '1' }), [{ read: 'off' }, { findings: 1 }, { warmedUp: true }]);
    rmSync(join(dir, CODE_CACHE_DIR), { recursive: true });
    assert.deepEqual(session({ [NO_CODE_CACHE_ENV]: '1' }), [{ read: 'off' }, { findings: 1 }, { warmedUp: true }]);
    assert.equal(safeStat(join(dir, CODE_CACHE_DIR)), undefined, 'none made');
    assert.equal(before.length, 1);
  });

  describe(`in the folder ${CODE_CACHE_DIR_ENV} names (the VS Code client's storage)`, () => {
    let storage: string;
    beforeEach(() => {
      storage = join(mkdtempSync(join(tmpdir(), 'hopcheck-storage-')), 'global', 'code-cache');
    });
    afterEach(() => rmSync(join(storage, '..', '..'), { recursive: true, force: true }));
    const cacheIn = (folder: string) => codeCacheFile(folder, ANALYSIS_WORKER_BUNDLE, readFileSync(join(dir, ANALYSIS_WORKER_BUNDLE))).file;

    it('is the variable the VS Code client sets (it spells the name itself: the client imports no server module)', () => {
      const client = readFileSync(join(__dirname, '..', '..', 'client', 'src', 'extension.ts'), 'utf8');
      assert.ok(client.includes(`const CODE_CACHE_DIR_ENV = '${CODE_CACHE_DIR_ENV}';`));
    });

    it('the cache is made there, by this user alone, and read from there; nothing is written next to the bundle', () => {
      assert.deepEqual(session({ [CODE_CACHE_DIR_ENV]: storage }), [{ read: 'none' }, { findings: 1 }, { warmedUp: true }, { made: 'written' }]);
      assert.deepEqual(readdirSync(storage), [cacheIn(storage).slice(storage.length + 1)]);
      assert.equal(safeStat(join(dir, CODE_CACHE_DIR)), undefined, 'the install folder was written');
      if (typeof process.getuid === 'function') {
        assert.equal(statSync(storage).mode & 0o777, 0o700);
        assert.equal(statSync(cacheIn(storage)).mode & 0o777, 0o600);
      }
      assert.deepEqual(session({ [CODE_CACHE_DIR_ENV]: storage }), [{ read: 'read' }, { findings: 1 }]);
    });

    it('a folder named by a path that is not absolute turns caches off: nothing is read or written anywhere', () => {
      const relative = join('.tmp', `code-cache-${process.pid}`);
      try {
        assert.deepEqual(session({ [CODE_CACHE_DIR_ENV]: relative }), [{ read: 'off' }, { findings: 1 }, { warmedUp: true }]);
        assert.equal(existsSync(relative), false, 'written under the working folder');
        assert.equal(safeStat(join(dir, CODE_CACHE_DIR)), undefined, 'written next to the bundle');
      } finally {
        rmSync(relative, { recursive: true, force: true });
      }
    });

    if (typeof process.getuid === 'function') {
      it('a folder other users can write is neither read nor written (a cache is code this thread would run)', () => {
        session({ [CODE_CACHE_DIR_ENV]: storage });
        chmodSync(storage, 0o777);
        assert.deepEqual(session({ [CODE_CACHE_DIR_ENV]: storage }), [{ read: 'off' }, { findings: 1 }, { warmedUp: true }]);
        chmodSync(storage, 0o720);
        assert.deepEqual(session({ [CODE_CACHE_DIR_ENV]: storage }), [{ read: 'off' }, { findings: 1 }, { warmedUp: true }]);
        chmodSync(storage, 0o700);
        assert.deepEqual(session({ [CODE_CACHE_DIR_ENV]: storage }), [{ read: 'read' }, { findings: 1 }]);
      });

      it('a cache is not written into a folder that turned out open to others as it was about to be', () => {
        mkdirSync(storage, { recursive: true, mode: 0o700 });
        chmodSync(storage, 0o777); // as if made so by someone else between the loader's look and the write
        assert.equal(writeCodeCache(codeCacheFile(storage, 'b.js', Buffer.from('x')), Buffer.from('bytecode')), false);
        assert.deepEqual(readdirSync(storage), []);
      });
    }
  });

  it('where the folder cannot be made, the worker analyses as before and says it could not write', () => {
    writeFileSync(join(dir, 'a-file'), 'a file where a folder on the way would be');
    assert.deepEqual(session({ [CODE_CACHE_DIR_ENV]: join(dir, 'a-file', CODE_CACHE_DIR) }), [{ read: 'none' }, { findings: 1 }, { warmedUp: true }, { made: 'not written' }]);
  });

  it('where a file is in the folder\'s place, caches are off', () => {
    writeFileSync(join(dir, CODE_CACHE_DIR), 'a file where the folder would be');
    assert.deepEqual(session(), [{ read: 'off' }, { findings: 1 }, { warmedUp: true }]);
  });

  it('a bundle rebuilt to the same length never reads the cache of the one before, whose cache goes', () => {
    session();
    const before = caches();
    const text = readFileSync(join(dir, ANALYSIS_WORKER_BUNDLE), 'utf8');
    const at = text.indexOf('"use strict"');
    assert.ok(at >= 0);
    writeFileSync(join(dir, ANALYSIS_WORKER_BUNDLE), `${text.slice(0, at)}'use strict'${text.slice(at + 12)}`);
    assert.deepEqual(session(), [{ read: 'none' }, { findings: 1 }, { warmedUp: true }, { made: 'written' }]);
    const after = caches();
    assert.equal(after.length, 1);
    assert.notDeepEqual(after, before);
  });

  /** The caches of both bundles as they are now. */
  const serverFiles = () => [cacheFile(), codeCacheFile(join(dir, CODE_CACHE_DIR), SERVER_BUNDLE, readFileSync(join(dir, SERVER_BUNDLE))).file];

  /** A language server session from `dir`: a script's diagnostics, then idle until both caches are there (at most 30 s). */
  async function serverSession(): Promise<unknown[]> {
    const uri = 'file:///tmp/hopcheck-test/code-cache/evict.ps1';
    const client = new TestClient(join(dir, 'server.js'));
    try {
      await client.initialize();
      await client.open(uri, 'powershell', PS1);
      const d = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
      // The warm-up runs once the worker is idle, and the caches are made after it.
      for (let waited = 0; !serverFiles().every(safeStat) && waited < 30000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      return d.diagnostics;
    } finally {
      await client.stop();
    }
  }

  it('the language server makes its own with the first worker\'s, and a server started with both publishes the same diagnostics', async () => {
    const first = await serverSession();
    const made = serverFiles().map(safeStat);
    assert.ok(made.every((m) => m !== undefined), 'both caches were made');
    // V8 reads both in a process whose flags are as the server's start with them.
    const code = `const { compileWithCodeCache } = require(${JSON.stringify(join(SOURCE, 'base', 'code-cache.ts'))});
      console.log(JSON.stringify([${JSON.stringify(SERVER_BUNDLE)}, ${JSON.stringify(ANALYSIS_WORKER_BUNDLE)}].map((b) => compileWithCodeCache(${JSON.stringify(dir)}, b).loaded.read)));`;
    const r = spawnSync(process.execPath, ['-r', 'tsx/cjs', '-e', code], { encoding: 'utf8', timeout: 60000 });
    assert.deepEqual(JSON.parse(r.stdout), ['read', 'read'], r.stderr);
    const second = await serverSession();
    assert.deepEqual(second, first);
  });

  it('a server rebuilt alone makes its own cache again, though its worker has one to read', async () => {
    await serverSession();
    const text = readFileSync(join(dir, SERVER_BUNDLE), 'utf8');
    const at = text.indexOf('"use strict"');
    writeFileSync(join(dir, SERVER_BUNDLE), `${text.slice(0, at)}'use strict'${text.slice(at + 12)}`);
    await serverSession();
    assert.ok(serverFiles().every(safeStat), 'the rebuilt server\'s cache was made');
    assert.equal(readdirSync(join(dir, CODE_CACHE_DIR)).length, 2, 'the old server cache went');
  });
});

function safeStat(file: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}
