// The VS Code side: starts the hopcheck language server (the same one any LSP editor can use) and adds
// the editor UI: a status bar item with the server's state and the count of findings, the
// "Scan Workspace" command with a progress notification, and an output channel for the server's log.
import * as path from 'node:path';
import { FILE_GLOB, KIND_BY_EDITOR_LANGUAGE } from '../../server/src/catalogue/derive';
import {
  commands, ProgressLocation, StatusBarAlignment, TabInputText, ThemeColor, Uri, window,
  type ExtensionContext, type StatusBarItem, type TextEditor,
} from 'vscode';
import {
  ExecuteCommandRequest, LanguageClient, State, TransportKind,
  type LanguageClientOptions, type ServerOptions,
} from 'vscode-languageclient/node';

/** What the server reports in `hopcheck/status` notifications (server/src/lsp/status.ts). */
interface ServerStatus {
  /** `error`: a language cannot be checked (its grammar did not load); `message` says which and why. */
  state: 'idle' | 'scanning' | 'error';
  message?: string;
  /** Present while a scan runs (also in the error state: the other language is still scanned). */
  scanned?: number;
  total?: number;
  errors: number;
  warnings: number;
  infos: number;
}

const SERVER_SCAN_COMMAND = 'hopcheck.server.scanWorkspace';

/** Editor language ids that name a script kind (the catalogue's; `vb` is not one of them). */
const UNTITLED_LANGUAGES = Object.keys(KIND_BY_EDITOR_LANGUAGE);

/** The server's CODE_CACHE_DIR_ENV (server/src/base/code-cache.ts): the folder it keeps V8's code cache in. */
const CODE_CACHE_DIR_ENV = 'HOPCHECK_CODE_CACHE_DIR';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  // The server keeps V8's code cache in the extension's own storage, not in its install folder, which may be
  // read-only and is not the extension's to write (docs/decisions.md, "The language server's code cache").
  const storage = context.globalStorageUri.scheme === 'file' ? path.join(context.globalStorageUri.fsPath, 'code-cache') : undefined;
  const env = storage ? { [CODE_CACHE_DIR_ENV]: storage } : undefined;
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio, options: { env } },
    debug: { module: serverModule, transport: TransportKind.stdio, options: { env, execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const output = window.createOutputChannel('hopcheck', { log: true });
  const clientOptions: LanguageClientOptions = {
    // By extension: VS Code calls .vbs `vb` (and VB.NET's .vb too) and has no language for .wsf/.hta.
    // Files on disk and new PowerShell documents only: not git diffs, virtual file systems or output
    // panes, whose diagnostics would repeat or contradict the file's own (the server checks too).
    documentSelector: [
      { scheme: 'file', pattern: FILE_GLOB },
      // A new document has no extension yet: its language id decides (never `vb`, which is VB.NET too).
      ...UNTITLED_LANGUAGES.map((language) => ({ scheme: 'untitled', language })),
    ],
    synchronize: { configurationSection: 'hopcheck' },
    outputChannel: output,
  };
  const c = new LanguageClient('hopcheck', 'hopcheck', serverOptions, clientOptions);
  client = c;

  const status = window.createStatusBarItem(StatusBarAlignment.Left, 10);
  status.name = 'hopcheck';
  status.command = 'workbench.actions.view.problems';
  showState(status, 'starting');
  status.show();

  let latest: ServerStatus | undefined;
  const listeners = new Set<(s: ServerStatus) => void>();
  context.subscriptions.push(
    output, status,
    c.onDidChangeState((e) => {
      if (e.newState === State.Stopped) showState(status, 'stopped');
      else if (e.newState === State.Starting) showState(status, 'starting');
      else if (latest) showStatus(status, latest);
      else showState(status, 'running');
    }),
    commands.registerCommand('hopcheck.restartServer', async () => { await c.restart(); }),
    commands.registerCommand('hopcheck.showOutput', () => output.show(true)),
    commands.registerCommand('hopcheck.scanWorkspace', () => window.withProgress(
      { location: ProgressLocation.Notification, title: 'hopcheck: scanning workspace', cancellable: true },
      async (progress, token) => {
        let reported = 0;
        const onStatus = (s: ServerStatus) => {
          if (s.scanned === undefined || !s.total) return;
          const pct = Math.floor((100 * (s.scanned ?? 0)) / s.total);
          progress.report({ increment: pct - reported, message: `${s.scanned} of ${s.total} files` });
          reported = pct;
        };
        listeners.add(onStatus);
        try {
          const r = await c.sendRequest(ExecuteCommandRequest.type, { command: SERVER_SCAN_COMMAND, arguments: [] }, token) as { files: number | null; findings: number } | null;
          if (r && r.files !== null) {
            void window.setStatusBarMessage(`hopcheck: scanned ${plural(r.files, 'file')}, ${plural(r.findings, 'finding')} in files not open`, 5000);
          }
        } finally {
          listeners.delete(onStatus);
        }
      },
    )),
  );
  // A rule link (the diagnostic's code, the hover) opens the page shipped in the extension's docs/rules/:
  // show it rendered, as VS Code shows a README, instead of as Markdown source. The link stays a plain
  // file URI (no command: URI in a diagnostic); the preview replaces the text tab it opened.
  const rulePages = Uri.joinPath(context.extensionUri, 'docs', 'rules').toString() + '/';
  context.subscriptions.push(window.onDidChangeActiveTextEditor((e) => { void previewRulePage(e, rulePages); }));
  void previewRulePage(window.activeTextEditor, rulePages);

  await c.start();
  context.subscriptions.push(c.onNotification('hopcheck/status', (s: ServerStatus) => {
    latest = s;
    showStatus(status, s);
    for (const l of listeners) l(s);
  }));
}

async function previewRulePage(editor: TextEditor | undefined, rulePages: string): Promise<void> {
  const uri = editor?.document.uri;
  if (!uri || !uri.toString().startsWith(rulePages) || !uri.path.endsWith('.md')) return;
  const tab = window.tabGroups.activeTabGroup.activeTab;
  try {
    await commands.executeCommand('markdown.showPreview', uri);
  } catch {
    return; // the built-in Markdown extension is disabled: the page stays open as text
  }
  if (tab?.input instanceof TabInputText && tab.input.uri.toString() === uri.toString()) await window.tabGroups.close(tab, true);
}

function showState(item: StatusBarItem, state: 'starting' | 'running' | 'stopped'): void {
  item.text = state === 'stopped' ? '$(circle-slash) hopcheck' : state === 'starting' ? '$(loading~spin) hopcheck' : '$(check) hopcheck';
  item.tooltip = `hopcheck language server: ${state}`;
  item.backgroundColor = undefined;
}

function showStatus(item: StatusBarItem, s: ServerStatus): void {
  // The error state stays until the server restarts: a language that is not checked must not look clean.
  item.backgroundColor = s.state === 'error' ? new ThemeColor('statusBarItem.errorBackground') : undefined;
  item.command = s.state === 'error' ? 'hopcheck.showOutput' : 'workbench.actions.view.problems';
  if (s.state === 'error') {
    item.text = '$(error) hopcheck';
    item.tooltip = `${s.message ?? 'hopcheck: a language cannot be checked'} (click for the output)`;
    return;
  }
  if (s.state === 'scanning') {
    item.text = `$(sync~spin) hopcheck ${s.scanned ?? 0}/${s.total ?? '?'}`;
    item.tooltip = 'hopcheck: scanning the workspace for double-hop problems';
    return;
  }
  const total = s.errors + s.warnings + s.infos;
  item.text = total === 0 ? '$(check) hopcheck' : `$(error) ${s.errors} $(warning) ${s.warnings} hopcheck`;
  item.tooltip = total === 0 ? 'hopcheck: no double-hop problems found'
    : `hopcheck: ${s.errors} errors, ${s.warnings} warnings, ${s.infos} notes (click for the Problems panel)`;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

/** "1 file", "3 files". */
function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
