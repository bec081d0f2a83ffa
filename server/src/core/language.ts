// Which analyser a document gets. The file extension decides: VS Code calls .vbs files `vb` (and
// VB.NET's .vb files too, which are not VBScript) and has no language id for .wsf/.hta, and the CLI
// has only the path. A language id counts only for a document without an extension (a new, untitled one).
export type DocKind = 'powershell' | 'vbscript' | 'wsf' | 'hta';

const BY_EXTENSION: Record<string, DocKind> = {
  '.ps1': 'powershell', '.psm1': 'powershell', '.psd1': 'powershell',
  '.vbs': 'vbscript', '.wsf': 'wsf', '.hta': 'hta',
};

/** Not `vb`: that is VB.NET as much as VBScript, and a .vbs file is known by its extension anyway. */
const BY_LANGUAGE_ID: Record<string, DocKind> = { powershell: 'powershell', vbscript: 'vbscript' };

export const SCANNED_EXTENSIONS = Object.keys(BY_EXTENSION);

export function kindOf(pathOrUri: string, languageId?: string): DocKind | undefined {
  const clean = pathOrUri.replace(/[?#].*$/, '');
  const dot = clean.lastIndexOf('.');
  const slash = Math.max(clean.lastIndexOf('/'), clean.lastIndexOf('\\'), clean.indexOf(':'));
  if (dot > slash) return BY_EXTENSION[clean.slice(dot).toLowerCase()];
  return languageId ? BY_LANGUAGE_ID[languageId] : undefined;
}

/**
 * Documents the language server analyses: files (`file:`) and new ones (`untitled:`). Other schemes are
 * other views of a file (a git diff's old side, a virtual file system, an output pane): diagnostics
 * there would repeat or contradict the file's own.
 */
export function isAnalysedScheme(uri: string): boolean {
  return uri.startsWith('file:') || uri.startsWith('untitled:');
}
