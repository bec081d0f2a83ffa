// File URIs to paths, and whether a path lies inside a folder (by path segment: /ws/app does not
// contain /ws/app2/x.ps1).
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The file system path of a file: URI (other schemes have none). */
export function pathOf(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

/** Is `path` the folder itself or inside it? (Case-insensitive where file systems usually are.) */
export function contains(folder: string, path: string): boolean {
  const norm = (p: string) => (process.platform === 'win32' || process.platform === 'darwin' ? p.toLowerCase() : p);
  const f = norm(folder.length > 1 && folder.endsWith(sep) ? folder.slice(0, -1) : folder);
  const p = norm(path);
  return p === f || p.startsWith(f.endsWith(sep) ? f : f + sep);
}
