// Background analysis of the files in the workspace folders that are not open in the editor: the
// risky scripts surface without opening each one. Each folder is scanned with its own settings (its
// `enable`, globs, `.hopcheck.json`). Files are re-analysed only when their content hash changes;
// analyses run in the server's workers, one file at a time, behind open documents. What is published
// always follows the current settings: a file a scan no longer picks (excluded, folder disabled,
// deleted) loses its diagnostics.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { mayReadOtherFiles, needsAnalysis } from '../core/prefilter';
import { effectiveSeverity, type Settings } from '../core/config';
import { kindOf, type DocKind } from '../core/language';
import { contains, pathOf } from './paths';
import type { Finding } from '../rules/types';
import { decode } from '../base/decode';
import { discover } from './discover';
import { inScanScope } from './scope';

export interface ScanHost {
  /** The settings of a workspace folder. */
  settings(folder: string): Promise<Settings>;
  /** The workspace folder a file belongs to, if any. */
  folderOf(path: string): string | undefined;
  /** Is the file open in the editor (`uri` spelled as the scan spells it)? */
  isOpen(uri: string): boolean;
  /** The file's findings, or undefined when it was not analysed (stopped, cannot be checked: said elsewhere). */
  analyse(kind: DocKind, text: string, path: string, root: string, settings: Settings): Promise<Finding[] | undefined>;
  /** Publish (or clear, with no findings) the diagnostics of a file that is not open. */
  publish(uri: string, text: string, findings: Finding[], settings?: Settings): void;
  log(message: string): void;
  notice(message: string): void;
}

export interface ScanProgress {
  done: number;
  total: number;
}

/** What is kept of an analysed file: not its findings, which nothing reads once they are published. */
interface CacheEntry {
  hash: string;
  /** How many findings the settings show (rules not `off`). */
  shown: number;
  /** Its findings may depend on another file (core/analyze.ts `mayReadOtherFiles`). */
  readsOthers: boolean;
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
  /** Bumped when settings change: an analysis begun before must not be published after. */
  private epoch = 0;

  private readonly limits: ScanLimits;

  constructor(private readonly host: ScanHost, limits: Partial<ScanLimits> = {}) {
    this.limits = { ...DEFAULT_SCAN_LIMITS, ...limits };
  }

  /** Findings shown for scanned files that are not open (the scan command's answer). */
  findingCount(): number {
    let n = 0;
    for (const [uri, e] of this.cache) if (!this.host.isOpen(uri)) n += e.shown;
    return n;
  }

  /** Has the scan published diagnostics for files of this folder (so a settings change must revisit them)? */
  hasPublishedUnder(folder: string): boolean {
    return [...this.published].some((uri) => isUnder(uri, folder));
  }

  /**
   * Scans the folders; a newer scan (or `cancelled()` turning true) stops an older one. Resolves with
   * the number of files analysed, or undefined when it was superseded or cancelled.
   */
  async scan(folders: readonly string[], onProgress: (p: ScanProgress) => void, cancelled: () => boolean): Promise<number | undefined> {
    const generation = ++this.generation;
    const stale = () => generation !== this.generation || cancelled();
    // Each folder's files as discover listed them. An object for each file, and a set of every file's URI,
    // lived through the scan: in the young generation, enough of them grew it to its largest (the server's
    // peak RSS after 10,000 files with longer paths 137-141 MB, 124-131 without them).
    const work: { folder: string; settings: Settings; files: readonly string[] }[] = [];
    const scanned: string[] = [];
    // The caps hold for the whole scan, across folders.
    let files = 0;
    let bytes = 0;
    for (const folder of folders) {
      const settings = await this.host.settings(folder);
      if (stale()) return undefined;
      if (!settings.enable) {
        this.forgetUnder(folder);
        continue;
      }
      scanned.push(folder);
      const found = discover([folder], {
        include: settings.include, exclude: settings.exclude, maxFileSizeKb: settings.maxFileSizeKb,
        maxFiles: this.limits.maxFiles - files, maxBytes: this.limits.maxBytes - bytes,
      });
      files += found.files.length;
      bytes += found.bytes;
      for (const p of found.problems) this.host.log(`scan: ${p.path}: ${p.reason}`);
      if (found.capped) {
        this.host.notice(`hopcheck scanned only part of the workspace: ${found.capped}; `
          + `${files} files are checked, open a file to check it`);
      }
      const tooLarge = found.skipped.filter((s) => /maxFileSizeKb/.test(s.reason));
      for (const s of found.skipped) if (!tooLarge.includes(s)) this.host.log(`scan: skipped ${s.path}: ${s.reason}`);
      if (tooLarge.length) {
        const names = tooLarge.map((s) => s.path);
        this.host.notice(`hopcheck skipped ${names.length} file${names.length === 1 ? '' : 's'} larger than maxFileSizeKb (${settings.maxFileSizeKb} KiB): `
          + `${names.slice(0, 5).join(', ')}${names.length > 5 ? `, and ${names.length - 5} more` : ''}`);
      }
      work.push({ folder, settings, files: found.files });
      if (found.capped) break;
    }
    // What is known of files before this scan: those it does not visit are gone (deleted, or no longer picked:
    // an exclude glob added) and lose their diagnostics. Few: only files that named something are known.
    const unvisited = new Set([...this.cache.keys(), ...this.published]);
    const total = work.reduce((n, w) => n + w.files.length, 0);
    let done = 0;
    let last = 0;
    for (const { folder, settings, files } of work) {
      for (const file of files) {
        if (stale()) return undefined;
        const uri = pathToFileURL(file).href;
        unvisited.delete(uri);
        if (!this.host.isOpen(uri)) await this.analyseFile(file, uri, folder, settings);
        // Let LSP requests (open documents, hovers, cancellation) in between files.
        await new Promise<void>((r) => setImmediate(r));
        done++;
        const now = Date.now();
        if (now - last > 50 || done === total) {
          last = now;
          onProgress({ done, total });
        }
      }
    }
    if (stale()) return undefined;
    for (const uri of unvisited) if (scanned.some((f) => isUnder(uri, f))) this.forget(uri);
    return total;
  }

  /** One file changed on disk (`workspace/didChangeWatchedFiles`). */
  async changed(path: string): Promise<void> {
    const uri = pathToFileURL(path).href;
    const folder = this.host.folderOf(path);
    if (!kindOf(path) || folder === undefined) return;
    if (!this.host.isOpen(uri)) {
      const settings = await this.host.settings(folder);
      if (settings.enable && inScanScope(folder, path, settings)) await this.analyseFile(path, uri, folder, settings);
      else this.forget(uri);
    }
    await this.recheckReaders(uri);
  }

  /** Scripts that read another (-FilePath, <script src>) report its calls: when it changes, they are checked again. */
  private async recheckReaders(changed: string): Promise<void> {
    for (const [other, entry] of [...this.cache]) {
      const otherPath = pathOf(other);
      if (other === changed || !entry.readsOthers || otherPath === undefined || this.host.isOpen(other)) continue;
      const otherFolder = this.host.folderOf(otherPath);
      const settings = otherFolder === undefined ? undefined : await this.host.settings(otherFolder);
      if (otherFolder !== undefined && settings?.enable) await this.analyseFile(otherPath, other, otherFolder, settings, true);
    }
  }

  async deleted(path: string): Promise<void> {
    const uri = pathToFileURL(path).href;
    this.forget(uri);
    await this.recheckReaders(uri);
  }

  /** Settings changed: every file must be analysed again (what is published stays until then). */
  invalidate(): void {
    this.cache.clear();
    this.epoch++;
  }

  /** A document was closed in the editor: show the scan's view of it again (or nothing). */
  async closed(path: string): Promise<void> {
    const folder = this.host.folderOf(path);
    if (folder === undefined || !kindOf(path)) return;
    const settings = await this.host.settings(folder);
    if (settings.enable && settings.scanOnStartup && inScanScope(folder, path, settings)) {
      await this.analyseFile(path, pathToFileURL(path).href, folder, settings, true);
    }
  }

  /**
   * `uri` is this file's URI as the scan spells it (pathToFileURL); `folder` its workspace folder, the
   * limit of the scripts it may reference (core/referenced-script.ts).
   */
  private async analyseFile(path: string, uri: string, folder: string, settings: Settings, force = false): Promise<void> {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (e) {
      this.host.log(`scan: cannot read ${path}: ${(e as Error).message}`);
      this.forget(uri);
      return;
    }
    if (bytes.length > settings.maxFileSizeKb * 1024) {
      this.forget(uri);
      return;
    }
    const kind = kindOf(path);
    const decoded = decode(bytes);
    if (!kind || !decoded.ok) {
      if (!decoded.ok) this.host.log(`scan: skipped ${path}: ${decoded.reason}`);
      this.forget(uri);
      return;
    }
    // Most files name no cluster call at all: they need no worker, and nothing is kept of them (a later scan
    // decodes and filters them again, which costs about what hashing them to skip them would): the server's
    // memory grows with the files that name something, not with every file of the workspace.
    if (!needsAnalysis(decoded.text, kind)) {
      this.forget(uri);
      return;
    }
    const hash = createHash('sha1').update(bytes).digest('hex');
    const cached = this.cache.get(uri);
    if (cached?.hash === hash && !force) return; // unchanged: its diagnostics are already out
    const epoch = this.epoch;
    const findings = await this.host.analyse(kind, decoded.text, path, folder, settings);
    // Checked now, when the result would be published, not before the await: the document may have
    // been opened (or closed and opened again) meanwhile, and the editor's text wins; and settings
    // may have changed, whose scan analyses the file again.
    if (findings === undefined || epoch !== this.epoch || this.host.isOpen(uri)) return;
    this.cache.set(uri, {
      hash, shown: findings.filter((f) => effectiveSeverity(settings, f.code, f.severity) !== 'off').length,
      readsOthers: mayReadOtherFiles(decoded.text, kind),
    });
    if (findings.length || this.published.has(uri)) {
      this.host.publish(uri, decoded.text, findings, settings);
      if (findings.length) this.published.add(uri);
      else this.published.delete(uri);
    }
  }

  private forget(uri: string): void {
    this.cache.delete(uri);
    if (this.published.delete(uri) && !this.host.isOpen(uri)) this.host.publish(uri, '', []);
  }

  /** Clears what was published for a folder's files (the folder was removed or disabled). */
  forgetUnder(folder: string): void {
    for (const uri of new Set([...this.cache.keys(), ...this.published])) if (isUnder(uri, folder)) this.forget(uri);
  }
}

function isUnder(uri: string, folder: string): boolean {
  const path = pathOf(uri);
  return path !== undefined && contains(folder, path);
}
