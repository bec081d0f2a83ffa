// The language server's analysis pool (lsp/analysis-pool.ts) with real worker threads: an open document's
// findings come first and their contexts after them (lsp/finding-contexts.ts), and a worker that stops
// between the two never leaves anyone waiting for contexts.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnalysisPool, type DocumentOutcome } from '../../server/src/lsp/analysis-pool';
import { attachContexts } from '../../server/src/lsp/finding-contexts';

const WORKER = join(__dirname, '..', '..', 'dist', 'analysis-worker.js');
const EVICT = '$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName node1\n$c.EvictNode("n2")\n';
const host = { log: () => undefined, languageFailed: () => undefined };
const options = { localNames: [], budgetMs: 20000 };

describe('the analysis pool', () => {
  let pool: AnalysisPool | undefined;
  let dir: string | undefined;
  afterEach(() => {
    pool?.dispose();
    pool = undefined;
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('hands an open document\'s findings without contexts, and the contexts after them', async () => {
    pool = new AnalysisPool(WORKER, 1, undefined, host);
    pool.open('file:///a.ps1', 'powershell');
    const { outcome, contexts } = await pool.analyse('file:///a.ps1', () => ({ text: EVICT, version: 1 }), options);
    assert.equal(outcome.kind, 'findings');
    if (outcome.kind !== 'findings') return;
    assert.equal(outcome.findings.length, 1);
    assert.equal(outcome.findings[0].context, undefined);
    const encoded = await contexts;
    assert.ok(encoded);
    const [finding] = attachContexts(outcome.findings, encoded);
    assert.equal(finding.context?.call.method, 'EvictNode');
  });

  it('sends the whole text again when the recorded edits do not give the editor\'s text', async () => {
    pool = new AnalysisPool(WORKER, 1, undefined, host);
    const uri = 'file:///a.ps1';
    pool.open(uri, 'powershell');
    const first = await pool.analyse(uri, () => ({ text: '# nothing yet\n', version: 1 }), options);
    assert.deepEqual(first.outcome, { kind: 'findings', findings: [], contextsFollow: true });
    // An edit recorded otherwise than the editor applied it: the worker's copy would read `# nothing yet\nX`.
    pool.edit(uri, { start: 14, oldEnd: 14, newText: 'X', startPosition: { row: 1, column: 0 }, oldEndPosition: { row: 1, column: 0 } });
    const second = await pool.analyse(uri, () => ({ text: EVICT, version: 2 }), options);
    assert.equal(second.version, 2);
    assert.equal(second.outcome.kind, 'findings');
    if (second.outcome.kind === 'findings') assert.deepEqual(second.outcome.findings.map((f) => f.method), ['EvictNode']);
    // And the edits after it apply to the text sent.
    const at = EVICT.indexOf('n2');
    const column = at - EVICT.indexOf('\n') - 1;
    pool.edit(uri, { start: at, oldEnd: at + 2, newText: 'n3', startPosition: { row: 1, column }, oldEndPosition: { row: 1, column: column + 2 } });
    const text = EVICT.replace('n2', 'n3');
    const third = await pool.analyse(uri, () => ({ text, version: 3 }), options);
    assert.equal(third.outcome.kind, 'findings');
    if (third.outcome.kind === 'findings') assert.deepEqual(third.outcome.findings.map((f) => text.slice(f.callSpan.start, f.callSpan.end)), ['$c.EvictNode("n3")']);
  });

  it('says the contexts are gone when the worker stops after posting the findings', async () => {
    // A stand-in worker: posts findings that promise contexts, then stops before sending them.
    dir = mkdtempSync(join(tmpdir(), 'hopcheck-pool-'));
    const worker = join(dir, 'worker.js');
    writeFileSync(worker, `const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => {
  if (m.type !== 'analyse') return;
  parentPort.postMessage({ type: 'done', id: m.id, outcome: { kind: 'findings', findings: [], contextsFollow: true } });
  setTimeout(() => process.exit(1), 20);
});
`);
    pool = new AnalysisPool(worker, 1, undefined, host);
    pool.open('file:///a.ps1', 'powershell');
    const result: DocumentOutcome = await pool.analyse('file:///a.ps1', () => ({ text: EVICT, version: 1 }), options);
    assert.equal(result.outcome.kind, 'findings');
    const waited = new Promise<string>((r) => setTimeout(() => r('still waiting after 5 s'), 5000).unref());
    assert.equal(await Promise.race([result.contexts, waited]), undefined);
  });

  describe('a worker\'s code cache (lsp/code-cache-maker.ts)', () => {
    /**
     * A stand-in worker: a document named `ask` makes it report it has warmed up, asking to make its code cache,
     * and then finish (`slow-ask` after 200 ms); any other keeps it busy for good. It answers `makeCodeCache` with
     * `written`, and `forget` with `flags differ`: an answer the pool can have only after it answered (or not) the
     * asking. With `hold`, it answers `makeCodeCache` only at the next `forget`: it is making its cache until
     * then. With `unready`, it never says it has loaded its parsers.
     */
    function standIn(hold = false, unready = false): string {
      dir = mkdtempSync(join(tmpdir(), 'hopcheck-pool-'));
      const worker = join(dir, 'worker.js');
      writeFileSync(worker, `const { parentPort } = require('node:worker_threads');
let making = false;
if (!${unready}) parentPort.postMessage({ type: 'ready' });
parentPort.on('message', (m) => {
  if (m.type === 'analyse' && m.uri.includes('ask')) setTimeout(() => {
    parentPort.postMessage({ type: 'warmedUp', wantsCodeCache: true });
    parentPort.postMessage({ type: 'done', id: m.id, outcome: { kind: 'findings', findings: [] } });
  }, m.uri.includes('slow') ? 200 : 0);
  if (m.type === 'makeCodeCache' && !${hold}) parentPort.postMessage({ type: 'codeCacheMade', made: 'written' });
  if (m.type === 'makeCodeCache') making = true;
  else if (m.type === 'forget') parentPort.postMessage({ type: 'codeCacheMade', made: making ? 'written' : 'flags differ' });
});
`);
      return worker;
    }
    const events = () => {
      const seen: unknown[] = [];
      let arrived: () => void = () => undefined;
      const next = new Promise<void>((r) => { arrived = r; });
      return { seen, next, host: { ...host, codeCache: (e: unknown) => { seen.push(e); arrived(); }, codeCacheMoment: () => { seen.push('moment'); } } };
    };

    it('the only worker may make it', async () => {
      const e = events();
      pool = new AnalysisPool(standIn(), 2, undefined, e.host);
      pool.open('file:///ask', 'powershell');
      await pool.analyse('file:///ask', () => ({ text: '', version: 1 }), options);
      pool.close('file:///ask');
      await e.next;
      // The main thread's moment first, then the worker's.
      assert.deepEqual(e.seen, ['moment', { made: 'written' }]);
    });

    it('the main thread\'s moment never comes while a worker may be loading its parsers', async () => {
      const e = events();
      pool = new AnalysisPool(standIn(false, true), 2, undefined, e.host);
      pool.open('file:///ask', 'powershell');
      await pool.analyse('file:///ask', () => ({ text: '', version: 1 }), options);
      pool.close('file:///ask');
      await e.next;
      assert.deepEqual(e.seen, [{ made: 'written' }]);
    });

    it('a worker beside another may not: V8\'s flags are the process\'s, and the other could be compiling a grammar', async () => {
      const e = events();
      pool = new AnalysisPool(standIn(), 2, undefined, e.host);
      pool.open('file:///busy', 'powershell');
      void pool.analyse('file:///busy', () => ({ text: '', version: 1 }), options);
      // Waits behind the busy document, so a second worker starts for it, and asks there.
      pool.open('file:///ask', 'powershell');
      await pool.analyse('file:///ask', () => ({ text: '', version: 1 }), options);
      pool.close('file:///ask');
      await e.next;
      assert.deepEqual(e.seen.filter((x) => x !== 'moment')[0], { made: 'flags differ' });
    });
  
    it('nor the first worker once a second has started', async () => {
      const e = events();
      pool = new AnalysisPool(standIn(), 2, undefined, e.host);
      pool.open('file:///slow-ask', 'powershell');
      const first = pool.analyse('file:///slow-ask', () => ({ text: '', version: 1 }), options);
      pool.open('file:///busy', 'powershell');
      void pool.analyse('file:///busy', () => ({ text: '', version: 1 }), options); // a second worker starts for it
      await first;
      pool.close('file:///slow-ask');
      await e.next;
      assert.deepEqual(e.seen.filter((x) => x !== 'moment')[0], { made: 'flags differ' });
    });

    it('no second worker starts while the only one makes it', async () => {
      const e = events();
      pool = new AnalysisPool(standIn(true), 2, undefined, e.host);
      pool.open('file:///ask', 'powershell');
      await pool.analyse('file:///ask', () => ({ text: '', version: 1 }), options);
      pool.open('file:///busy', 'powershell');
      void pool.analyse('file:///busy', () => ({ text: '', version: 1 }), options);
      // Waits behind the busy document: a second worker would take it at once, but none may start yet.
      pool.open('file:///ask2', 'powershell');
      const second = pool.analyse('file:///ask2', () => ({ text: '', version: 1 }), options);
      const waited = new Promise<string>((r) => setTimeout(() => r('waiting'), 300).unref());
      assert.equal(await Promise.race([second.then(() => 'analysed'), waited]), 'waiting');
      pool.close('file:///ask'); // the cache is made
      await e.next;
      assert.deepEqual(e.seen.filter((x) => x !== 'moment')[0], { made: 'written' });
      assert.equal((await second).outcome.kind, 'findings');
    });
  });
});
