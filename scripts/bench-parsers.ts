// The parsers alone (no facts, no rules): the floor a full analysis is compared with in bench.ts; and facts and
// rules alone, on a tree parsed once.
import { TreeFragment } from '@lezer/common';
import type { Tree as LezerTree } from '@lezer/common';
import type { TextEditRecord } from '../server/src/core/document-analysis';
import type { DocKind } from '../server/src/core/language';
import { extractScriptBlocks } from '../server/src/parse/embedded';
import { findingsFromFacts } from '../server/src/core/analyze';
import { extractPowerShell } from '../server/src/facts/powershell/extract';
import { editTree, parsePowerShell, type Tree } from '../server/src/parse/powershell';
import { parseVbscript } from '../server/src/parse/vbscript';

export function parseForBench(text: string, kind: DocKind): void {
  if (kind === 'powershell') {
    parsePowerShell(text).delete();
    return;
  }
  if (kind === 'vbscript') {
    parseVbscript(text);
    return;
  }
  for (const b of extractScriptBlocks(text)) if (b.language === 'vbscript') parseVbscript(b.text);
}

/**
 * An open document's re-parse alone, edit after edit, done as core/document-analysis.ts does it
 * (tree-sitter from the edited old tree, Lezer from the fragments it left): the floor of an edit's
 * latency, which no change to the analysis after the parse can go under.
 */
export class ReparseForBench {
  private tree?: Tree;
  private fragments?: readonly TreeFragment[];

  constructor(private readonly kind: 'powershell' | 'vbscript', text: string) {
    if (kind === 'powershell') this.tree = parsePowerShell(text);
    else this.fragments = TreeFragment.addTree(parseVbscript(text));
  }

  /** `text` is the document after `edit`. */
  edit(text: string, edit: TextEditRecord): void {
    if (this.kind === 'powershell') {
      editTree(this.tree!, edit);
      const next = parsePowerShell(text, this.tree);
      this.tree!.delete();
      this.tree = next;
      return;
    }
    const changed = TreeFragment.applyChanges(this.fragments!, [{ fromA: edit.start, toA: edit.oldEnd, fromB: edit.start, toB: edit.start + edit.newText.length }]);
    const tree: LezerTree = parseVbscript(text, changed);
    this.fragments = TreeFragment.addTree(tree);
  }

  dispose(): void {
    this.tree?.delete();
  }
}

/**
 * A PowerShell text's facts and rules alone, on a tree parsed once: timed on their own, not as the whole
 * analysis less the parse, where they are a fifth of it and the difference of two noisy times (it read
 * negative for a script whose statements are mostly irrelevant).
 */
export class FactsForBench {
  private readonly tree: Tree;

  constructor(private readonly text: string) {
    this.tree = parsePowerShell(text);
  }

  run(): void {
    findingsFromFacts(extractPowerShell(this.tree, this.text, {}));
  }

  dispose(): void {
    this.tree.delete();
  }
}
