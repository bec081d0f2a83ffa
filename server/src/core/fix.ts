// The one entry point for fixes that the front doors use: the quick fixes of one finding (code actions,
// hover), and the preferred fix of every finding of a file applied at once (*Fix all*, `--fix`).
import type { FileKind } from '../catalogue/index';
import { fixesFor, preferredEdits } from '../fixes/index';
import { applyEdits, type Fix, type TextEditAt } from '../fixes/types';
import type { Finding } from '../rules/types';

export { fixesFor, preferredEdits, type Fix, type TextEditAt };

/** The text with the preferred fix of each finding applied (overlapping ones skipped), or undefined when none applies. */
export function applyPreferredFixes(text: string, kind: FileKind, findings: Finding[]): { text: string; count: number } | undefined {
  const { fixes } = preferredEdits(findings, text, kind);
  if (fixes.length === 0) return undefined;
  return { text: applyEdits(text, fixes.flatMap((f) => f.edits)), count: fixes.length };
}
