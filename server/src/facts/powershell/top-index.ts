// The program's top level in long scripts: the top-level statement holding an offset (binary search
// over the program's statement lists, not a scan of thousands of statements) and the node of a type
// that starts at an offset (descending towards it, not visiting every node). A statement list's
// children are read from the tree once, when first asked for (parse/syntax-tree.ts).
import type { Node, SyntaxTree } from '../../parse/powershell';

/** After how many lookups the statement lists' children are read whole (statementAt). */
const READ_LISTS_AFTER = 256;

export class TopIndex {
  /** The program's statement lists, whose children are the top-level statements. */
  private readonly lists: Node[];

  constructor(readonly tree: SyntaxTree) {
    this.lists = tree.rootNode.namedChildren.filter((k) => k.type === 'statement_list');
  }

  /** Is `n` one of the program's statement lists (whose children are the top-level statements)? */
  isTopList(n: Node): boolean {
    return this.lists.includes(n);
  }

  /** How many statements have been looked up (see statementAt). */
  private lookups = 0;

  /** The top-level statement (or comment, or other child of the program) holding offset `p`. */
  statementAt(p: number): { node: Node; list?: Node } | undefined {
    for (const l of this.lists) {
      if (p < l.startIndex || p >= l.endIndex) continue;
      // Each lookup in memory descends the list's balanced tree; past a few hundred of them (a script whose
      // every line names a seed) reading the children once and searching them is cheaper.
      if (++this.lookups === READ_LISTS_AFTER) for (const list of this.lists) void list.children;
      const node = l.firstChildForIndex(p);
      return node && node.startIndex <= p && node.isNamed ? { node, list: l } : undefined;
    }
    // The program's child holding `p`: when the grammar gave up on the program's statement list, every
    // statement can be a direct child of the program (thousands of them).
    const k = this.tree.rootNode.firstChildForIndex(p);
    return k && k.startIndex <= p && k.isNamed && k.type !== 'statement_list' ? { node: k } : undefined;
  }

  /** The program, when the grammar gave up on it whole (an ERROR) and `p` is inside it. */
  brokenProgramAt(p: number): { node: Node; list?: Node } | undefined {
    const root = this.tree.rootNode;
    return root.type === 'ERROR' && root.startIndex <= p && p < root.endIndex ? { node: root } : undefined;
  }

  /** The node of type `type` that starts exactly at `at` inside `top`, found by descending towards `at`. */
  nodeStartingAt(top: Node, at: number, type: string): Node | undefined {
    for (let n: Node | null = top; n; n = n.firstChildForIndex(at)) {
      if (n.startIndex > at) return undefined;
      if (n.startIndex === at && n.type === type) return n;
    }
    return undefined;
  }
}
