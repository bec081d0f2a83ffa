// Background analysis of the files in the workspace folders that are not open in the editor: the
// risky scripts surface without opening each one. Files are re-analysed only when their content hash
// changes; the loop yields to the event loop between files so requests for open documents go first.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { analyzeText } from '../core/analyze';
import { DEFAULT_BUDGET_MS } from '../core/budget';
import type { Settings } from '../core/config';
import { kindOf } from '../core/language';
import type { Finding } from '../rules/types';
import { decode } from './decode';
import { discover } from './discover';
import { rootFolderOf } from './referenced-script';

export interface ScanHost {
  settings(): Promise<Settings>;
  /** Is the file open in the editor (`uri` spelled as the scan spells it)? */
  isOpen(uri: string): boolean;
  /** Publish (or clear, with no findings) the diagnostics of a file that is not open. */
  publish(uri: string, text: string, findings: Finding[], settings: Settings): void;
  log(message: string): void;
  notice(message: string): void;
}

export interface ScanProgress {
  done: number;
  total: number;
}

interface CacheEntry {
  hash: string;
  text: string;
  findings: Finding[];
}

/**
 * Caps of one background scan: a workspace opened by mistake at `/` or holding a huge generated tree
 * must not keep the server reading for hours or fill its memory. Both are said in a notice when hit.
 */
export interface ScanLimits {
  maxFiles: number;
  maxBytes: number;
}

export const DEFAULT_SCAN_LIMITS: ScanLimits = { maxFiles: 20_000, maxBytes: 200 * 1024 * 1024 };

export class WorkspaceScanner {
  private readonly cache = new Map<string, CacheEntry>();
  /** Files that currently have published diagnostics from the scan. */
  private readonly published = new Set<string>();
  private generation = 0;
  /** The folders of the last scan: the limit of the scripts a changed file may reference. */
  private folders: string[] = [];

  private readonly limits: ScanLimits;

  constructor(private readonly host: ScanHost, limits: Partial<ScanLimits> = {}) {
    this.limits = { ...DEFAULT_SCAN_LIMITS, ...limits };
  }

  /** Findings of every scanned file that is not open, for the status bar count. */
  findings(): Finding[] {
    const out: Finding[] = [];
    for (const [uri, e] of this.cache) if (!this.host.isOpen(uri)) out.push(...e.findings);
    return out;
  }

  /**
   * Scans the folders; a newer scan (or `cancelled()` turning true) stops an older one. Resolves with
   * the number of files analysed, or undefined when it was superseded or cancelled.
   */
  async scan(folders: string[], onProgress: (p: ScanProgress) => void, cancelled: () => boolean): Promise<number | undefined> {
    const generation = ++this.generation;
    const settings = await this.host.settings();
    if (!settings.enable) return 0;
    this.folders = folders;
    const found = discover(folders, {
      include: settings.include, exclude: settings.exclude, maxFileSizeKb: settings.maxFileSizeKb,
      maxFiles: this.limits.maxFiles, maxBytes: this.limits.maxBytes,
    });
    for (const p of found.problems) this.host.log(`scan: ${p.path}: ${p.reason}`);
    if (found.capped) {
      this.host.notice(`hopcheck scanned only part of the workspace: ${found.capped}; `
        + `${found.files.length} files are checked, open a file to check it`);
    }
    const tooLarge = found.skipped.filter((s) => /maxFileSizeKb/.test(s.reason));
    for (const s of found.skipped) if (!tooLarge.includes(s)) this.host.log(`scan: skipped ${s.path}: ${s.reason}`);
    if (tooLarge.length) {
      const names = tooLarge.map((s) => s.path);
      this.host.notice(`hopcheck skipped ${names.length} file${names.length === 1 ? '' : 's'} larger than maxFileSizeKb (${settings.maxFileSizeKb} KiB): `
        + `${names.slice(0, 5).join(', ')}${names.length > 5 ? `, and ${names.length - 5} more` : ''}`);
    }
    const seen = new Set<string>();
    let last = 0;
    for (let i = 0; i < found.files.length; i++) {
      if (generation !== this.generation || cancelled()) return undefined;
      const file = found.files[i];
      const uri = pathToFileURL(file).href;
      seen.add(uri);
      if (!this.host.isOpen(uri)) this.analyseFile(file, uri, settings, false, found.roots.get(file));
      const now = Date.now();
      if (now - last > 50 || i === found.files.length - 1) {
        last = now;
        onProgress({ done: i + 1, total: found.files.length });
      }
      // Let LSP requests (open documents, hovers, cancellation) in between files.
      await new Promise<void>((r) => setImmediate(r));
    }
    // Files gone since the last scan lose their diagnostics.
    for (const uri of [...this.cache.keys()]) if (!seen.has(uri) && isUnder(uri, folders)) this.forget(uri, settings);
    return found.files.length;
  }

  /** One file changed on disk (`workspace/didChangeWatchedFiles`). */
  async changed(path: string): Promise<void> {
    const uri = pathToFileURL(path).href;
    if (this.host.isOpen(uri) || !kindOf(path)) return;
    this.analyseFile(path, uri, await this.host.settings());
  }

  async deleted(path: string): Promise<void> {
    this.forget(pathToFileURL(path).href, await this.host.settings());
  }

  /** Drop cached results (settings changed: everything must be re-analysed). */
  invalidate(): void {
    this.cache.clear();
  }

  /** A document was closed in the editor: show the scan's view of it again (or nothing). */
  async closed(path: string): Promise<void> {
    if (kindOf(path)) this.analyseFile(path, pathToFileURL(path).href, await this.host.settings(), true);
  }

  /** `uri` is this file's URI as the scan spells it (pathToFileURL). */
  private analyseFile(path: string, uri: string, settings: Settings, force = false, root = rootFolderOf(path, this.folders)): void {
    // Checked here, when the result would be published, not before some await: the document may
    // have been opened (or closed and opened again) in between, and the editor's text wins.
    if (this.host.isOpen(uri)) return;
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (e) {
      this.host.log(`scan: cannot read ${path}: ${(e as Error).message}`);
      this.forget(uri, settings);
      return;
    }
    if (bytes.length > settings.maxFileSizeKb * 1024) return;
    const hash = createHash('sha1').update(bytes).digest('hex');
    const cached = this.cache.get(uri);
    if (cached?.hash === hash && !force) return; // unchanged: its diagnostics are already out
    const kind = kindOf(path);
    const decoded = decode(bytes);
    if (!kind || !decoded.ok) {
      if (!decoded.ok) this.host.log(`scan: skipped ${path}: ${decoded.reason}`);
      this.forget(uri, settings);
      return;
    }
    let findings: Finding[];
    try {
      findings = analyzeText(decoded.text, kind, { localNames: settings.localNames, path, root, budgetMs: DEFAULT_BUDGET_MS }).findings.map(({ context: _c, ...f }) => f);
    } catch (e) {
      this.host.log(`scan: could not analyse ${path}: ${(e as Error).message}`);
      findings = [];
    }
    // Keep the text only where there is something to show (positions); most files have no finding.
    this.cache.set(uri, { hash, text: findings.length ? decoded.text : '', findings });
    if (findings.length || this.published.has(uri)) {
      this.host.publish(uri, decoded.text, findings, settings);
      if (findings.length) this.published.add(uri);
      else this.published.delete(uri);
    }
  }

  private forget(uri: string, settings: Settings): void {
    this.cache.delete(uri);
    if (this.published.delete(uri) && !this.host.isOpen(uri)) this.host.publish(uri, '', [], settings);
  }
}

function isUnder(uri: string, folders: string[]): boolean {
  return folders.some((f) => uri.startsWith(pathToFileURL(f).href));
}
