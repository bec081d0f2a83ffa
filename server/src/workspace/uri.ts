// One key per file for file: URIs, however a client spells them. VS Code percent-encodes every
// reserved character (`%28` for '(', `c%3A` for `C:`), Node's pathToFileURL (the scan's URIs) only a
// few, and on Windows drive letters come in either case: all of them name the same file.
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The URI of the same file as pathToFileURL spells it (on Windows, drive letter in lower case); other URIs unchanged. */
export function fileKey(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  // Asked for every scanned file on every status update: parsing URLs that often cost seconds on a
  // 10,000-file scan, so answers are remembered (bounded: cleared past 100,000 URIs).
  let key = keys.get(uri);
  if (key === undefined) {
    if (keys.size >= 100_000) keys.clear();
    keys.set(uri, (key = computeKey(uri)));
  }
  return key;
}

const keys = new Map<string, string>();

function computeKey(uri: string): string {
  try {
    const key = pathToFileURL(fileURLToPath(uri)).href;
    return process.platform === 'win32' ? key.replace(/^file:\/\/\/([A-Z]):/, (_m, d: string) => `file:///${d.toLowerCase()}:`) : key;
  } catch {
    return uri; // not a local path (a UNC host on POSIX, say): compared as written
  }
}
