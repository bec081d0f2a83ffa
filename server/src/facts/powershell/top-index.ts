// Fast navigation in long scripts. tree-sitter nodes have no parent pointer: Node.parent re-descends
// from the root and scans the children at every level, so in a 5,000-line script each `.parent` call
// walks thousands of top-level statements (about 0.4 ms in wasm), and listing those statements costs
// milliseconds too. This index finds the top-level statement holding an offset with a tree cursor
// (which skips whole subtrees of the statement list's balanced internal tree: logarithmic), and finds
// a parent by descending from that statement instead of from the root.
import type { Node, Tree, TreeCursor } from 'web-tree-sitter';

export class TopIndex {
  /** The program's statement lists, whose children are the top-level statements, with their ends. */
  private readonly lists: { node: Node; end: number }[] = [];
  /** The program's own children (param block, statement lists, top-level ERROR nodes), with their ends. */
  private readonly rootKids: { node: Node; start: number; end: number }[];
  /** Their ids: a script the grammar rejects early can have thousands of them. */
  private readonly rootKidIds = new Set<number>();
  private readonly cursor: TreeCursor;

  constructor(private readonly tree: Tree) {
    const root = tree.rootNode;
    this.rootKids = root.namedChildren.filter((c): c is Node => c !== null).map((node) => ({ node, start: node.startIndex, end: node.endIndex }));
    for (const k of this.rootKids) {
      this.rootKidIds.add(k.node.id);
      if (k.node.type === 'statement_list') this.lists.push(k);
    }
    this.cursor = root.walk();
  }

  /** Frees the cursor (wasm memory). */
  delete(): void {
    this.cursor.delete();
  }

  /** Is `n` one of the program's statement lists (whose children are the top-level statements)? */
  isTopList(n: Node): boolean {
    return this.lists.some((l) => l.node.id === n.id);
  }

  /** The top-level statement (or comment, or other child of the program) holding offset `p`. */
  statementAt(p: number): { node: Node; list?: Node } | undefined {
    for (const l of this.lists) {
      if (p < l.node.startIndex || p >= l.end) continue;
      this.cursor.reset(l.node);
      if (!this.cursor.gotoFirstChildForIndex(p)) return undefined;
      const node = this.cursor.currentNode;
      return node.startIndex <= p && node.isNamed ? { node, list: l.node } : undefined;
    }
    const k = this.rootKidAt(p);
    return k && k.node.type !== 'statement_list' ? { node: k.node } : undefined;
  }

  /**
   * The program's child holding `p`, by binary search (children are in order and do not overlap). A
   * linear scan here made relevance and every parent lookup quadratic when the grammar gave up on the
   * program's statement list and left every statement a direct child of the program.
   */
  private rootKidAt(p: number): { node: Node; end: number } | undefined {
    let lo = 0;
    let hi = this.rootKids.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.rootKids[mid].start <= p) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found >= 0 && p < this.rootKids[found].end ? this.rootKids[found] : undefined;
  }

  /**
   * The node of type `type` that starts exactly at `at` inside `top`, found by descending towards `at`
   * with the cursor (the depth of the tree, not its size: descendantsOfType visits every node).
   */
  nodeStartingAt(top: Node, at: number, type: string): Node | undefined {
    this.cursor.reset(top);
    for (;;) {
      const n = this.cursor.currentNode;
      if (n.startIndex > at) return undefined;
      if (n.startIndex === at && n.type === type) return n;
      if (!this.cursor.gotoFirstChildForIndex(at)) return undefined;
    }
  }

  /** Parents found so far, by node id: a climb asks for the parent of each parent in turn. */
  private readonly parents = new Map<number, Node>();

  /** `n.parent`, without scanning every top-level statement. */
  parentOf(n: Node): Node | null {
    if (n.tree !== this.tree) return n.parent; // a re-parsed fragment (recover.ts): small
    const known = this.parents.get(n.id);
    if (known) return known;
    const root = this.tree.rootNode;
    if (n.id === root.id) return null;
    if (this.rootKidIds.has(n.id)) return root;
    const top = this.statementAt(n.startIndex);
    if (!top || top.node.id === n.id) return top ? top.list ?? root : n.parent;
    // Descend from the top-level statement, remembering the parent of every node on the way.
    let cur = top.node;
    this.parents.set(cur.id, top.list ?? root);
    for (;;) {
      const next = cur.childWithDescendant(n);
      if (!next) return n.parent;
      this.parents.set(next.id, cur);
      if (next.id === n.id) return cur;
      cur = next;
    }
  }
}
