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
  /** What `workspace/configuration` answers for section `hopcheck`. */
  settings: Record<string, unknown> = {};

  constructor() {
    this.proc = spawn(process.execPath, [...(process.env.HOPCHECK_SERVER_NODE_ARGS ? process.env.HOPCHECK_SERVER_NODE_ARGS.split(' ') : []), SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
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
    this.conn.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map((i) => (i.section === 'hopcheck' ? this.settings : null)));
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onNotification('$/progress', (p: TestClient['progress'][number]) => { this.progress.push(p); });
    this.conn.onNotification('window/showMessage', (p: { message: string }) => { this.messages.push(p.message); });
    this.conn.onRequest('window/showMessageRequest', (p: { message: string }) => { this.messages.push(p.message); return null; });
    this.conn.onNotification('hopcheck/status', (p: Record<string, unknown>) => { this.statuses.push(p); });
    this.conn.onNotification('window/logMessage', () => undefined);
    this.conn.listen();
  }

  async initialize(rootUri: string | null = null): Promise<unknown> {
    const result = await this.conn.sendRequest('initialize', {
      processId: process.pid, rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'ws' }] : null,
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
