// A JavaScript view of a tree-sitter tree, for the PowerShell fact extractor. Reading a tree through
// web-tree-sitter's Node objects costs about 0.4 µs a property: every read writes the node into wasm
// memory through a generic setValue, calls in, and allocates a new Node for each answer, and the
// interpreter reads each node several times. Here each node is read once, through a tree cursor, into a
// plain object with parent and sibling links, and only when its parent's children are first asked for:
// the statements relevance skips are never read. The answers are those of web-tree-sitter's Node API
// (test/parse/syntax-tree.test.ts compares them node by node on every fixture).
import type { Language, Tree } from 'web-tree-sitter';
import * as record from './wasm-subtrees';
import type { ChildRecords, SubtreeReader } from './wasm-subtrees';
import { firstEndingAfter, LEAF, MISSING, NAMED, NONE, SyntaxNode } from './syntax-node';

/** The cursor moves and reads a view needs; `open`/`close` bracket each sequence of them. */
export interface CursorOps {
  open(): void;
  close(): void;
  /** Moves to the node with this descendant index (0: the root). */
  goto(descendant: number): void;
  firstChild(): boolean;
  nextSibling(): boolean;
  typeId(): number;
  start(): number;
  end(): number;
  descendantIndex(): number;
  isMissing(): boolean;
  fieldId(): number;
  /** Does the current node have an ERROR or MISSING node in it (tree-sitter's own answer)? */
  hasError(): boolean;
  delete(): void;
}

/** Reads the characters of a node (the tree's own input: the text, or a respelling of part of it). */
export type Slice = (start: number, end: number) => string;

/** How a view reads its tree: a cursor always; children straight from wasm memory when the runtime allows (wasm-subtrees.ts). */
export interface TreeAccess {
  cursor(tree: Tree): CursorOps;
  subtrees?(tree: Tree): SubtreeReader | undefined;
}

/**
 * Another tree's top-level statements standing for this tree's in [start, end): a parse of that part of the
 * text alone, proved to be what the whole text's parse has there (parse/powershell-window.ts). The view then
 * shows the new text's program without a re-parse of the whole text. Only the program's statement list
 * holding the range is spliced, and its children have no fields (tree-sitter-powershell's node-types.json),
 * so field lookups are unaffected.
 */
export interface Splice {
  start: number;
  end: number;
  /** A view of the parse of [start, end) alone: its program is one statement list, whose children stand in. */
  with: SyntaxTree;
}

export class SyntaxTree {
  readonly rootNode: SyntaxNode;
  private ops: CursorOps | undefined;
  /** Named-ness by type id: the language's answer, a call into wasm, asked once per language (not per view: a broken file makes a view per line). */
  private readonly namedTypes: Uint8Array;
  /** Field ids of the children of the nodes asked for a field, by descendant index. */
  private readonly fields = new Map<number, number[]>();
  private deleted = false;
  /** Nodes read so far (the deadline is checked every READS_PER_CHECK). */
  private reads = 0;
  /** Reads children without the cursor, when the runtime's memory layout is the one expected. */
  private readonly subtrees: SubtreeReader | undefined;
  /**
   * Children looked up one by one before all their siblings were read (`childForIndex`), by the parent's
   * descendant index and their own index: a later full read gives the same nodes. Here, not on the nodes,
   * which are many and kept small.
   */
  private found?: Map<number, Map<number, SyntaxNode>>;
  /** Children of the spliced list made so far, by their index in it (`splicedNode`). */
  private splicedFound?: Map<number, SyntaxNode>;
  private spliceBounds?: { first: OwnChild | null | undefined; after: OwnChild | null | undefined };
  /** The ends of chains read by `chainEnd`, by their real parent's descendant index (each its parent's only child). */
  private chainEnds?: Map<number, SyntaxNode>;

  constructor(
    /** The tree-sitter tree read; it must outlive every read of the view. */
    readonly raw: Tree,
    readonly slice: Slice,
    private readonly access: TreeAccess,
    /** Delete `raw` with the view (a tree made for this view alone). */
    private readonly ownsRaw = false,
    /** Called every READS_PER_CHECK nodes read (the caller's deadline: reading a huge subtree takes seconds). */
    private readonly onReads?: () => void,
    /** Statements of another tree shown in place of this one's (the caller deletes that view after this one). */
    private readonly splice?: Splice,
  ) {
    let named = namedByLanguage.get(raw.language);
    if (!named) namedByLanguage.set(raw.language, (named = new Uint8Array(raw.language.nodeTypeCount)));
    this.namedTypes = named;
    const root = raw.rootNode;
    this.subtrees = access.subtrees?.(raw);
    this.rootNode = new SyntaxNode(this, root.type, this.flagsOf(root.typeId, root.isMissing), root.startIndex, root.endIndex, 0, null, 0,
      this.subtrees?.root ?? 0);
  }

  get language(): Language {
    return this.raw.language;
  }

  private cursor(): CursorOps {
    this.live();
    return (this.ops ??= this.access.cursor(this.raw));
  }

  private live(): void {
    // Reading a deleted tree would read freed wasm memory: fail loudly instead.
    if (this.deleted) throw new Error('a syntax tree view was read after it was deleted');
  }

  /** Frees the cursor (wasm memory), and the tree when the view owns it. */
  delete(): void {
    if (this.deleted) return;
    this.deleted = true;
    this.ops?.delete();
    this.ops = undefined;
    if (this.ownsRaw) this.raw.delete();
  }

  private flagsOf(typeId: number, missing: boolean): number {
    // Named is per type (cached: the language's answer is a call into wasm). ERROR (0xffff) is past the
    // table: in the array this was, it made a slow dictionary of it, and this is asked for every node read.
    const table = this.namedTypes;
    let named = typeId >= table.length ? NAMED_TYPE : table[typeId];
    if (named === 0) named = table[typeId] = this.raw.language.nodeTypeIsNamed(typeId) ? NAMED_TYPE : OTHER_TYPE;
    return (named === NAMED_TYPE ? NAMED : 0) | (missing ? MISSING : 0);
  }

  /** Runs `read` with the cursor on `n`; the cursor is saved afterwards, whatever `read` does. */
  private at<T>(n: SyntaxNode, read: (c: CursorOps) => T): T {
    const c = this.cursor();
    c.open();
    try {
      c.goto(n.descendant);
      return read(c);
    } finally {
      c.close();
    }
  }

  /** Is `n` the statement list whose children `splice` replaces in part? */
  private isSpliced(n: SyntaxNode): boolean {
    const s = this.splice;
    return s !== undefined && n.parent === this.rootNode && n.type === 'statement_list' && n.startIndex <= s.start && s.end <= n.endIndex;
  }

  /** @internal Reads the children of `n`, one level. */
  readChildren(n: SyntaxNode): readonly SyntaxNode[] {
    const own = this.readOwnChildren(n);
    return this.splice && this.isSpliced(n) ? this.splicedChildren(n, own, this.splice) : own;
  }

  private readOwnChildren(n: SyntaxNode): readonly SyntaxNode[] {
    if (this.subtrees && n.subtree) return this.readSubtrees(this.subtrees, n);
    return this.at(n, (c) => {
      if (!c.firstChild()) return NONE; // most nodes asked are tokens: one shared empty list
      const out: SyntaxNode[] = [];
      const types = this.raw.language.types;
      do {
        const id = c.typeId();
        const start = c.start();
        const end = c.end();
        // A MISSING node is inserted by the parser with no width: ask only about those.
        const flags = this.flagsOf(id, start === end && c.isMissing());
        out.push(new SyntaxNode(this, types[id] || 'ERROR', flags, start, end, c.descendantIndex(), n, out.length));
        if ((++this.reads & (READS_PER_CHECK - 1)) === 0) this.onReads?.(); // may throw: `at` saves the cursor
      } while (c.nextSibling());
      return out;
    });
  }

  private readSubtrees(subtrees: SubtreeReader, n: SyntaxNode): readonly SyntaxNode[] {
    this.live();
    const count = subtrees.children(n.subtree, n.startIndex, n.descendant, scratch);
    if (count === 0) return NONE;
    if (count === 1) {
      const end = this.chainEnds?.get(n.descendant); // read by chainEnd before this level was
      if (end) return [end];
    }
    const out: SyntaxNode[] = new Array(count);
    const found = this.found?.get(n.descendant);
    for (let i = 0; i < count; i++) out[i] = found?.get(i) ?? this.nodeOf(n, i, i * CHILD_FIELDS);
    return out;
  }

  /** The node for the child record at `o` of `scratch`, the `i`th child of `n`. */
  private nodeOf(n: SyntaxNode, i: number, o: number): SyntaxNode {
    const id = scratch[o + CHILD_TYPE];
    const read = scratch[o + CHILD_FLAGS];
    const flags = this.flagsOf(id, (read & CHILD_IS_MISSING) !== 0) | (read & CHILD_IS_LEAF ? LEAF : 0);
    if ((++this.reads & (READS_PER_CHECK - 1)) === 0) this.onReads?.(); // may throw
    return new SyntaxNode(this, this.raw.language.types[id] || 'ERROR', flags, scratch[o + CHILD_START],
      scratch[o + CHILD_END], scratch[o + CHILD_DESCENDANT], n, i, scratch[o + CHILD_SUBTREE]);
  }

  /**
   * @internal Is a node of type `type` on the way from `n` (itself not counted) down to the leaf that holds
   * `offset`? Read level by level in wasm memory, with no node made; undefined where memory is not read (or
   * the lookup gives up: an ERROR with thousands of children), for the caller to descend through the nodes.
   */
  typeOnPathTo(n: SyntaxNode, offset: number, type: string): boolean | undefined {
    const subtrees = this.subtrees;
    if (!subtrees || !n.subtree) return undefined;
    this.live();
    const types = this.raw.language.types;
    let [subtree, start, descendant] = [n.subtree, n.startIndex, n.descendant];
    for (let depth = 0; depth < MAX_PATH; depth++) {
      const i = subtrees.childFor(subtree, start, descendant, offset, scratch);
      if (i === -2) return undefined;
      if (i < 0 || scratch[CHILD_START] > offset) return false;
      if ((types[scratch[CHILD_TYPE]] || 'ERROR') === type) return true;
      if (scratch[CHILD_FLAGS] & CHILD_IS_LEAF) return false;
      [subtree, start, descendant] = [scratch[CHILD_SUBTREE], scratch[CHILD_START], scratch[CHILD_DESCENDANT]];
    }
    return undefined;
  }

  /**
   * @internal The first child of `n` that ends after `index`, found in wasm memory without reading the
   * others when `n` has many children and none is read yet (a long script's statement list: thousands).
   * The node is kept, so reading all the children later gives this same node.
   */
  childForIndex(n: SyntaxNode, index: number): SyntaxNode | null | undefined {
    if (this.splice && this.isSpliced(n)) return this.splicedChildForIndex(n, index, this.splice);
    const own = this.ownChildForIndex(n, index);
    return own && own.node;
  }

  /** What `childForIndex` finds among this tree's own children of `n`, with its index among them. */
  private ownChildForIndex(n: SyntaxNode, index: number): OwnChild | null | undefined {
    const subtrees = this.subtrees;
    if (!subtrees || !n.subtree) return undefined;
    this.live();
    if (subtrees.childCount(n.subtree) < LOOKUP_CHILDREN) return undefined;
    const i = subtrees.childFor(n.subtree, n.startIndex, n.descendant, index, scratch);
    if (i === -2) return undefined; // not a balanced list: read them all (once; then a binary search)
    if (i < 0) return null;
    let found = (this.found ??= new Map()).get(n.descendant);
    if (!found) this.found.set(n.descendant, (found = new Map()));
    let node = found.get(i);
    if (!node) found.set(i, (node = this.nodeOf(n, i, 0)));
    return { i, node };
  }

  /**
   * `childForIndex` in the spliced list before it is read: an own child before the splice as it is, else a
   * stand-in or an own child after the splice as a child of `n` at its index in the spliced list (kept, so
   * that reading the list later gives the same node). Own children are looked up in memory, as for any list.
   */
  private splicedChildForIndex(n: SyntaxNode, index: number, splice: Splice): SyntaxNode | null | undefined {
    // The first own child replaced, and the first one kept after the stand-ins (null: none), found once.
    const bounds = (this.spliceBounds ??= { first: this.ownChildForIndex(n, splice.start), after: this.ownChildForIndex(n, splice.end) });
    const { first, after } = bounds;
    if (!first || after === undefined) return undefined;
    const stand = standIns(splice);
    if (index < splice.start) {
      const own = this.ownChildForIndex(n, index);
      if (own === undefined) return undefined;
      if (own && own.i < first.i) return own.node;
    }
    if (index < splice.end) {
      const j = firstEndingAfter(stand, index);
      return j < stand.length ? this.splicedNode(n, first.i + j, stand[j]) : undefined;
    }
    const own = this.ownChildForIndex(n, index);
    if (own === null) return null;
    if (!own || !after) return undefined;
    return this.splicedNode(n, own.i - after.i + first.i + stand.length, own.node);
  }

  /** `node` as the `at`th child of the spliced list `n`, made once. */
  private splicedNode(n: SyntaxNode, at: number, node: SyntaxNode): SyntaxNode {
    const made = (this.splicedFound ??= new Map());
    let moved = made.get(at);
    if (!moved) made.set(at, (moved = node.movedTo(n, at)));
    return moved;
  }

  /**
   * The children of the spliced statement list `n`: its own before and after the splice's range, and between
   * them the stand-ins, each made a child of `n` at its new index (so siblings and parents are the new
   * program's); each still reads its own children from its own tree. A child is replaced when it ends in
   * (start, end], as `childForIndex` finds them.
   */
  private splicedChildren(n: SyntaxNode, own: readonly SyntaxNode[], splice: Splice): readonly SyntaxNode[] {
    const stand = standIns(splice);
    const from = firstEndingAfter(own, splice.start);
    const to = firstEndingAfter(own, splice.end);
    const out: SyntaxNode[] = own.slice(0, from);
    for (const c of stand) out.push(this.splicedNode(n, out.length, c));
    for (let i = to; i < own.length; i++) out.push(this.splicedNode(n, out.length, own[i]));
    return out;
  }

  /**
   * @internal Below `n`, which has one child: the node where that child's chain of single-child nodes of
   * the types in `through` ends (the child itself if it is not one), read from wasm memory without making a
   * node for each level. An expression in tree-sitter-powershell is ten such levels deep (`$x` is a
   * logical, bitwise, comparison, additive, multiplicative, format, range, array-literal and unary
   * expression around a variable); making each was most of the nodes a walk makes. The node returned has
   * `n` as its parent, the chain's top rather than the last level (no level has another child, so no
   * sibling or statement is skipped), and it is the node that reading the levels later gives (kept by the
   * last level's descendant index). Undefined when `n` has another number of children or a token alone,
   * its children are read already, or the view does not read memory.
   */
  chainEnd(n: SyntaxNode, through: ReadonlySet<string>): SyntaxNode | undefined {
    const subtrees = this.subtrees;
    if (!subtrees || !n.subtree || n.hasKids || this.isSpliced(n) || subtrees.childCount(n.subtree) !== 1) return undefined;
    this.live();
    const types = this.raw.language.types;
    let subtree = n.subtree;
    let start = n.startIndex;
    let descendant = n.descendant;
    for (;;) {
      // The level at `subtree` has one child: read it.
      subtrees.children(subtree, start, descendant, scratch);
      const id = scratch[CHILD_TYPE];
      if (!(this.flagsOf(id, false) & NAMED)) return undefined; // a token alone: read as usual
      const child = scratch[CHILD_SUBTREE];
      if (scratch[CHILD_FLAGS] & CHILD_IS_LEAF || !through.has(types[id] || 'ERROR') || subtrees.childCount(child) !== 1) break;
      subtree = child;
      start = scratch[CHILD_START];
      descendant = scratch[CHILD_DESCENDANT];
    }
    // The end, kept under its real parent (`descendant`), so that reading the levels later gives this node.
    const ends = (this.chainEnds ??= new Map());
    let node = ends.get(descendant);
    if (!node) ends.set(descendant, (node = this.nodeOf(n, 0, 0)));
    return node;
  }

  /** @internal The child of `n` in field `id`, if any. */
  childInField(n: SyntaxNode, id: number): SyntaxNode | null {
    let fields = this.fields.get(n.descendant);
    if (!fields) {
      fields = this.at(n, (c) => {
        const ids: number[] = [];
        if (c.firstChild()) do ids.push(c.fieldId()); while (c.nextSibling());
        return ids;
      });
      this.fields.set(n.descendant, fields);
    }
    const i = fields.indexOf(id);
    return i >= 0 ? n.children[i] : null;
  }

  /** @internal tree-sitter's hasError for `n`. */
  readHasError(n: SyntaxNode): boolean {
    // The spliced list and the program: tree-sitter's answer is the old statements'. Without an error there,
    // only the stand-ins can have one; else each child is asked.
    if (this.splice && (n === this.rootNode || this.isSpliced(n))) {
      return this.ownHasError(n) ? n.children.some((c) => c.hasError) : this.splice.with.rootNode.hasError;
    }
    return this.ownHasError(n);
  }

  private ownHasError(n: SyntaxNode): boolean {
    if (this.subtrees && n.subtree) {
      this.live();
      return this.subtrees.hasError(n.subtree);
    }
    return this.at(n, (c) => c.hasError());
  }
}

/** A child of a node as this tree has it, with its index among the node's children. */
interface OwnChild {
  i: number;
  node: SyntaxNode;
}

/** The children of the splice's statement list: those that stand in for the spliced list's. */
function standIns(splice: Splice): readonly SyntaxNode[] {
  const list = splice.with.rootNode.children[0];
  return list?.type === 'statement_list' ? list.children : NONE;
}

/** Per language and type id: 0 not asked yet, NAMED_TYPE or OTHER_TYPE. */
const namedByLanguage = new WeakMap<Language, Uint8Array>();
const NAMED_TYPE = 1;
const OTHER_TYPE = 2;
// The layout of a child record, as module constants: read through an import binding in the loop below,
// each would be a property read of the module object where the code is not bundled (tests, the bench).
const { CHILD_DESCENDANT, CHILD_END, CHILD_FIELDS, CHILD_FLAGS, CHILD_IS_LEAF, CHILD_IS_MISSING, CHILD_START, CHILD_SUBTREE, CHILD_TYPE } = record;
/** Where wasm-subtrees.ts writes the children it reads (one level at a time, copied out at once). */
const scratch: ChildRecords = [];
/** A power of two. */
const READS_PER_CHECK = 4096;
/** How deep typeOnPathTo reads before leaving the rest to the nodes (deeper than any script but a fuzzed one). */
const MAX_PATH = 4096;
/** From how many children on a child is looked up in memory rather than all the children read. */
const LOOKUP_CHILDREN = 64;

/** How views read a tree through web-tree-sitter's public API alone (no memory reads). */
export const apiAccess: TreeAccess = { cursor: apiCursor };

/** The cursor of web-tree-sitter's public API: correct everywhere, and the reference for the fast one. */
export function apiCursor(tree: Tree): CursorOps {
  const c = tree.walk();
  return {
    open: () => undefined,
    close: () => undefined,
    goto: (d) => c.gotoDescendant(d),
    firstChild: () => c.gotoFirstChild(),
    nextSibling: () => c.gotoNextSibling(),
    typeId: () => c.nodeTypeId,
    start: () => c.startIndex,
    end: () => c.endIndex,
    descendantIndex: () => c.currentDescendantIndex,
    isMissing: () => c.nodeIsMissing,
    fieldId: () => c.currentFieldId,
    hasError: () => c.currentNode.hasError,
    delete: () => c.delete(),
  };
}
