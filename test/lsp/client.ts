// A minimal LSP client for tests: starts the real server process (dist/server.js --stdio) and
// speaks JSON-RPC to it over its stdin/stdout.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export const SERVER = join(__dirname, '..', '..', 'dist', 'server.js');

export class TestClient {
  readonly proc: ChildProcess;
  readonly conn: MessageConnection;
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  /** Every publishDiagnostics, all URIs, in arrival order. */
  readonly published: PublishDiagnosticsParams[] = [];
  private waiters: { uri: string; pred: (d: PublishDiagnosticsParams) => boolean; resolve: (d: PublishDiagnosticsParams) => void }[] = [];
  stderr = '';
  /** `$/progress` notifications, in order. */
  readonly progress: { token: string | number; value: { kind: string; percentage?: number; message?: string; title?: string } }[] = [];
  readonly messages: string[] = [];
  readonly statuses: Record<string, unknown>[] = [];
  /** `window/logMessage` notifications (the output channel), in order. */
  readonly logs: { type: number; message: string }[] = [];
  /** What `workspace/configuration` answers for section `hopcheck`. */
  settings: Record<string, unknown> = {};
  /** The `scopeUri` of every `workspace/configuration` item asked for, in order. */
  readonly configurationScopes: (string | undefined)[] = [];

  /** `server`: another build of the server to start (a copy of dist/ with a file removed, say). */
  constructor(server = SERVER) {
    this.proc = spawn(process.execPath, [...(process.env.HOPCHECK_SERVER_NODE_ARGS ? process.env.HOPCHECK_SERVER_NODE_ARGS.split(' ') : []), server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.on('data', (d: Buffer) => { this.stderr += d.toString(); });
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.push(p);
      const list = this.diagnostics.get(p.uri) ?? [];
      list.push(p);
      this.diagnostics.set(p.uri, list);
      this.waiters = this.waiters.filter((w) => {
        if (w.uri === p.uri && w.pred(p)) { w.resolve(p); return false; }
        return true;
      });
    });
    this.conn.onRequest('workspace/configuration', (params: { items: { section?: string; scopeUri?: string }[] }) => {
      this.configurationScopes.push(...params.items.map((i) => i.scopeUri));
      return params.items.map((i) => (i.section === 'hopcheck' ? this.settings : null));
    });
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onNotification('$/progress', (p: TestClient['progress'][number]) => { this.progress.push(p); });
    this.conn.onNotification('window/showMessage', (p: { message: string }) => { this.messages.push(p.message); });
    this.conn.onRequest('window/showMessageRequest', (p: { message: string }) => { this.messages.push(p.message); return null; });
    this.conn.onNotification('hopcheck/status', (p: Record<string, unknown>) => { this.statuses.push(p); });
    this.conn.onNotification('window/logMessage', (p: { type: number; message: string }) => { this.logs.push(p); });
    this.conn.listen();
  }

  /** `root`: one workspace folder's URI, or several (the first is also the rootUri). */
  async initialize(root: string | string[] | null = null): Promise<unknown> {
    const roots = root === null ? [] : typeof root === 'string' ? [root] : root;
    const result = await this.conn.sendRequest('initialize', {
      processId: process.pid, rootUri: roots[0] ?? null,
      workspaceFolders: roots.length ? roots.map((uri, i) => ({ uri, name: `ws${i}` })) : null,
      capabilities: {
        window: { workDoneProgress: true },
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true }, hover: { contentFormat: ['markdown'] } },
      },
    });
    await this.conn.sendNotification('initialized', {});
    return result;
  }

  open(uri: string, languageId: string, text: string, version = 1): Promise<void> {
    return this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  /** Resolves with the next publishDiagnostics for `uri` that satisfies `pred` (already received ones count). */
  waitForDiagnostics(uri: string, pred: (d: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 15000): Promise<PublishDiagnosticsParams> {
    const seen = (this.diagnostics.get(uri) ?? []).find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; stderr: ${this.stderr}`)), timeoutMs);
      this.waiters.push({ uri, pred, resolve: (d) => { clearTimeout(timer); resolve(d); } });
    });
  }

  /** URIs whose latest publishDiagnostics was not empty. */
  urisWithDiagnostics(): string[] {
    return [...this.diagnostics].filter(([, list]) => (list.at(-1)?.diagnostics.length ?? 0) > 0).map(([uri]) => uri);
  }

  /** The latest publishDiagnostics for `uri`, if any. */
  latest(uri: string): PublishDiagnosticsParams | undefined {
    return this.diagnostics.get(uri)?.at(-1);
  }

  /**
   * A round trip: resolves once the server has answered a request sent now, so every notification it
   * sent before (diagnostics, status) has been received.
   */
  async sync(): Promise<void> {
    await this.conn.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///hopcheck-sync/none.ps1' }, position: { line: 0, character: 0 } });
  }

  /** Forget what was received so far for `uri` (before an edit whose result we want). */
  clear(uri: string): void {
    this.diagnostics.delete(uri);
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.conn.sendNotification('exit');
    } catch { /* already gone */ }
    this.conn.dispose();
    if (this.proc.exitCode === null) this.proc.kill();
  }
}

export const codes = (ds: Diagnostic[]): string[] => ds.map((d) => `${d.code} ${d.range.start.line + 1}:${d.range.start.character + 1}`).sort();

/** Waits until `pred` holds (polling; the test's own timeout bounds it). */
export async function waitFor(pred: () => boolean, ms = 20000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
