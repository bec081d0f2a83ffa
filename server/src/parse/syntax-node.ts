// A node of a syntax tree view (syntax-tree.ts): web-tree-sitter's Node API over the plain objects the view reads
// once each, children read only when first asked for.
import type { SyntaxTree } from './syntax-tree';

/** The node's flags. */
export const NAMED = 1;
export const MISSING = 2;
const ERROR_KNOWN = 4;
const HAS_ERROR = 8;
/** Known to have no children (so none are read). */
export const LEAF = 16;

/** The children of every node that has none. */
export const NONE: readonly SyntaxNode[] = Object.freeze([]);

/** The index of the first of `nodes` (in order) that ends after `offset`. */
export function firstEndingAfter(nodes: readonly SyntaxNode[], offset: number): number {
  let lo = 0;
  let hi = nodes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (nodes[mid].endIndex <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A node of a view. Kept small: a walk of a large script holds tens of thousands of them. */
export class SyntaxNode {
  /** Kept here by facts/powershell/syntax.ts's unwrap, which asks the same of a node many times. */
  unwrapped?: SyntaxNode;
  private kids?: readonly SyntaxNode[];
  private named?: readonly SyntaxNode[];

  constructor(
    readonly tree: SyntaxTree,
    readonly type: string,
    private flags: number,
    readonly startIndex: number,
    readonly endIndex: number,
    /** The cursor's descendant index: unique in the tree, and the way back to this node. */
    readonly descendant: number,
    /** The parent; for the end of a chain read by `SyntaxTree.chainEnd`, the chain's top (an ancestor with no other branch). */
    readonly parent: SyntaxNode | null,
    /** The index of this node among its parent's children. */
    private readonly at: number,
    /** @internal The address of its Subtree in wasm memory, when the view reads memory (else 0). */
    readonly subtree = 0,
  ) {}

  get text(): string {
    return this.tree.slice(this.startIndex, this.endIndex);
  }

  /** @internal This node as the `at`th child of `parent` (a spliced list's: SyntaxTree's `Splice`); its children are still read from its own tree. */
  movedTo(parent: SyntaxNode, at: number): SyntaxNode {
    return new SyntaxNode(this.tree, this.type, this.flags, this.startIndex, this.endIndex, this.descendant, parent, at, this.subtree);
  }

  get isNamed(): boolean {
    return (this.flags & NAMED) !== 0;
  }

  get isMissing(): boolean {
    return (this.flags & MISSING) !== 0;
  }

  get isError(): boolean {
    return this.type === 'ERROR';
  }

  get hasError(): boolean {
    if (!(this.flags & ERROR_KNOWN)) {
      // A node without children holds no error unless it is one. A node read from memory is known to have
      // children or not without reading them (a long script's statement list has thousands).
      const error = this.isError || this.isMissing
        || ((this.subtree ? (this.flags & LEAF) === 0 : this.children.length > 0) && this.tree.readHasError(this));
      this.flags |= ERROR_KNOWN | (error ? HAS_ERROR : 0);
    }
    return (this.flags & HAS_ERROR) !== 0;
  }

  /** @internal Have the children been read (or are known to be none)? */
  get hasKids(): boolean {
    return this.kids !== undefined;
  }

  get children(): readonly SyntaxNode[] {
    return (this.kids ??= this.flags & LEAF ? NONE : this.tree.readChildren(this));
  }

  get namedChildren(): readonly SyntaxNode[] {
    // The children themselves when all are named (no copy).
    return (this.named ??= this.children.every((c) => c.isNamed) ? this.children : this.children.filter((c) => c.isNamed));
  }

  get childCount(): number {
    return this.children.length;
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  child(i: number): SyntaxNode | null {
    return this.children[i] ?? null;
  }

  namedChild(i: number): SyntaxNode | null {
    return this.namedChildren[i] ?? null;
  }

  get firstChild(): SyntaxNode | null {
    return this.children[0] ?? null;
  }

  get lastChild(): SyntaxNode | null {
    const k = this.children;
    return k[k.length - 1] ?? null;
  }

  get nextSibling(): SyntaxNode | null {
    return this.parent?.children[this.at + 1] ?? null;
  }

  get previousSibling(): SyntaxNode | null {
    return this.parent?.children[this.at - 1] ?? null;
  }

  get nextNamedSibling(): SyntaxNode | null {
    const k = this.parent?.children ?? [];
    for (let i = this.at + 1; i < k.length; i++) if (k[i].isNamed) return k[i];
    return null;
  }

  get previousNamedSibling(): SyntaxNode | null {
    const k = this.parent?.children ?? [];
    for (let i = this.at - 1; i >= 0; i--) if (k[i].isNamed) return k[i];
    return null;
  }

  /** The first child in the field `name`, as web-tree-sitter's childForFieldName. */
  childForFieldName(name: string): SyntaxNode | null {
    const id = this.tree.language.fields.indexOf(name);
    return id > 0 && this.children.length > 0 ? this.tree.childInField(this, id) : null;
  }

  /** Is this node, or one on the way down from it to the leaf holding `index`, of type `type`? */
  hasOnPathTo(index: number, type: string): boolean {
    if (this.type === type) return true;
    const read = this.kids ? undefined : this.tree.typeOnPathTo(this, index, type);
    if (read !== undefined) return read;
    for (let n = this.firstChildForIndex(index); n && n.startIndex <= index; n = n.firstChildForIndex(index)) if (n.type === type) return true;
    return false;
  }

  /** The first child that ends after `index` (tree-sitter's gotoFirstChildForIndex). */
  firstChildForIndex(index: number): SyntaxNode | null {
    if (!this.kids) {
      const looked = this.tree.childForIndex(this, index);
      if (looked !== undefined) return looked;
    }
    const k = this.children;
    return k[firstEndingAfter(k, index)] ?? null;
  }

  /** The first of this node and its descendants of this type, in document order (the first of descendantsOfType). */
  firstDescendantOfType(type: string): SyntaxNode | undefined {
    return this.descendants((n) => n.type === type, true)[0];
  }

  /** This node and its descendants of the given type(s), in document order (web-tree-sitter's descendantsOfType). */
  descendantsOfType(types: string | readonly string[]): SyntaxNode[] {
    const wanted = typeof types === 'string' ? [types] : types;
    return this.descendants((n) => wanted.includes(n.type), false);
  }

  private descendants(test: (n: SyntaxNode) => boolean, firstOnly: boolean): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    const stack: SyntaxNode[] = [this]; // iterative: a fuzzed tree can be deeper than the call stack
    while (stack.length) {
      const n = stack.pop()!;
      if (test(n)) {
        out.push(n);
        if (firstOnly) break;
      }
      const k = n.children;
      for (let i = k.length - 1; i >= 0; i--) stack.push(k[i]);
    }
    return out;
  }
}
