// An open document's text in its analysis worker is the text of its last analysis with the recorded edits
// applied (lsp/document-text.ts): it must be the editor's text, as TextDocument.update makes it, whatever
// the changes (several per notification, line breaks of every kind, ranges given end first or past the end).
import { strict as assert } from 'node:assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver/node';
import { editedText, editRecord } from '../../server/src/lsp/document-text';
import type { TextEditRecord } from '../../server/src/lsp/protocol';
import { rng } from '../../scripts/rng';

const PIECES = ['', 'a', '$c.EvictNode("n2")', '\n', '\r\n', '\r', 'é', '😀', '  ', 'Invoke-Command {\n  x\n}'];

describe('a document\'s text in its worker', () => {
  it('is the editor\'s text after random changes, as TextDocument.update applies them', () => {
    const r = rng(15);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
    for (let run = 0; run < 200; run++) {
      let doc = TextDocument.create('file:///t.ps1', 'powershell', 1, 'line one\r\nline two\n\nline four\rend');
      let worker = doc.getText();
      for (let step = 0; step < 10; step++) {
        const records: TextEditRecord[] = [];
        const changes = Array.from({ length: 1 + Math.floor(r() * 3) }, () => {
          const lines = doc.lineCount;
          const at = () => ({ line: Math.floor(r() * (lines + 1)), character: Math.floor(r() * 12) });
          return { range: { start: at(), end: at() } as Range, text: pick(PIECES) };
        });
        // As the server's updater does: each change recorded against the text before it, then applied.
        for (const c of changes) {
          records.push(editRecord(doc, c.range, c.text));
          doc = TextDocument.update(doc, [c], doc.version + 1);
        }
        worker = editedText(worker, records);
        assert.equal(worker, doc.getText(), `run ${run}, step ${step}: ${JSON.stringify(changes)}`);
      }
    }
  });

  it('reads a range given end first as TextDocument does', () => {
    const doc = TextDocument.create('file:///t.ps1', 'powershell', 1, 'abc\ndef\n');
    const record = editRecord(doc, { start: { line: 1, character: 2 }, end: { line: 0, character: 1 } }, 'X');
    assert.deepEqual([record.start, record.oldEnd], [1, 6]);
    assert.deepEqual([record.startPosition, record.oldEndPosition], [{ row: 0, column: 1 }, { row: 1, column: 2 }]);
    assert.equal(editedText(doc.getText(), [record]), 'aXf\n');
  });
});
