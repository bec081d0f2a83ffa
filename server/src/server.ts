// The hopcheck language server: LSP wiring only. Documents come in, the core pipeline runs, and
// diagnostics (with rule links and the trace) and hovers go out. Usable from any LSP editor:
// `hopcheck-language-server --stdio`.
import {
  createConnection, DiagnosticSeverity, DidChangeConfigurationNotification, MarkupKind, ProposedFeatures,
  TextDocuments, TextDocumentSyncKind,
  CodeActionKind,
  type CodeAction, type CodeActionParams, type Diagnostic, type Hover, type InitializeResult, type TextDocumentContentChangeEvent, type TextEdit,
} from 'vscode-languageserver/node';
import { fileURLToPath } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeText, findingsFromFacts, initParsers, siblingReader } from './core/analyze';
import { DEFAULT_SETTINGS, effectiveSeverity, normalizeSettings, type Settings } from './core/config';
import { kindOf, type DocKind } from './core/language';
import { extractPowerShell } from './facts/powershell/extract';
import { editTree, parsePowerShell, type Tree } from './parse/powershell';
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
  findings: Finding[];
  /** The document version the findings are for. */
  version: number;
  analysed?: boolean;
}

const states = new Map<string, DocState>();

// Our own TextDocuments updater: it sees each incremental change with the text it applies to,
// which is what tree-sitter needs to edit the kept tree.
const documents = new TextDocuments<TextDocument>({
  create: TextDocument.create,
  update(doc: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
    const state = states.get(doc.uri);
    for (const change of changes) {
      if (state?.tree && 'range' in change) {
        const start = doc.offsetAt(change.range.start);
        const oldEnd = doc.offsetAt(change.range.end);
        editTree(state.tree, {
          start, oldEnd, newText: change.text,
          startPosition: { row: change.range.start.line, column: change.range.start.character },
          oldEndPosition: { row: change.range.end.line, column: change.range.end.character },
        });
      } else if (state?.tree) {
        state.tree.delete(); // whole-text replacement: nothing to reuse
        state.tree = undefined;
      }
      doc = TextDocument.update(doc, [change], version);
    }
    return doc;
  },
});

let hasConfigurationCapability = false;
const settingsCache = new Map<string, Promise<Settings>>();
const ready = initParsers();

connection.onInitialize((params): InitializeResult => {
  hasConfigurationCapability = !!params.capabilities.workspace?.configuration;
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
    },
    serverInfo: { name: 'hopcheck', version: typeof HOPCHECK_VERSION === 'string' ? HOPCHECK_VERSION : '0.0.0-dev' },
  };
});

declare const HOPCHECK_VERSION: string | undefined;

connection.onInitialized(() => {
  if (hasConfigurationCapability) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'hopcheck' });
  }
});

connection.onDidChangeConfiguration((change) => {
  settingsCache.clear();
  for (const st of states.values()) st.analysed = false;
  if (!hasConfigurationCapability) pushedSettings = normalizeSettings((change.settings as { hopcheck?: unknown } | undefined)?.hopcheck).settings;
  for (const doc of documents.all()) schedule(doc.uri);
});

/** Settings for clients that push them instead of answering workspace/configuration. */
let pushedSettings: Settings = DEFAULT_SETTINGS;

function settingsFor(uri: string): Promise<Settings> {
  if (!hasConfigurationCapability) return Promise.resolve(pushedSettings);
  let s = settingsCache.get(uri);
  if (!s) {
    s = connection.workspace.getConfiguration({ scopeUri: uri, section: 'hopcheck' }).then(
      (raw: unknown) => {
        const { settings, problems } = normalizeSettings(raw);
        for (const p of problems) connection.console.warn(`hopcheck settings: ${p}`);
        return settings;
      },
      () => DEFAULT_SETTINGS,
    );
    settingsCache.set(uri, s);
  }
  return s;
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
  schedule(e.document.uri);
});
documents.onDidChangeContent((e) => { if (states.has(e.document.uri)) schedule(e.document.uri); });
documents.onDidClose((e) => {
  const state = states.get(e.document.uri);
  state?.tree?.delete();
  states.delete(e.document.uri);
  settingsCache.delete(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
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
    diagnostics.push(toDiagnostic(doc, uri, f, severity));
  }
  void connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
}

/** Brings a document's findings up to date with its text (synchronous: trees and text stay in step). */
function analyse(doc: TextDocument, state: DocState, settings: Settings): void {
  if (state.version === doc.version && state.analysed) return;
  try {
    if (!settings.enable) {
      state.findings = [];
    } else if (state.kind === 'powershell') {
      const text = doc.getText();
      const tree = parsePowerShell(text, state.tree);
      state.tree?.delete();
      state.tree = tree;
      const facts = extractPowerShell(tree, text, { readScript: siblingReader(pathOf(doc.uri)) });
      state.findings = findingsFromFacts(facts, { localNames: settings.localNames });
    } else {
      state.findings = analyzeText(doc.getText(), state.kind, { localNames: settings.localNames, path: pathOf(doc.uri) }).findings;
    }
  } catch (e) {
    // Never let one document take the server down: report it once and publish nothing for it.
    connection.console.error(`hopcheck: could not analyse ${doc.uri}: ${(e as Error).stack ?? String(e)}`);
    state.findings = [];
  }
  state.version = doc.version;
  state.analysed = true;
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

function toDiagnostic(doc: TextDocument, uri: string, f: Finding, severity: Severity): Diagnostic {
  const range = (s: { start: number; end: number }) => ({ start: doc.positionAt(s.start), end: doc.positionAt(s.end) });
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
  if (!doc || !state) return null;
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
