// Which analyser a document gets. The file extension decides first: VS Code calls .vbs files `vb`
// and has no language id for .wsf/.hta, and the CLI has only the path. Both tables are the catalogue's.
import { KIND_BY_EDITOR_LANGUAGE as BY_LANGUAGE_ID, KIND_BY_EXTENSION as BY_EXTENSION } from '../catalogue/derive';
import type { FileKind } from '../catalogue/index';
export { SCANNED_EXTENSIONS } from '../catalogue/derive';

export type DocKind = FileKind;

export function kindOf(pathOrUri: string, languageId?: string): DocKind | undefined {
  const clean = pathOrUri.replace(/[?#].*$/, '');
  const dot = clean.lastIndexOf('.');
  const slash = Math.max(clean.lastIndexOf('/'), clean.lastIndexOf('\\'));
  const ext = dot > slash ? clean.slice(dot).toLowerCase() : '';
  return BY_EXTENSION[ext] ?? (languageId ? BY_LANGUAGE_ID[languageId] : undefined);
}
