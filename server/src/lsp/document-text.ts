// An open document's text in its analysis worker. Posting the whole text with every edit cost a copy on
// each side of the thread (0.3 ms each for the 5,000-line benchmark's 340 KB): the worker keeps the text of
// its last analysis and applies the edits the main thread recorded, which are exactly the changes its own
// copy took (server.ts), and the length the main thread sends tells when the two have parted anyway.
import type { Position, Range } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEditRecord } from './protocol';

/** Past this many edits at once (a replace-all), the main thread sends the text: applying each would copy it each time. */
export const TEXT_SENT_AFTER_EDITS = 16;

/** `text` with `edits` applied in order, each in the offsets of the text before it. */
export function editedText(text: string, edits: readonly TextEditRecord[]): string {
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.newText + out.slice(e.oldEnd);
  return out;
}

/** The record of an incremental change of `doc` (before it is applied), in offsets and points as TextDocument.update applies it. */
export function editRecord(doc: TextDocument, range: Range, newText: string): TextEditRecord {
  // A range given end first is the same range to TextDocument.update.
  const [from, to] = comesBefore(range.end, range.start) ? [range.end, range.start] : [range.start, range.end];
  return {
    start: doc.offsetAt(from), oldEnd: doc.offsetAt(to), newText,
    startPosition: { row: from.line, column: from.character },
    oldEndPosition: { row: to.line, column: to.character },
  };
}

function comesBefore(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}
