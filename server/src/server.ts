// The hopcheck language server: LSP wiring only. Documents come in, the core pipeline runs, and
// diagnostics (with rule links and the trace) and hovers go out. Usable from any LSP editor:
// `hopcheck-language-server --stdio`.
import {
  createConnection, DiagnosticSeverity, DidChangeConfigurationNotification, MarkupKind, ProposedFeatures,
  TextDocuments, TextDocumentSyncKind,
  CodeActionKind, DidChangeWatchedFilesNotification, FileChangeType,
  type CancellationToken, type CodeAction, type Position, type CodeActionParams, type Diagnostic, type Hover, type InitializeResult, type TextDocumentContentChangeEvent, type TextEdit,
} from 'vscode-languageserver/node';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeText, findingsFromFacts, initParsers } from './core/analyze';
import { referencedScriptReader } from './workspace/referenced-script';
import { DEFAULT_SETTINGS, effectiveSeverity, normalizeSettings, overlaySettings, type Settings } from './core/config';
import { LineIndex } from './core/positions';
import { DEFAULT_BUDGET_MS, deadlineIn, SkippedInput } from './core/budget';
import { WorkspaceScanner } from './workspace/scan';
import { fileKey } from './workspace/uri';
import { kindOf, type DocKind } from './core/language';
import { extractPowerShell } from './facts/powershell/extract';
import { editTree, parsePowerShell, type Tree } from './parse/powershell';
import { TreeFragment } from '@lezer/common';
import { parseVbscriptWithin } from './parse/vbscript';
import { lezerToIr } from './facts/vbscript/from-lezer';
import { extractVbscript } from './facts/vbscript/extract';
import { reuseFindings, widen, type EditRegion, type Reusable } from './core/reuse';
import type { RelevanceSummary } from './facts/powershell/relevance';
import { ruleDocUrl } from './rules/index';
import { explain } from './rules/explain';
import { fixesFor, preferredEdits } from './fixes/index';
import type { TextEditAt } from './fixes/types';
import type { Finding, Severity } from './rules/types';

const connection = createConnection(ProposedFeatures.all);

/** The source action that applies every preferred fix in the file (spec §6). */
const FIX_ALL_KIND = 'source.fixAll.hopcheck';

interface DocState {
  kind: DocKind;
  /** PowerShell only: the last tree, edited in step with the text so re-parses are incremental. */
  tree?: Tree;
  /** PowerShell only: the last analysis, and where the text changed since (core/reuse.ts). */
  reusable?: Reusable;
  edit?: EditRegion;
  /** .vbs only: what the last Lezer tree offers the next parse, moved along with every edit since. */
  vbFragments?: readonly TreeFragment[];
  findings: Finding[];
  /** The document version the findings are for. */
  version: number;
  analysed?: boolean;
  /** The last analysis ran out of time (said once). */
  overBudget?: boolean;
  /** Larger than maxFileSizeKb: not analysed (said once). */
  tooLarge?: boolean;
}

const states = new Map<string, DocState>();
/**
 * Open documents by file (workspace/uri.ts), however the client spelled their URI: the scan must
 * not publish its view of a file on disk over an open document's, and VS Code writes `%28` for '('
 * (and `c%3A` for `C:`) where the scan's own URIs have '(' and `C:`.
 */
const openFiles = new Map<string, number>();

// Our own TextDocuments updater: it sees each incremental change with the text it applies to,
// which is what tree-sitter needs to edit the kept tree.
const documents = new TextDocuments<TextDocument>({
  create: TextDocument.create,
  update(doc: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
    const state = states.get(doc.uri);
    for (const change of changes) {
      const start = 'range' in change ? doc.offsetAt(change.range.start) : 0;
      const oldEnd = 'range' in change ? doc.offsetAt(change.range.end) : 0;
      if (state?.tree && 'range' in change) {
        state.edit = widen(state.edit, start, oldEnd, change.text.length);
        editTree(state.tree, {
          start, oldEnd, newText: change.text,
          startPosition: { row: change.range.start.line, column: change.range.start.character },
          oldEndPosition: { row: change.range.end.line, column: change.range.end.character },
        });
      } else if (state?.tree) {
        state.tree.delete(); // whole-text replacement: nothing to reuse
        state.tree = undefined;
        state.reusable = undefined;
      }
      if (state?.vbFragments && 'range' in change) {
        state.vbFragments = TreeFragment.applyChanges(state.vbFragments, [{ fromA: start, toA: oldEnd, fromB: start, toB: start + change.text.length }]);
      } else if (state) {
        state.vbFragments = undefined;
      }
      doc = TextDocument.update(doc, [change], version);
    }
    return doc;
  },
});

let hasConfigurationCapability = false;
const settingsCache = new Map<string, Promise<Settings>>();
const ready = initParsers();

/** Workspace folders (file system paths) to scan. */
let folders: string[] = [];
let supportsWatchedFilesRegistration = false;

connection.onInitialize((params): InitializeResult => {
  hasConfigurationCapability = !!params.capabilities.workspace?.configuration;
  supportsWatchedFilesRegistration = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  folders = uris.map(pathOf).filter((p): p is string => p !== undefined);
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
      watchers: [{ globPattern: '**/*.{ps1,psm1,psd1,vbs,wsf,hta,PS1,PSM1,PSD1,VBS,WSF,HTA}' }, { globPattern: '**/.hopcheck.json' }],
    });
  }
  connection.workspace.onDidChangeWorkspaceFolders((e) => {
    const removed = new Set(e.removed.map((f) => pathOf(f.uri)));
    folders = [...folders.filter((f) => !removed.has(f)), ...e.added.map((f) => pathOf(f.uri)).filter((p): p is string => p !== undefined)];
    void startupScan();
  });
  void startupScan();
});

// ---- workspace scan ----------------------------------------------------------------------

/** The command "hopcheck: Scan Workspace" sends (the VS Code client and any other LSP client). */
const SCAN_COMMAND = 'hopcheck.server.scanWorkspace';

const scanner = new WorkspaceScanner({
  settings: () => settingsFor(folders[0] ? pathToFileURL(folders[0]).href : ''),
  isOpen: (uri) => openFiles.size > 0 && openFiles.has(fileKey(uri)),
  publish: (uri, text, findings, settings) => {
    const index = new LineIndex(text);
    const diagnostics = findings.flatMap((f) => {
      const sev = effectiveSeverity(settings, f.code, f.severity);
      return sev === 'off' ? [] : [toDiagnostic((o) => index.positionAt(o), uri, f, sev)];
    });
    void connection.sendDiagnostics({ uri, diagnostics });
    sendStatus();
  },
  log: (m) => connection.console.log(m),
  notice: (m) => void connection.window.showInformationMessage(m),
});

let scanning: { done: number; total: number } | undefined;

async function runScan(token?: CancellationToken): Promise<number | undefined> {
  await ready;
  if (folders.length === 0) return 0;
  const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
  progress?.begin('hopcheck: scanning workspace', 0, 'listing files', true);
  scanning = { done: 0, total: 0 };
  sendStatus();
  try {
    return await scanner.scan(folders, (p) => {
      scanning = p;
      progress?.report(p.total ? Math.round((100 * p.done) / p.total) : 0, `${p.done} of ${p.total} files`);
      sendStatus();
    }, () => !!token?.isCancellationRequested || !!progress?.token.isCancellationRequested);
  } catch (e) {
    connection.console.error(`hopcheck: workspace scan failed: ${(e as Error).stack ?? String(e)}`);
    return undefined;
  } finally {
    progress?.done();
    scanning = undefined;
    sendStatus();
  }
}

async function startupScan(): Promise<void> {
  const s = await settingsFor(folders[0] ? pathToFileURL(folders[0]).href : '');
  if (s.scanOnStartup) await runScan();
}

connection.onExecuteCommand(async (params, token) => {
  if (params.command !== SCAN_COMMAND) return null;
  const files = await runScan(token);
  return { files: files ?? null, findings: scanner.findings().length };
});

connection.onDidChangeWatchedFiles(async (params) => {
  for (const change of params.changes) {
    const path = pathOf(change.uri);
    if (!path) continue;
    if (/[\\/]\.hopcheck\.json$/.test(path)) {
      refreshSettings();
      continue;
    }
    if (change.type === FileChangeType.Deleted) await scanner.deleted(path);
    else await scanner.changed(path);
  }
  sendStatus();
});

/** Tells the client (status bar) what the server is doing and how many findings there are. */
function sendStatus(): void {
  const all = [...[...states.values()].flatMap((s) => s.findings), ...scanner.findings()];
  const count = (sev: string) => all.filter((f) => f.severity === sev).length;
  void connection.sendNotification('hopcheck/status', {
    state: scanning ? 'scanning' : 'idle',
    scanned: scanning?.done, total: scanning?.total,
    errors: count('error'), warnings: count('warning'), infos: count('information') + count('hint'),
  });
}

connection.onDidChangeConfiguration((change) => {
  if (!hasConfigurationCapability) pushedSettings = normalizeSettings((change.settings as { hopcheck?: unknown } | undefined)?.hopcheck).settings;
  refreshSettings();
});

/** Settings changed (editor or .hopcheck.json): re-check open documents and re-scan the rest. */
function refreshSettings(): void {
  settingsCache.clear();
  scanner.invalidate();
  for (const st of states.values()) st.analysed = false;
  for (const doc of documents.all()) schedule(doc.uri);
  void startupScan();
}

/** Settings for clients that push them instead of answering workspace/configuration. */
let pushedSettings: Settings = DEFAULT_SETTINGS;

/** The editor's settings for a file, with the `.hopcheck.json` of its workspace folder over them. */
function settingsFor(uri: string): Promise<Settings> {
  let s = settingsCache.get(uri);
  if (!s) {
    const editor: Promise<Settings> = !hasConfigurationCapability ? Promise.resolve(pushedSettings)
      : connection.workspace.getConfiguration({ scopeUri: uri, section: 'hopcheck' }).then(
        (raw: unknown) => {
          const { settings, problems } = normalizeSettings(raw);
          for (const p of problems) connection.console.warn(`hopcheck settings: ${p}`);
          return settings;
        },
        () => DEFAULT_SETTINGS,
      );
    s = editor.then((base) => withTeamFile(base, uri));
    settingsCache.set(uri, s);
  }
  return s;
}

function withTeamFile(base: Settings, uri: string): Settings {
  const path = pathOf(uri);
  const folder = folders.filter((f) => path?.startsWith(f)).sort((a, b) => b.length - a.length)[0] ?? folders[0];
  const file = folder ? join(folder, '.hopcheck.json') : undefined;
  if (!file || !existsSync(file)) return base;
  try {
    const { settings, problems } = overlaySettings(base, JSON.parse(readFileSync(file, 'utf8')));
    for (const p of problems) connection.console.warn(`hopcheck: ${file}: ${p}`);
    return settings;
  } catch (e) {
    connection.console.warn(`hopcheck: cannot read ${file}: ${(e as Error).message}`);
    return base;
  }
}

// Coalesce bursts of edits: validate each document once per turn of the event loop.
const pending = new Set<string>();
function schedule(uri: string): void {
  if (pending.has(uri)) return;
  pending.add(uri);
  setImmediate(() => {
    pending.delete(uri);
    void validate(uri);
  });
}

documents.onDidOpen((e) => {
  const kind = kindOf(e.document.uri, e.document.languageId);
  if (!kind) return;
  states.set(e.document.uri, { kind, findings: [], version: e.document.version });
  const key = fileKey(e.document.uri);
  openFiles.set(key, (openFiles.get(key) ?? 0) + 1);
  schedule(e.document.uri);
});
documents.onDidChangeContent((e) => { if (states.has(e.document.uri)) schedule(e.document.uri); });
documents.onDidClose((e) => {
  const state = states.get(e.document.uri);
  state?.tree?.delete();
  states.delete(e.document.uri);
  if (state) {
    const key = fileKey(e.document.uri);
    const n = (openFiles.get(key) ?? 1) - 1;
    if (n > 0) openFiles.set(key, n);
    else openFiles.delete(key);
  }
  settingsCache.delete(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  // A scanned workspace file goes back to showing what is on disk.
  const path = pathOf(e.document.uri);
  if (path && folders.some((f) => path.startsWith(f))) {
    void settingsFor(e.document.uri).then((s) => (s.scanOnStartup ? scanner.closed(path) : undefined));
  }
  sendStatus();
});

async function validate(uri: string): Promise<void> {
  await ready;
  const doc = documents.get(uri);
  const state = states.get(uri);
  if (!doc || !state) return;
  const settings = await settingsFor(uri);
  if (documents.get(uri) !== doc || states.get(uri) !== state) return; // closed while we waited
  analyse(doc, state, settings);
  const diagnostics: Diagnostic[] = [];
  for (const f of state.findings) {
    const severity = effectiveSeverity(settings, f.code, f.severity);
    if (severity === 'off') continue;
    diagnostics.push(toDiagnostic((o) => doc.positionAt(o), uri, f, severity));
  }
  void connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
  sendStatus();
}

/** Brings a document's findings up to date with its text (synchronous: trees and text stay in step). */
function analyse(doc: TextDocument, state: DocState, settings: Settings): void {
  if (state.version === doc.version && state.analysed) return;
  if (settings.enable && tooLarge(doc, state, settings)) {
    state.findings = [];
    state.version = doc.version;
    state.analysed = true;
    return;
  }
  try {
    if (!settings.enable) {
      state.findings = [];
    } else if (state.kind === 'powershell') {
      const text = doc.getText();
      const deadline = deadlineIn(DEFAULT_BUDGET_MS);
      const tree = parsePowerShell(text, state.tree, deadline);
      const settingsKey = JSON.stringify(settings.localNames ?? []);
      // An edit that provably cannot change the findings (core/reuse.ts) only moves them.
      const reused = state.reusable && state.edit && state.tree
        ? reuseFindings(state.reusable, text, state.edit,
          state.tree.getChangedRanges(tree).map((r) => ({ start: r.startIndex, end: r.endIndex })), settingsKey)
        : undefined;
      state.tree?.delete();
      state.tree = tree;
      state.edit = undefined;
      state.reusable = undefined;
      if (reused) {
        state.findings = reused.findings;
        state.reusable = reused;
      } else {
        const relevance: { summary?: RelevanceSummary } = {};
        const facts = extractPowerShell(tree, text, { readScript: referencedScriptReader(pathOf(doc.uri), folders, deadline), deadline, relevance });
        state.findings = findingsFromFacts(facts, { localNames: settings.localNames });
        if (relevance.summary) {
          state.reusable = { text, findings: state.findings, relevance: relevance.summary, settingsKey, errors: facts.syntaxErrors };
        }
      }
    } else if (state.kind === 'vbscript') {
      // Re-parsed incrementally from the fragments of the last tree (Lezer reuses what the edits left alone).
      const text = doc.getText();
      const deadline = deadlineIn(DEFAULT_BUDGET_MS);
      const fragments = state.vbFragments;
      state.vbFragments = undefined; // if this parse fails, the next one starts afresh
      const tree = parseVbscriptWithin(text, deadline, fragments);
      state.vbFragments = TreeFragment.addTree(tree);
      const facts = extractVbscript(lezerToIr(tree, text, 0, (piece) => parseVbscriptWithin(piece, deadline), deadline), text, deadline);
      state.findings = findingsFromFacts(facts, { localNames: settings.localNames });
    } else {
      state.findings = analyzeText(doc.getText(), state.kind, { localNames: settings.localNames, path: pathOf(doc.uri), budgetMs: DEFAULT_BUDGET_MS }).findings;
    }
    state.overBudget = false;
  } catch (e) {
    if (e instanceof SkippedInput) {
      // Said once per document, not on every keystroke.
      if (!state.overBudget) void connection.window.showWarningMessage(`hopcheck: ${doc.uri.split('/').pop()}: ${e.message}; it is not checked until it gets simpler.`);
      state.overBudget = true;
      state.findings = [];
      state.version = doc.version;
      state.analysed = true;
      return;
    }
    // Never let one document take the server down: report it once and publish nothing for it.
    connection.console.error(`hopcheck: could not analyse ${doc.uri}: ${(e as Error).stack ?? String(e)}`);
    state.findings = [];
  }
  state.version = doc.version;
  state.analysed = true;
}

/**
 * A document over maxFileSizeKb is not analysed (the scan skips such files too): it is dropped at
 * once, with one notice, however long it is, and its trees are freed. The same as the ESLint and
 * PowerShell extensions do by other means (VS Code itself never hands documents over 50 MB to
 * extensions): a linter must not hold up the editor for a file nobody reviews by hand.
 */
function tooLarge(doc: TextDocument, state: DocState, settings: Settings): boolean {
  const text = doc.getText();
  const limit = settings.maxFileSizeKb * 1024;
  // UTF-8 bytes ≥ UTF-16 code units ≥ bytes / 3: most texts are decided without counting.
  const over = text.length > limit || (text.length * 3 > limit && Buffer.byteLength(text, 'utf8') > limit);
  if (!over) {
    state.tooLarge = false;
    return false;
  }
  state.tree?.delete();
  state.tree = undefined;
  state.vbFragments = undefined;
  if (!state.tooLarge) {
    const message = `hopcheck: ${doc.uri.split('/').pop()} is larger than maxFileSizeKb (${settings.maxFileSizeKb} KiB), so it is not checked; raise hopcheck.maxFileSizeKb to check it.`;
    connection.console.log(message);
    void connection.window.showWarningMessage(message);
  }
  state.tooLarge = true;
  return true;
}

/** The file system path of a file: URI (other schemes have none). */
function pathOf(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint,
};

function toDiagnostic(positionAt: (offset: number) => Position, uri: string, f: Finding, severity: Severity): Diagnostic {
  const range = (s: { start: number; end: number }) => ({ start: positionAt(s.start), end: positionAt(s.end) });
  return {
    range: range(f.span),
    severity: LSP_SEVERITY[severity],
    code: f.code,
    codeDescription: { href: ruleDocUrl(f.code) },
    source: 'hopcheck',
    message: f.message,
    relatedInformation: f.related.map((r) => ({ location: { uri, range: range(r.span) }, message: r.message })),
    data: { method: f.method, target: f.target },
  };
}

connection.onHover((params): Hover | null => {
  const doc = documents.get(params.textDocument.uri);
  const state = states.get(params.textDocument.uri);
  if (!doc || !state || state.tooLarge) return null;
  const offset = doc.offsetAt(params.position);
  const f = state.findings.find((x) => offset >= x.span.start && offset <= x.span.end);
  if (!f) return null;
  const fixes = fixesFor(f, doc.getText(), state.kind).map((x) => `- ${x.title}${x.isPreferred ? ' *(preferred)*' : ''}`);
  return {
    contents: { kind: MarkupKind.Markdown, value: `${explain(f)}\n\n**Quick fixes** (Ctrl+.):\n${fixes.join('\n')}` },
    range: { start: doc.positionAt(f.span.start), end: doc.positionAt(f.span.end) },
  };
});

connection.onCodeAction(async (params: CodeActionParams): Promise<CodeAction[]> => {
  await ready;
  const uri = params.textDocument.uri;
  const doc = documents.get(uri);
  const state = states.get(uri);
  if (!doc || !state) return [];
  const settings = await settingsFor(uri);
  analyse(doc, state, settings);
  const text = doc.getText();
  const toEdits = (edits: readonly TextEditAt[]): TextEdit[] =>
    edits.map((e) => ({ range: { start: doc.positionAt(e.span.start), end: doc.positionAt(e.span.end) }, newText: e.newText }));
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
  const shown = state.findings.filter((f) => effectiveSeverity(settings, f.code, f.severity) !== 'off');
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    for (const d of params.context.diagnostics) {
      if (d.source !== 'hopcheck') continue;
      const start = doc.offsetAt(d.range.start);
      const f = shown.find((x) => x.code === d.code && x.span.start === start);
      if (!f) continue;
      for (const fix of fixesFor(f, text, state.kind)) {
        actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: fix.isPreferred, edit: { changes: { [uri]: toEdits(fix.edits) } } });
      }
    }
  }
  if (wants(FIX_ALL_KIND) && (only !== undefined || actions.length > 0)) {
    const { fixes } = preferredEdits(shown, text, state.kind);
    if (fixes.length) {
      actions.push({ title: 'hopcheck: fix all double-hop problems in this file', kind: FIX_ALL_KIND, edit: { changes: { [uri]: toEdits(fixes.flatMap((x) => x.edits)) } } });
    }
  }
  return actions;
});

process.on('uncaughtException', (e) => connection.console.error(`hopcheck: unexpected error: ${e.stack ?? String(e)}`));

documents.listen(connection);
connection.listen();
