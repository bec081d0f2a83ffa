// Running workspace scans: at start-up, on the scan command, and when settings change. Scans may
// overlap (a newer one stops an older one at its next file); the server is "scanning" until the last
// running one ends, and only the newest reports progress.
import type { CancellationToken, Connection } from 'vscode-languageserver/node';
import type { WorkspaceScanner } from '../workspace/scan';
import type { WorkspaceFolders } from './folders';
import type { FolderSettings } from './settings';
import type { Status } from './status';

/** The command "hopcheck: Scan Workspace" sends (the VS Code client and any other LSP client). */
export const SCAN_COMMAND = 'hopcheck.server.scanWorkspace';

export class Scans {
  private running = 0;
  private newest = 0;

  constructor(
    private readonly connection: Connection,
    private readonly scanner: WorkspaceScanner,
    private readonly folders: WorkspaceFolders,
    private readonly settings: FolderSettings,
    private readonly status: Status,
  ) {}

  /** Scans the given folders (all by default). Resolves with the number of files, undefined if stopped. */
  async run(token?: CancellationToken, folders: readonly string[] = this.folders.all()): Promise<number | undefined> {
    if (folders.length === 0) return 0;
    const mine = ++this.newest;
    this.running++;
    this.status.scanning({ done: 0, total: 0 });
    const progress = await this.connection.window.createWorkDoneProgress().catch(() => undefined);
    progress?.begin('hopcheck: scanning workspace', 0, 'listing files', true);
    try {
      return await this.scanner.scan(folders, (p) => {
        if (mine !== this.newest) return;
        progress?.report(p.total ? Math.round((100 * p.done) / p.total) : 0, `${p.done} of ${p.total} files`);
        this.status.scanning(p);
      }, () => !!token?.isCancellationRequested || !!progress?.token.isCancellationRequested);
    } catch (e) {
      this.connection.console.error(`hopcheck: workspace scan failed: ${(e as Error).stack ?? String(e)}`);
      return undefined;
    } finally {
      progress?.done();
      if (--this.running === 0) this.status.scanning(undefined);
    }
  }

  /**
   * At start-up and after a settings change: the folders that scan on their own (`scan.onStartup`),
   * those whose scanned files have diagnostics out (the new settings may hide them), and disabled
   * ones (to clear them).
   */
  async background(): Promise<void> {
    const wanted: string[] = [];
    for (const folder of this.folders.all()) {
      const s = await this.settings.forFolder(folder);
      if (s.scanOnStartup || !s.enable || this.scanner.hasPublishedUnder(folder)) wanted.push(folder);
    }
    if (wanted.length) await this.run(undefined, wanted);
  }
}
