// Test helper: how many times web-tree-sitter's Tree.edit is called while `run` runs (every tree).
import { Tree } from 'web-tree-sitter';

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
