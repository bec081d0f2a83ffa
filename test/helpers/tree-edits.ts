// Test helpers: how many times web-tree-sitter edits a tree, or parses, while `run` runs (every tree).
import { Parser, Tree } from 'web-tree-sitter';

export function countingTreeEdits<T>(run: () => T): { result: T; edits: number } {
  let edits = 0;
  const original = Tree.prototype.edit;
  Tree.prototype.edit = function (this: Tree, ...args: Parameters<Tree['edit']>) { edits++; return original.apply(this, args); };
  try {
    return { result: run(), edits };
  } finally {
    Tree.prototype.edit = original;
  }
}

/**
 * How many parses `run` makes: of a whole text (`whole`), and of included ranges alone (`pieces`: the
 * statements around an edit, lines re-read by recovery).
 */
export function countingParses<T>(run: () => T): { result: T; whole: number; pieces: number } {
  let whole = 0;
  let pieces = 0;
  const original = Parser.prototype.parse;
  Parser.prototype.parse = function (this: Parser, ...args: Parameters<Parser['parse']>) {
    if (args[2]?.includedRanges) pieces++;
    else whole++;
    return original.apply(this, args);
  };
  try {
    return { result: run(), whole, pieces };
  } finally {
    Parser.prototype.parse = original;
  }
}
