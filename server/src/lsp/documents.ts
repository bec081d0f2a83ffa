// Open documents: which ones are analysed (script files by extension, `file:` and `untitled:` only),
// their latest findings and the version and settings those are for, and validation (analyse in a
// worker, then publish). Hover and code actions read findings through `current()`, which never hands
// out findings of an older text or older settings.
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_BUDGET_MS } from '../base/budget';
import type { Settings } from '../core/config';
import { mayReadOtherFiles } from '../core/prefilter';
import { isAnalysedScheme, kindOf, type DocKind } from '../core/language';
import type { Finding } from '../rules/types';
import { fileKey } from '../workspace/uri';
import type { AnalysisPool } from './analysis-pool';
import { toDiagnostics, type Publisher } from './diagnostics';
import { attachContexts } from './finding-contexts';
import { pathOf } from './folders';
import type { FolderSettings } from './settings';

interface Entry {
  kind: DocKind;
  findings: Finding[];
  /** The findings' contexts as the worker encodes them, until hover or a code action first needs them (lsp/finding-contexts.ts). */
  contexts?: Promise<Uint8Array | undefined>;
  /** The document version and the settings `findings` are for (version -1: none yet, or settings changed). */
  version: number;
  settings?: Settings;
  /** The version the latest validation was started for. */
  requested?: number;
  /** Resolved whenever a validation of this document ends. */
  waiters: (() => void)[];
  /** The last analysis ran out of time, or the text is over maxFileSizeKb (each said once). */
  overBudget?: boolean;
  tooLarge?: boolean;
}

export interface Current {
  doc: TextDocument;
  kind: DocKind;
  /** For `doc`'s current text, under `settings`. */
  findings: Finding[];
  settings: Settings;
}

export class OpenDocuments {
  private readonly entries = new Map<string, Entry>();
  /** Open documents by file (workspace/uri.ts), however the client spelled their URI. */
  private readonly files = new Map<string, number>();
  private readonly pending = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly pool: AnalysisPool,
    private readonly settings: FolderSettings,
    private readonly publisher: Publisher,
  ) {}

  /** Is this file open in the editor (any spelling of its URI)? */
  isOpen(uri: string): boolean {
    return this.files.size > 0 && this.files.has(fileKey(uri));
  }

  isTracked(uri: string): boolean {
    return this.entries.has(uri);
  }

  opened(doc: TextDocument): void {
    const kind = isAnalysedScheme(doc.uri) ? kindOf(doc.uri, doc.languageId) : undefined;
    if (!kind) return;
    this.entries.set(doc.uri, { kind, findings: [], version: -1, waiters: [] });
    this.pool.open(doc.uri, kind);
    const key = fileKey(doc.uri);
    this.files.set(key, (this.files.get(key) ?? 0) + 1);
    this.schedule(doc.uri);
  }

  /** Returns whether the document was tracked (its diagnostics must then be cleared). */
  closed(uri: string): boolean {
    const entry = this.entries.get(uri);
    if (!entry) return false;
    this.entries.delete(uri);
    this.pool.close(uri);
    for (const w of entry.waiters.splice(0)) w();
    const key = fileKey(uri);
    const n = (this.files.get(key) ?? 1) - 1;
    if (n > 0) this.files.set(key, n);
    else this.files.delete(key);
    this.publisher.publish(uri, []);
    return true;
  }

  /**
   * A script changed on disk: open documents whose findings may come from another file
   * (`Invoke-Command -FilePath`, `<script src>`) are checked again.
   */
  revalidateReaders(): void {
    for (const [uri, entry] of this.entries) {
      const doc = this.documents.get(uri);
      if (!doc || !mayReadOtherFiles(doc.getText(), entry.kind)) continue;
      entry.version = -1;
      this.schedule(uri);
    }
  }

  /** Settings changed: every open document is checked again. */
  revalidateAll(): void {
    for (const [uri, entry] of this.entries) {
      entry.version = -1;
      this.schedule(uri);
    }
  }

  /** Coalesces bursts of edits: each document is validated once per turn of the event loop. */
  schedule(uri: string): void {
    if (!this.entries.has(uri) || this.pending.has(uri)) return;
    this.pending.add(uri);
    setImmediate(() => {
      this.pending.delete(uri);
      void this.validate(uri);
    });
  }

  /**
   * The document's findings for its current text and settings, waiting for its analysis if one is
   * due; undefined if it is not analysed (closed, not a script, too large).
   */
  async current(uri: string, cancelled: () => boolean = () => false): Promise<Current | undefined> {
    for (;;) {
      const doc = this.documents.get(uri);
      const entry = this.entries.get(uri);
      if (!doc || !entry || cancelled()) return undefined;
      const settings = await this.settings.forUri(uri);
      if (this.entries.get(uri) !== entry) return undefined;
      if (entry.version === doc.version && entry.settings === settings) {
        if (entry.tooLarge) return undefined;
        const contexts = entry.contexts;
        if (!contexts) return { doc, kind: entry.kind, findings: entry.findings, settings };
        const encoded = await contexts;
        // Newer findings may have come meanwhile: the loop looks again.
        if (entry.contexts === contexts) {
          entry.contexts = undefined;
          // None if the worker stopped before sending them: the findings stand, without fixes.
          if (encoded) entry.findings = attachContexts(entry.findings, encoded);
        }
        continue;
      }
      if (entry.requested !== doc.version || entry.settings !== settings) this.schedule(uri);
      await new Promise<void>((r) => entry.waiters.push(r));
    }
  }

  private async validate(uri: string): Promise<void> {
    const doc = this.documents.get(uri);
    const entry = this.entries.get(uri);
    if (!doc || !entry) return;
    const version = doc.version;
    entry.requested = version;
    const settings = await this.settings.forUri(uri);
    if (this.entries.get(uri) !== entry || doc.version !== version) return; // closed or edited meanwhile: a newer run is due
    const done = (findings: Finding[], analysed: number, contexts?: Promise<Uint8Array | undefined>) => {
      entry.findings = findings;
      entry.contexts = contexts;
      entry.version = analysed;
      entry.settings = settings;
      this.publisher.publish(uri, toDiagnostics(findings, settings, uri, (o) => doc.positionAt(o)), analysed);
      for (const w of entry.waiters.splice(0)) w();
    };
    if (!settings.enable || this.tooLarge(doc, entry, settings)) {
      this.pool.open(uri, entry.kind); // frees its trees
      done([], version);
      return;
    }
    const path = pathOf(uri);
    const { version: analysed, outcome, contexts } = await this.pool.analyse(uri, () => ({ text: doc.getText(), version: doc.version }),
      { localNames: settings.localNames, path, root: this.settings.folderOf(uri), budgetMs: DEFAULT_BUDGET_MS });
    // Superseded (an edit, a settings change or a close came in): the newer run publishes.
    if (outcome.kind === 'cancelled' || this.entries.get(uri) !== entry || analysed !== doc.version) return;
    switch (outcome.kind) {
      case 'findings':
        entry.overBudget = false;
        done(outcome.findings, analysed, contexts);
        return;
      case 'skipped':
        // Said once per document, not on every keystroke.
        if (!entry.overBudget) void this.connection.window.showWarningMessage(`hopcheck: ${name(uri)}: ${outcome.reason}; it is not checked until it gets simpler.`);
        entry.overBudget = true;
        done([], analysed);
        return;
      case 'unavailable': // said once for the whole server (the status item, the output, a message)
        done([], analysed);
        return;
      case 'failed':
        // Never let one document take the server down: report it and publish nothing for it.
        this.connection.console.error(`hopcheck: could not analyse ${uri}: ${outcome.reason}`);
        done([], analysed);
    }
  }

  /**
   * A document over maxFileSizeKb is not analysed (the scan skips such files too), with one notice.
   * The ESLint and PowerShell extensions do the same by other means (VS Code itself never hands
   * documents over 50 MB to extensions): a linter must not hold up the editor for a file nobody reviews by hand.
   */
  private tooLarge(doc: TextDocument, entry: Entry, settings: Settings): boolean {
    const text = doc.getText();
    const limit = settings.maxFileSizeKb * 1024;
    // UTF-8 bytes ≥ UTF-16 code units ≥ bytes / 3: most texts are decided without counting.
    const over = text.length > limit || (text.length * 3 > limit && Buffer.byteLength(text, 'utf8') > limit);
    if (over && !entry.tooLarge) {
      const message = `hopcheck: ${name(doc.uri)} is larger than maxFileSizeKb (${settings.maxFileSizeKb} KiB), so it is not checked; raise hopcheck.maxFileSizeKb to check it.`;
      this.connection.console.log(message);
      void this.connection.window.showWarningMessage(message);
    }
    entry.tooLarge = over;
    return over;
  }
}

function name(uri: string): string | undefined {
  return uri.split('/').pop();
}
