// The hopcheck language server: LSP wiring only. Documents come in, analyses run in worker threads
// (lsp/analysis-pool.ts), and diagnostics (with rule links and the trace), hovers and code actions go
// out. Usable from any LSP editor: `hopcheck-language-server --stdio`.
import {
  createConnection, DidChangeConfigurationNotification, ProposedFeatures, TextDocuments, TextDocumentSyncKind,
  CodeActionKind, DidChangeWatchedFilesNotification, FileChangeType, type InitializeResult, type TextDocumentContentChangeEvent,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_BUDGET_MS } from './base/budget';
import { FILE_GLOB } from './catalogue/derive';
import { LineIndex } from './core/positions';
import { WorkspaceScanner } from './workspace/scan';
import { takeCodeCache } from './base/code-cache';
import { AnalysisPool } from './lsp/analysis-pool';
import { ANALYSIS_WORKER_FILE, firstWorker } from './lsp/first-worker';
import { makeCodeCache } from './lsp/code-cache-maker';
import { editRecord } from './lsp/document-text';
import { codeActions, FIX_ALL_KIND } from './lsp/code-actions';
import { Publisher, toDiagnostics } from './lsp/diagnostics';
import { OpenDocuments } from './lsp/documents';
import { pathOf, WorkspaceFolders } from './lsp/folders';
import { hover } from './lsp/hover';
import { SCAN_COMMAND, Scans } from './lsp/scans';
import { FolderSettings } from './lsp/settings';
import { Status } from './lsp/status';

const connection = createConnection(ProposedFeatures.all);
/** How server.js compiled this bundle, and the code cache to make if it had none V8 would read (base/code-cache.ts). */
let codeCache = takeCodeCache();

/** Two workers: one document that takes seconds leaves the other free for everything else (docs/decisions.md). */
const WORKERS = 2;

let hasConfigurationCapability = false;
let supportsWatchedFilesRegistration = false;

const folders = new WorkspaceFolders();
const settings = new FolderSettings(folders, {
  editor: (scopeUri) => connection.workspace.getConfiguration({ scopeUri, section: 'hopcheck' }),
  pulls: () => hasConfigurationCapability,
  warn: (m) => connection.console.warn(m),
});
const publisher = new Publisher(connection, () => status.send());
const status = new Status(connection, () => publisher.totals());

const pool = new AnalysisPool(ANALYSIS_WORKER_FILE, WORKERS, firstWorker(), {
  log: (m) => connection.console.error(m),
  languageFailed: (language, reason) => {
    const message = `hopcheck: ${reason}. VBScript files are still checked. Reinstall or update the extension to check ${language} again.`;
    connection.console.error(message);
    void connection.window.showErrorMessage(message);
    status.error(message);
  },
  // Once a session, when the pool says no thread can be compiling a grammar: the protocol's paths are compiled by then.
  codeCacheMoment: () => {
    const make = codeCache?.make;
    if (!make) return;
    codeCache = undefined;
    makeCodeCache(make);
  },
});

// Our own TextDocuments updater: it passes each incremental change, with the offsets it applies to,
// to the worker that keeps the document's tree (tree-sitter edits the tree before re-parsing).
const documents = new TextDocuments<TextDocument>({
  create: TextDocument.create,
  update(doc: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
    for (const change of changes) {
      if ('range' in change) {
        pool.edit(doc.uri, editRecord(doc, change.range, change.text));
      } else {
        pool.edit(doc.uri, null); // whole-text replacement: nothing to reuse
      }
      doc = TextDocument.update(doc, [change], version);
    }
    return doc;
  },
});

const open = new OpenDocuments(connection, documents, pool, settings, publisher);

const scanner = new WorkspaceScanner({
  settings: (folder) => settings.forFolder(folder),
  folderOf: (path) => folders.folderOfPath(path),
  isOpen: (uri) => open.isOpen(uri),
  analyse: async (kind, text, path, root, s) => {
    const outcome = await pool.analyseText(kind, text, { localNames: s.localNames, path, root, budgetMs: DEFAULT_BUDGET_MS });
    if (outcome.kind === 'findings') return outcome.findings;
    if (outcome.kind === 'skipped' || outcome.kind === 'failed') connection.console.log(`scan: ${path}: ${outcome.reason}`);
    return outcome.kind === 'cancelled' ? undefined : [];
  },
  publish: (uri, text, findings, s) => {
    const index = new LineIndex(text);
    publisher.publish(uri, s ? toDiagnostics(findings, s, uri, (o) => index.positionAt(o)) : []);
  },
  log: (m) => connection.console.log(m),
  notice: (m) => void connection.window.showInformationMessage(m),
});
const scans = new Scans(connection, scanner, folders, settings, status);

connection.onInitialize((params): InitializeResult => {
  hasConfigurationCapability = !!params.capabilities.workspace?.configuration;
  supportsWatchedFilesRegistration = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  folders.set(params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []));
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      executeCommandProvider: { commands: [SCAN_COMMAND] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'hopcheck', version: typeof HOPCHECK_VERSION === 'string' ? HOPCHECK_VERSION : '0.0.0-dev' },
  };
});

declare const HOPCHECK_VERSION: string | undefined;

connection.onInitialized(() => {
  if (hasConfigurationCapability) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'hopcheck' });
  }
  if (supportsWatchedFilesRegistration) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: FILE_GLOB }, { globPattern: '**/.hopcheck.json' }],
    });
  }
  connection.workspace.onDidChangeWorkspaceFolders((e) => {
    folders.change(e.added.map((f) => f.uri), e.removed.map((f) => f.uri));
    for (const f of e.removed) {
      const path = pathOf(f.uri);
      if (path) scanner.forgetUnder(path);
    }
    refreshSettings(); // open documents may have moved into or out of a folder
  });
  void scans.background();
});

connection.onExecuteCommand(async (params, token) => {
  if (params.command !== SCAN_COMMAND) return null;
  const files = await scans.run(token);
  return { files: files ?? null, findings: scanner.findingCount() };
});

connection.onDidChangeWatchedFiles(async (params) => {
  for (const change of params.changes) {
    const path = pathOf(change.uri);
    if (!path) continue;
    if (/[\\/]\.hopcheck\.json$/.test(path)) refreshSettings();
    else if (change.type === FileChangeType.Deleted) await scanner.deleted(path);
    else await scanner.changed(path);
  }
  open.revalidateReaders();
});

connection.onDidChangeConfiguration((change) => {
  if (!hasConfigurationCapability) settings.push((change.settings as { hopcheck?: unknown } | undefined)?.hopcheck);
  refreshSettings();
});

/** Settings changed (editor, .hopcheck.json, folders): re-check open documents and re-scan the rest. */
function refreshSettings(): void {
  settings.clear();
  scanner.invalidate();
  open.revalidateAll();
  void scans.background();
}

documents.onDidOpen((e) => open.opened(e.document));
documents.onDidChangeContent((e) => open.schedule(e.document.uri));
/**
 * How long a closed document waits before the scan shows the file on disk again: VS Code closes and
 * reopens a document at once when its language mode changes, and the disk's findings must not flash
 * in between.
 */
const REOPEN_GRACE_MS = 250;

documents.onDidClose((e) => {
  const uri = e.document.uri;
  if (!open.closed(uri)) return;
  // A scanned workspace file goes back to showing what is on disk, unless it was opened again.
  const path = pathOf(uri);
  if (path) setTimeout(() => { if (!open.isOpen(uri)) void scanner.closed(path); }, REOPEN_GRACE_MS);
});

connection.onHover((params, token) => hover(open, params, token));
connection.onCodeAction((params, token) => codeActions(open, params, token));
connection.onShutdown(() => pool.dispose());

process.on('uncaughtException', (e) => connection.console.error(`hopcheck: unexpected error: ${e.stack ?? String(e)}`));

documents.listen(connection);
connection.listen();
