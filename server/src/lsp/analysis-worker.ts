// An analysis worker thread (bundled as dist/analysis-worker.js): parses and checks the documents the
// main thread hands it, one at a time, keeping each open document's trees between edits. Loading the
// PowerShell grammar may fail; VBScript needs no loading and keeps working either way.
import { parentPort } from 'node:worker_threads';
import { initParsers, LanguageUnavailable } from '../core/analyze';
import { Cancelled, deadlineIn, SkippedInput, type Deadline } from '../base/budget';
import { DocumentAnalysis } from '../core/document-analysis';
import type { AnalysisOptions, FromWorker, Outcome, ToWorker } from './protocol';

const port = parentPort;
if (!port) throw new Error('analysis-worker.js runs as a worker thread of the language server');

const documents = new Map<string, DocumentAnalysis>();
const post = (m: FromWorker) => port.postMessage(m);

/**
 * How long a document must go unedited before its tree is re-parsed where an edit left it unparsed
 * (DocumentAnalysis.settle): typing goes on with the tree as it is, and a pause lets the next edit, wherever
 * it is, be compared with a fresh tree. Anything posted to this worker stops that re-parse (`interrupt`).
 */
const SETTLE_AFTER_MS = 50;
let settling: ReturnType<typeof setTimeout> | undefined;
let interrupt: Int32Array | undefined;

const ready = initParsers().then((status) => post({ type: 'ready', powershell: status.powershell?.message }));

// Handled in arrival order: every message waits for the same `ready`, and each runs to completion.
port.on('message', (m: ToWorker) => {
  clearTimeout(settling);
  void ready.then(() => handle(m));
});

function handle(m: ToWorker): void {
  if (interrupt) Atomics.store(interrupt, 0, 0); // this message is being handled; a later one sets it again
  switch (m.type) {
    case 'forget':
      documents.get(m.uri)?.dispose();
      documents.delete(m.uri);
      return;
    case 'analyse': {
      let doc = documents.get(m.uri);
      if (!doc || doc.kind !== m.kind) {
        doc?.dispose();
        doc = new DocumentAnalysis(m.kind);
        documents.set(m.uri, doc);
        doc.applyEdits(null);
      } else {
        doc.applyEdits(m.edits);
      }
      const d = doc;
      post({ type: 'done', id: m.id, outcome: run(m.options, (deadline) => d.analyse(m.text, m.options, deadline)) });
      // After the findings are on their way: the old tree's nodes freed; the tree re-parsed in the next pause if the edit left it unparsed.
      d.freeReplaced();
      interrupt = new Int32Array(m.interrupt);
      const flag = interrupt;
      clearTimeout(settling);
      settling = setTimeout(() => d.settle(flag), SETTLE_AFTER_MS);
      return;
    }
    case 'analyseText': {
      // The scan keeps nothing, and its findings need no context (no fixes are built from them).
      const once = new DocumentAnalysis(m.kind);
      try {
        post({ type: 'done', id: m.id, outcome: run(m.options, (deadline) =>
          once.analyse(m.text, m.options, deadline).map(({ context: _c, ...f }) => f)) });
      } finally {
        once.dispose();
      }
      return;
    }
  }
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
