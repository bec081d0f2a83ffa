// Which analyser a document gets. The file extension decides first: VS Code calls .vbs files `vb`
// and has no language id for .wsf/.hta, and the CLI has only the path.
export type DocKind = 'powershell' | 'vbscript' | 'wsf' | 'hta';

const BY_EXTENSION: Record<string, DocKind> = {
  '.ps1': 'powershell', '.psm1': 'powershell', '.psd1': 'powershell',
  '.vbs': 'vbscript', '.wsf': 'wsf', '.hta': 'hta',
};

const BY_LANGUAGE_ID: Record<string, DocKind> = { powershell: 'powershell', vb: 'vbscript', vbscript: 'vbscript' };

export const SCANNED_EXTENSIONS = Object.keys(BY_EXTENSION);

export function kindOf(pathOrUri: string, languageId?: string): DocKind | undefined {
  const clean = pathOrUri.replace(/[?#].*$/, '');
  const dot = clean.lastIndexOf('.');
  const slash = Math.max(clean.lastIndexOf('/'), clean.lastIndexOf('\\'));
  const ext = dot > slash ? clean.slice(dot).toLowerCase() : '';
  return BY_EXTENSION[ext] ?? (languageId ? BY_LANGUAGE_ID[languageId] : undefined);
}
