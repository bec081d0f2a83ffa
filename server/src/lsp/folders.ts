// The workspace folders the server serves, as file system paths, and which one a file belongs to
// (the innermost, by path segment: workspace/paths.ts).
import { contains, pathOf } from '../workspace/paths';

export { pathOf };

export class WorkspaceFolders {
  private paths: string[] = [];
  /** Each folder's URI as the client spelled it (the scope it answers `workspace/configuration` for). */
  private readonly uris = new Map<string, string>();

  all(): readonly string[] {
    return this.paths;
  }

  uriOf(folder: string): string | undefined {
    return this.uris.get(folder);
  }

  set(uris: readonly string[]): void {
    this.paths = [];
    this.uris.clear();
    this.change(uris, []);
  }

  change(added: readonly string[], removed: readonly string[]): void {
    const gone = new Set(removed.map(pathOf));
    this.paths = this.paths.filter((f) => !gone.has(f));
    for (const uri of added) {
      const path = pathOf(uri);
      if (path === undefined || this.paths.includes(path)) continue;
      this.paths.push(path);
      this.uris.set(path, uri);
    }
    for (const g of gone) if (g !== undefined) this.uris.delete(g);
  }

  /** The innermost folder holding the file, or undefined for a file outside them all (or not a file). */
  folderOf(uri: string): string | undefined {
    const path = pathOf(uri);
    if (!path) return undefined;
    return this.folderOfPath(path);
  }

  folderOfPath(path: string): string | undefined {
    return this.paths.filter((f) => contains(f, path)).sort((a, b) => b.length - a.length)[0];
  }
}
