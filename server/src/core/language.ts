// Which analyser a document gets. The file extension decides: VS Code calls .vbs files `vb` (and
// VB.NET's .vb files too, which are not VBScript) and has no language id for .wsf/.hta, and the CLI
// has only the path. A language id counts only for a document without an extension (a new, untitled
// one). Both tables are the catalogue's.
import { KIND_BY_EDITOR_LANGUAGE as BY_LANGUAGE_ID, KIND_BY_EXTENSION as BY_EXTENSION } from '../catalogue/derive';
import type { FileKind } from '../catalogue/index';
export { SCANNED_EXTENSIONS } from '../catalogue/derive';

export type DocKind = FileKind;

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
