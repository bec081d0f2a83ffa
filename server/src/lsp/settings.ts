// Settings per workspace folder: the editor's `hopcheck.*` for the folder, with the folder's own
// `.hopcheck.json` over them. Cached by folder (files outside every folder share one entry), so the
// cache is bounded by the number of folders whatever is opened and closed. VS Code resolves
// resource-scoped settings per folder: a file URI as scope would give the same answer, one request per file.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, formatSettingsProblem, loadSettingsFile, normalizeSettings, overlaySettings, type Settings } from '../core/config';
import type { WorkspaceFolders } from './folders';

export interface SettingsSource {
  /** The editor's settings for a folder (its URI), or the global ones (undefined). */
  editor(scopeUri: string | undefined): Promise<unknown>;
  /** Does the client answer `workspace/configuration`? If not, `pushed` holds what it last sent. */
  pulls(): boolean;
  warn(message: string): void;
}

export class FolderSettings {
  private readonly cache = new Map<string, Promise<Settings>>();
  private pushed: Settings = DEFAULT_SETTINGS;

  constructor(private readonly folders: WorkspaceFolders, private readonly source: SettingsSource) {}

  /** Settings sent with `workspace/didChangeConfiguration` by clients that do not answer requests. */
  push(raw: unknown): void {
    const { settings, problems } = normalizeSettings(raw);
    for (const p of problems) this.source.warn(`hopcheck settings: ${p}`);
    this.pushed = settings;
  }

  /** The workspace folder (a path) a document or file URI belongs to, if any. */
  folderOf(uri: string): string | undefined {
    return this.folders.folderOf(uri);
  }

  /** The settings that apply to a document or file URI. */
  forUri(uri: string): Promise<Settings> {
    return this.forFolder(this.folders.folderOf(uri));
  }

  /** The settings of a workspace folder (a path), or of files outside every folder (undefined). */
  forFolder(folder: string | undefined): Promise<Settings> {
    const key = folder ?? '';
    let s = this.cache.get(key);
    if (!s) {
      s = this.editorSettings(folder).then((base) => (folder === undefined ? base : this.withTeamFile(base, folder)));
      this.cache.set(key, s);
    }
    return s;
  }

  /** Forget everything (settings or a `.hopcheck.json` changed). */
  clear(): void {
    this.cache.clear();
  }

  private editorSettings(folder: string | undefined): Promise<Settings> {
    if (!this.source.pulls()) return Promise.resolve(this.pushed);
    const scope = folder === undefined ? undefined : this.folders.uriOf(folder);
    return this.source.editor(scope).then(
      (raw) => {
        const { settings, problems } = normalizeSettings(raw);
        for (const p of problems) this.source.warn(`hopcheck settings: ${p}`);
        return settings;
      },
      () => DEFAULT_SETTINGS,
    );
  }

  private withTeamFile(base: Settings, folder: string): Settings {
    const file = join(folder, '.hopcheck.json');
    if (!existsSync(file)) return base;
    try {
      // JSONC, like the CLI: a misspelt key or a wrong value is named with its line and the allowed values.
      const loaded = loadSettingsFile(file);
      for (const p of loaded.problems) this.source.warn(`hopcheck: ${formatSettingsProblem(file, p)}`);
      if (loaded.syntaxError) return base;
      return overlaySettings(base, loaded);
    } catch (e) {
      this.source.warn(`hopcheck: cannot read ${file}: ${(e as Error).message}`);
      return base;
    }
  }
}
