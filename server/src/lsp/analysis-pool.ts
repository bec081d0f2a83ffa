// The language server's analysis workers, seen from the main thread: the main thread only answers
// requests and publishes; parsing and checking run here, so a document that takes seconds never
// holds up a hover, a code action or another document (docs/decisions.md, "Analysis workers").
//
// Each open document has an owner worker that keeps its trees between edits (incremental parses and
// findings reuse). Only the newest version of a document is worth analysing: a newer request cancels
// the running one through a shared flag the worker's deadline checks read, and replaces a queued one.
// A document whose owner is busy with another document moves to an idle worker (starting afresh
// there) rather than wait behind it. Workspace-scan files go last, and never wait behind each other.
import { Worker } from 'node:worker_threads';
import type { DocKind } from '../core/language';
import type { CodeCacheRead } from '../base/code-cache';
import type { CodeCacheMade } from './code-cache-maker';
import type { AnalysisOptions, FromWorker, Outcome, TextEditRecord, ToWorker } from './protocol';
import { TEXT_SENT_AFTER_EDITS } from './document-text';

export interface PoolHost {
  log(message: string): void;
  /** A worker could not load a language's parser (said once per language). */
  languageFailed(language: string, reason: string): void;
  /** How a worker's bundle was compiled, and whether it made its code cache (lsp/code-cache-maker.ts). */
  codeCache?(event: { read: CodeCacheRead } | { made: CodeCacheMade }): void;
  /**
   * A moment to make the main thread's code cache: no thread is compiling a grammar (every worker has loaded its
   * parsers) and none starts before this returns. Each time a worker has warmed up.
   */
  codeCacheMoment?(): void;
}

/** What a document analysis reads at the moment it starts: the text and its version, consistent with the edits recorded so far. */
export interface Snapshot {
  text: string;
  version: number;
}

export interface DocumentOutcome {
  version: number;
  outcome: Outcome;
  /** With findings: their contexts, which the worker sends after them (undefined if it stopped first). */
  contexts?: Promise<Uint8Array | undefined>;
}

type Options = Omit<AnalysisOptions, 'cancel'>;

interface Job {
  /** The open document, or undefined for a one-off text (the scan). */
  uri?: string;
  kind: DocKind;
  snapshot: () => Snapshot;
  options: Options;
  cancel: Int32Array;
  resolve: (r: DocumentOutcome) => void;
  version?: number;
}

interface Slot {
  worker: Worker;
  /** Has it loaded its parsers (compiled its grammar)? */
  ready?: true;
  running?: Job;
  /** Set whenever a message is posted to the worker: what it does while idle stops for it (DocumentAnalysis.settle). */
  interrupt: Int32Array;
}

interface OpenDocument {
  kind: DocKind;
  owner?: Slot;
  /** Changes since the owner last saw the text; null when the owner must start afresh. */
  edits: TextEditRecord[] | null;
  queued?: Job;
  running?: Job;
}

const CANCELLED: Outcome = { kind: 'cancelled' };

export class AnalysisPool {
  private readonly slots: Slot[] = [];
  private readonly docs = new Map<string, OpenDocument>();
  /** Workspace-scan texts, first come first served, after every document. */
  private readonly background: Job[] = [];
  private readonly failedLanguages = new Set<string>();
  private nextId = 1;
  private readonly byId = new Map<number, { slot: Slot; job: Job }>();
  /** The findings posted whose contexts have not come yet, by analysis id. */
  private readonly contextsDue = new Map<number, { slot: Slot; arrived: (contexts: Uint8Array | undefined) => void }>();
  private disposed = false;
  /** The worker making its code cache: no other starts meanwhile (lsp/code-cache-maker.ts). */
  private cacheMaker?: Slot;

  /**
   * One worker starts at once; the others only when a document would otherwise wait behind another
   * document's analysis (each worker holds its own heap, compiled grammar and parser: 28 MB measured, and
   * the workspace scan alone never needs a second one).
   */
  constructor(private readonly workerFile: string, private readonly size: number, first: Worker | undefined, private readonly host: PoolHost) {
    if (size > 0) this.slots.push(this.spawn(first));
    else void first?.terminate();
  }

  open(uri: string, kind: DocKind): void {
    this.close(uri);
    this.docs.set(uri, { kind, edits: null });
  }

  /** Records one change of an open document (null: its whole text was replaced). */
  edit(uri: string, change: TextEditRecord | null): void {
    const doc = this.docs.get(uri);
    if (!doc) return;
    if (change === null || doc.edits === null) doc.edits = null;
    else doc.edits.push(change);
  }

  /** Forgets a document (closed, or not to be analysed any more): its trees are freed, its analysis stopped. */
  close(uri: string): void {
    const doc = this.docs.get(uri);
    if (!doc) return;
    this.supersede(doc);
    if (doc.owner) this.post(doc.owner, { type: 'forget', uri });
    this.docs.delete(uri);
  }

  /**
   * Analyses the document's current text (read when a worker takes the job). Any earlier request for
   * it resolves as cancelled. Resolves with the version analysed and the outcome.
   */
  analyse(uri: string, snapshot: () => Snapshot, options: Options): Promise<DocumentOutcome> {
    const doc = this.docs.get(uri);
    if (!doc) return Promise.resolve({ version: -1, outcome: CANCELLED });
    this.supersede(doc);
    return new Promise((resolve) => {
      doc.queued = { uri, kind: doc.kind, snapshot, options, cancel: newFlag(), resolve };
      this.pump();
    });
  }

  /** Analyses a text once (the workspace scan), after every document waiting. */
  analyseText(kind: DocKind, text: string, options: Options): Promise<Outcome> {
    return new Promise((resolve) => {
      this.background.push({ kind, snapshot: () => ({ text, version: 0 }), options, cancel: newFlag(), resolve: (r) => resolve(r.outcome) });
      this.pump();
    });
  }

  dispose(): void {
    this.disposed = true;
    for (const s of this.slots) void s.worker.terminate();
  }

  /** Cancels the document's running analysis and drops its queued one; both resolve as cancelled. */
  private supersede(doc: OpenDocument): void {
    if (doc.queued) {
      doc.queued.resolve({ version: -1, outcome: CANCELLED });
      doc.queued = undefined;
    }
    if (doc.running) {
      Atomics.store(doc.running.cancel, 0, 1);
      doc.running.resolve({ version: doc.running.version ?? -1, outcome: CANCELLED });
      doc.running = undefined;
    }
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.running) continue;
      const job = this.pick(slot);
      if (job) this.start(slot, job);
    }
    if (this.slots.length < this.size && !this.cacheMaker && this.waitsBehindAnother()) {
      this.slots.push(this.spawn());
      this.pump();
    }
  }

  /** Is a document's analysis queued while every worker runs something else (another document, a scan file)? */
  private waitsBehindAnother(): boolean {
    for (const [uri, doc] of this.docs) {
      if (doc.queued && this.slots.every((s) => s.running && s.running.uri !== uri)) return true;
    }
    return false;
  }

  /** The next job for an idle worker: a document it owns, else a document that would wait behind another, else a scan file. */
  private pick(slot: Slot): Job | undefined {
    let movable: [string, OpenDocument] | undefined;
    for (const entry of this.docs) {
      const doc = entry[1];
      if (!doc.queued) continue;
      if (doc.owner === slot) return this.take(entry[0], doc, slot);
      // Its owner is free or busy with this document's superseded run: it will be free soon, and it
      // has the trees. Busy with another document: that may take seconds, so move.
      if (!movable && (!doc.owner || (doc.owner.running && doc.owner.running.uri !== entry[0]))) movable = entry;
    }
    if (movable) return this.take(movable[0], movable[1], slot);
    return this.background.shift();
  }

  private take(uri: string, doc: OpenDocument, slot: Slot): Job {
    if (doc.owner !== slot) {
      if (doc.owner) this.post(doc.owner, { type: 'forget', uri });
      doc.owner = slot;
      doc.edits = null;
    }
    const job = doc.queued!;
    doc.queued = undefined;
    doc.running = job;
    return job;
  }

  private start(slot: Slot, job: Job): void {
    const id = this.nextId++;
    const { text, version } = job.snapshot();
    job.version = version;
    slot.running = job;
    this.byId.set(id, { slot, job });
    const options: AnalysisOptions = { ...job.options, cancel: job.cancel.buffer as SharedArrayBuffer };
    if (job.uri !== undefined) {
      const doc = this.docs.get(job.uri)!;
      const edits = doc.edits;
      doc.edits = [];
      const sent = edits === null || edits.length > TEXT_SENT_AFTER_EDITS ? text : undefined;
      this.post(slot, { type: 'analyse', id, uri: job.uri, kind: job.kind, text: sent, length: text.length, edits, options, interrupt: slot.interrupt.buffer as SharedArrayBuffer });
    } else {
      this.post(slot, { type: 'analyseText', id, kind: job.kind, text, options });
    }
  }

  private finish(id: number, outcome: Outcome): void {
    const entry = this.byId.get(id);
    if (!entry) return;
    this.byId.delete(id);
    const { slot, job } = entry;
    slot.running = undefined;
    if (job.uri !== undefined) {
      const doc = this.docs.get(job.uri);
      if (doc?.running === job) doc.running = undefined;
    }
    let contexts: Promise<Uint8Array | undefined> | undefined;
    if (outcome.kind === 'findings' && outcome.contextsFollow) {
      contexts = new Promise((arrived) => this.contextsDue.set(id, { slot, arrived }));
    }
    // A superseded job has already resolved (as cancelled); resolving again is a no-op.
    job.resolve({ version: job.version ?? -1, outcome, contexts });
    this.pump();
  }

  /**
   * The worker's copy of a document's text parted from the editor's (a bug, or a change applied otherwise
   * than recorded): it gets the whole text, and the analysis runs again unless a newer one is due.
   */
  private outOfStep(id: number): void {
    const entry = this.byId.get(id);
    if (!entry) return;
    const { slot, job } = entry;
    const doc = job.uri === undefined ? undefined : this.docs.get(job.uri);
    if (doc?.owner === slot) doc.edits = null;
    if (doc && doc.running === job && !doc.queued) {
      this.byId.delete(id);
      slot.running = undefined;
      doc.running = undefined;
      doc.queued = job;
      this.pump();
    } else {
      this.finish(id, CANCELLED);
    }
  }

  private contextsArrived(id: number, contexts: Uint8Array | undefined): void {
    this.contextsDue.get(id)?.arrived(contexts);
    this.contextsDue.delete(id);
  }

  private post(slot: Slot, message: ToWorker): void {
    Atomics.store(slot.interrupt, 0, 1);
    slot.worker.postMessage(message);
  }

  private ready(slot: Slot, m: Extract<FromWorker, { type: 'ready' }>): void {
    slot.ready = true;
    if (m.codeCache) this.host.codeCache?.({ read: m.codeCache });
    if (m.powershell && !this.failedLanguages.has('PowerShell')) {
      this.failedLanguages.add('PowerShell');
      this.host.languageFailed('PowerShell', m.powershell);
    }
  }

  /**
   * The V8 flags are the whole process's, and a code cache is made with them set back for a moment to what no
   * grammar may be compiled under (base/wasm-tiers.ts withStartFlags). The main thread makes its own now, if
   * no worker is loading its parsers (this runs to its end before any other worker can start). A worker that has
   * one to make may, while it is the only one, and no other starts until it has; one told no makes none this session.
   */
  private warmedUp(slot: Slot, wantsCodeCache: boolean): void {
    if (this.disposed) return;
    if (this.slots.every((s) => s.ready)) this.host.codeCacheMoment?.();
    if (!wantsCodeCache || this.cacheMaker || this.slots.length !== 1 || this.slots[0] !== slot) return;
    this.cacheMaker = slot;
    this.post(slot, { type: 'makeCodeCache' });
  }

  private codeCacheMade(slot: Slot, made: CodeCacheMade): void {
    if (this.cacheMaker === slot) this.cacheMaker = undefined;
    this.host.codeCache?.({ made });
    this.pump();
  }

  /** A slot for a new worker, or for `started` (one the server started early, lsp/first-worker.ts). */
  private spawn(started?: Worker): Slot {
    const worker = started ?? new Worker(this.workerFile);
    const slot: Slot = { worker, interrupt: newFlag() };
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'done') this.finish(m.id, m.outcome);
      else if (m.type === 'outOfStep') this.outOfStep(m.id);
      else if (m.type === 'contexts') this.contextsArrived(m.id, m.contexts);
      else if (m.type === 'warmedUp') this.warmedUp(slot, m.wantsCodeCache);
      else if (m.type === 'codeCacheMade') this.codeCacheMade(slot, m.made);
      else this.ready(slot, m);
    });
    worker.on('error', (e) => this.host.log(`hopcheck: analysis worker failed: ${e.stack ?? String(e)}`));
    worker.on('exit', () => {
      if (this.cacheMaker === slot) this.cacheMaker = undefined;
      if (this.disposed) return;
      // A crash (out of memory, a bug in a parser): its documents start afresh in a new worker, and
      // what it was doing is reported as failed rather than retried (it could crash again).
      const i = this.slots.indexOf(slot);
      if (i === -1) return;
      const fresh = this.spawn();
      this.slots[i] = fresh;
      for (const doc of this.docs.values()) {
        if (doc.owner === slot) {
          doc.owner = undefined;
          doc.edits = null;
        }
      }
      for (const [id, e] of this.byId) if (e.slot === slot) this.finish(id, { kind: 'failed', reason: 'the analysis worker stopped' });
      for (const [id, e] of this.contextsDue) if (e.slot === slot) this.contextsArrived(id, undefined);
      this.pump();
    });
    return slot;
  }
}

function newFlag(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}
