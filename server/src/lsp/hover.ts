// Hover: explains the finding under the cursor and lists its fixes, for findings the settings show.
import { MarkupKind, type CancellationToken, type Hover, type HoverParams } from 'vscode-languageserver/node';
import { fixesFor } from '../core/fix';
import { explain } from '../rules/explain';
import { ruleDocUrl } from '../output/rule-docs';
import { shown } from './diagnostics';
import type { OpenDocuments } from './documents';

export async function hover(docs: OpenDocuments, params: HoverParams, token?: CancellationToken): Promise<Hover | null> {
  const current = await docs.current(params.textDocument.uri, () => !!token?.isCancellationRequested);
  if (!current) return null;
  const { doc, kind, findings, settings } = current;
  const offset = doc.offsetAt(params.position);
  const f = shown(findings, settings).map((s) => s.finding).find((x) => offset >= x.span.start && offset <= x.span.end);
  if (!f) return null;
  const fixes = fixesFor(f, doc.getText(), kind).map((x) => `- ${x.title}${x.isPreferred ? ' *(preferred)*' : ''}`);
  return {
    // The rule link as in the diagnostic: the installed page, or under hopcheck.docsBaseUrl.
    contents: { kind: MarkupKind.Markdown, value: `${explain(f, ruleDocUrl(f.code, settings.docsBaseUrl))}\n\n**Quick fixes** (Ctrl+.):\n${fixes.join('\n')}` },
    range: { start: doc.positionAt(f.span.start), end: doc.positionAt(f.span.end) },
  };
}
