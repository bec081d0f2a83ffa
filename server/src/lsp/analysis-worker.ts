// An analysis worker thread (bundled as dist/analysis-worker-bundle.js, which lsp/analysis-worker-loader.ts
// loads with its code cache): parses and checks the documents the
// main thread hands it, one at a time, keeping each open document's trees between edits. Loading the
// PowerShell grammar may fail; VBScript needs no loading and keeps working either way.
import { parentPort } from 'node:worker_threads';
import { initParsers, LanguageUnavailable } from '../core/analyze';
import { Cancelled, deadlineIn, SkippedInput, type Deadline } from '../base/budget';
import { takeCodeCache } from '../base/code-cache';
import { DocumentAnalysis } from '../core/document-analysis';
import { makeCodeCache } from './code-cache-maker';
import { editedText } from './document-text';
import { detachContexts, encodeContexts } from './finding-contexts';
import type { AnalysisOptions, FromWorker, Outcome, ToWorker } from './protocol';
import { warmUp } from './warm-up';

const port = parentPort;
if (!port) throw new Error('analysis-worker.js runs as a worker thread of the language server');
/** How the loader compiled this bundle, and the code cache to make after the warm-up if it had none V8 would read (base/code-cache.ts). */
const codeCache = takeCodeCache();

/** Each open document's analysis, and the text it last analysed (lsp/document-text.ts). */
const documents = new Map<string, { analysis: DocumentAnalysis; text: string }>();
const post = (m: FromWorker) => port.postMessage(m);

/**
 * How long a document must go unedited before its tree is re-parsed where an edit left it unparsed
 * (DocumentAnalysis.settle): typing goes on with the tree as it is, and a pause lets the next edit, wherever
 * it is, be compared with a fresh tree. Anything posted to this worker stops that re-parse (`interrupt`).
 */
const SETTLE_AFTER_MS = 50;
let settling: ReturnType<typeof setTimeout> | undefined;
let interrupt: Int32Array | undefined;
/** The warm-up (lsp/warm-up.ts), stepped while the worker is idle after it has analysed a document; undefined once done. */
let warming: Generator<unknown, void, void> | undefined = warmUp(() => interrupt);
let warmingStep: ReturnType<typeof setImmediate> | undefined;

const ready = initParsers().then((status) => post({ type: 'ready', powershell: status.powershell?.message, codeCache: codeCache?.read }));

// Handled in arrival order: every message waits for the same `ready`, and each runs to completion.
port.on('message', (m: ToWorker) => {
  clearTimeout(settling);
  clearImmediate(warmingStep);
  void ready.then(() => handle(m));
});

function handle(m: ToWorker): void {
  // This message is being handled; a later one sets the flag again. The first message to bring the flag
  // (the first document's) must clear it too, or the worker would never find itself idle after it.
  if (m.type === 'analyse') interrupt = new Int32Array(m.interrupt);
  if (interrupt) Atomics.store(interrupt, 0, 0);
  switch (m.type) {
    case 'forget':
      forget(m.uri);
      return;
    case 'makeCodeCache':
      if (codeCache?.make) post({ type: 'codeCacheMade', made: makeCodeCache(codeCache.make) });
      return;
    case 'analyse': {
      const known = documents.get(m.uri);
      const text = m.text ?? (known && m.edits ? editedText(known.text, m.edits) : undefined);
      if (text === undefined || text.length !== m.length) {
        forget(m.uri);
        post({ type: 'outOfStep', id: m.id });
        return;
      }
      let doc = known?.analysis;
      if (!doc || doc.kind !== m.kind) {
        doc?.dispose();
        doc = new DocumentAnalysis(m.kind);
        doc.applyEdits(null);
      } else {
        doc.applyEdits(m.edits);
      }
      documents.set(m.uri, { analysis: doc, text });
      const d = doc;
      const outcome = run(m.options, (deadline) => d.analyse(text, m.options, deadline));
      if (outcome.kind === 'findings') {
        // The contexts after the findings: encoding them is not on the way to the diagnostics (lsp/finding-contexts.ts).
        const { findings, contexts } = detachContexts(outcome.findings);
        post({ type: 'done', id: m.id, outcome: { kind: 'findings', findings, contextsFollow: true } });
        const superseded = Atomics.load(new Int32Array(m.options.cancel), 0) !== 0;
        post({ type: 'contexts', id: m.id, contexts: superseded ? undefined : encodeContexts(contexts) });
      } else {
        post({ type: 'done', id: m.id, outcome });
      }
      // After the findings are on their way: the old tree's nodes freed; the tree re-parsed in the next pause if the edit left it unparsed.
      d.freeReplaced();
      const flag = interrupt!;
      clearTimeout(settling);
      settling = setTimeout(() => {
        d.settle(flag);
        warm(flag);
      }, SETTLE_AFTER_MS);
      return;
    }
    case 'analyseText': {
      // The scan keeps nothing, and its findings need no context (no fixes are built from them).
      const once = new DocumentAnalysis(m.kind);
      try {
        post({ type: 'done', id: m.id, outcome: run(m.options, (deadline) =>
          detachContexts(once.analyse(m.text, m.options, deadline)).findings) });
      } finally {
        once.dispose();
      }
      return;
    }
  }
}

/** One step of the warm-up, and the next after any message waiting has been handled, until a message comes. */
function warm(flag: Int32Array): void {
  if (!warming || Atomics.load(flag, 0) !== 0) return;
  let done: boolean | undefined;
  try {
    done = warming.next().done;
  } catch {
    done = true; // a warm-up that fails is only not done: it must never take the worker down
  }
  if (done) {
    warming = undefined;
    // Now the functions an edit needs are compiled: their bytecode is what the next session's worker should read.
    post({ type: 'warmedUp', wantsCodeCache: codeCache?.make !== undefined });
  } else {
    warmingStep = setImmediate(() => warm(flag));
  }
}

function forget(uri: string): void {
  documents.get(uri)?.analysis.dispose();
  documents.delete(uri);
}

function run(options: AnalysisOptions, analyse: (deadline: Deadline) => ReturnType<DocumentAnalysis['analyse']>): Outcome {
  const cancel = new Int32Array(options.cancel);
  if (Atomics.load(cancel, 0) !== 0) return { kind: 'cancelled' }; // superseded while it waited
  const deadline: Deadline = { ...deadlineIn(options.budgetMs)!, cancel };
  try {
    return { kind: 'findings', findings: analyse(deadline) };
  } catch (e) {
    if (e instanceof Cancelled) return { kind: 'cancelled' };
    if (e instanceof LanguageUnavailable) return { kind: 'unavailable', reason: e.message };
    if (e instanceof SkippedInput) return { kind: 'skipped', reason: e.message };
    return { kind: 'failed', reason: (e as Error).stack ?? String(e) };
  }
}
