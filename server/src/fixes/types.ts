// A quick fix: a title and exact text edits (offsets into the document), computed from fact ranges.
import type { Span } from '../facts/model';

export interface TextEditAt {
  span: Span;
  newText: string;
  /** A setup line several fixes may each add (`$cred = Get-Credential`): applying them together keeps the first. */
  once?: true;
}

export interface Fix {
  title: string;
  edits: TextEditAt[];
  /** The fix `source.fixAll.hopcheck` and `hopcheck --fix` apply. */
  isPreferred?: boolean;
  /**
   * Makes the finding go away by widening what credentials can do (delegation, CredSSP) instead of
   * removing the second hop: offered, never preferred (fixes/index.ts), its cost in the title.
   */
  weakensSecurity?: true;
}

/** What requesting delegation costs, said in the title of every fix that does it. */
export const DELEGATION_COST = 'needs the nodes trusted for delegation, widens what the token can do';

/** Applies non-overlapping edits to a text (later offsets first, so earlier ones stay valid). */
export function applyEdits(text: string, edits: readonly TextEditAt[]): string {
  // Later offsets first; two insertions at the same place keep their given order in the result.
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => b.e.span.start - a.e.span.start || b.e.span.end - a.e.span.end || b.i - a.i).map((x) => x.e);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}
