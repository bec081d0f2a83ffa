// Code actions: the quick fixes of each hopcheck diagnostic in the request, and the source action
// that applies every preferred fix in the file (spec §6). Built from the findings of the document's
// current text, so every edit applies to the text the editor has.
import { CodeActionKind, type CancellationToken, type CodeAction, type CodeActionParams, type TextEdit } from 'vscode-languageserver/node';
import { fixesFor, preferredEdits, type TextEditAt } from '../core/fix';
import { shown } from './diagnostics';
import type { OpenDocuments } from './documents';

/** The source action that applies every preferred fix in the file. */
export const FIX_ALL_KIND = 'source.fixAll.hopcheck';

export async function codeActions(docs: OpenDocuments, params: CodeActionParams, token?: CancellationToken): Promise<CodeAction[]> {
  const uri = params.textDocument.uri;
  const current = await docs.current(uri, () => !!token?.isCancellationRequested);
  if (!current) return [];
  const { doc, kind, settings } = current;
  const text = doc.getText();
  const toEdits = (edits: readonly TextEditAt[]): TextEdit[] =>
    edits.map((e) => ({ range: { start: doc.positionAt(e.span.start), end: doc.positionAt(e.span.end) }, newText: e.newText }));
  const only = params.context.only;
  const wants = (k: string) => !only || only.some((o) => k === o || k.startsWith(`${o}.`));
  const findings = shown(current.findings, settings).map((s) => s.finding);
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    for (const d of params.context.diagnostics) {
      if (d.source !== 'hopcheck') continue;
      const start = doc.offsetAt(d.range.start);
      const f = findings.find((x) => x.code === d.code && x.span.start === start);
      if (!f) continue;
      for (const fix of fixesFor(f, text, kind)) {
        actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: fix.isPreferred, edit: { changes: { [uri]: toEdits(fix.edits) } } });
      }
    }
  }
  if (wants(FIX_ALL_KIND) && (only !== undefined || actions.length > 0)) {
    const { fixes } = preferredEdits(findings, text, kind);
    if (fixes.length) {
      actions.push({ title: 'hopcheck: fix all double-hop problems in this file', kind: FIX_ALL_KIND, edit: { changes: { [uri]: toEdits(fixes.flatMap((x) => x.edits)) } } });
    }
  }
  return actions;
}
