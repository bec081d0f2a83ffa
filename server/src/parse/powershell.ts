// PowerShell parsing: web-tree-sitter with the tree-sitter-powershell grammar (.wasm loaded at run time).
// Trees are kept per open document and re-parsed incrementally (see `editTree`).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Edit, Language, Parser, Tree, type Node as TsNode } from 'web-tree-sitter';
import { BudgetExceeded, Cancelled, check, expired, type Deadline } from '../base/budget';
import { baselineTierOnly, raiseTieringBudget } from '../base/wasm-tiers';
import { detachOneBuffer } from './detached-buffers';
import type { SyntaxNode } from './syntax-node';
import { SyntaxTree, apiAccess, type Slice, type Splice, type TreeAccess } from './syntax-tree';
import { wasmCursors } from './wasm-cursor';
import { subtreeReaders } from './wasm-subtrees';

/** What the fact extractor reads: a node of a view (syntax-tree.ts), not web-tree-sitter's Node. */
export type Node = SyntaxNode;
export type { SyntaxTree, Tree };

let parser: Parser | undefined;
let loading: Promise<Parser> | undefined;
/** Why the grammar could not be loaded, once loading has failed. */
let failure: LanguageUnavailable | undefined;

/** A language whose parser could not be loaded: its files cannot be checked (said once by the front doors). */
export class LanguageUnavailable extends Error {
  constructor(readonly language: string, cause: unknown) {
    super(`the ${language} grammar could not be loaded (${cause instanceof Error ? cause.message : String(cause)}), so ${language} files are not checked`);
  }
}

/** Finds a .wasm next to the bundle (dist/, the packaged extension) or, when run from source, in node_modules. */
function wasmPath(file: string, fromPackage: () => string): string {
  const bundled = join(__dirname, file);
  if (existsSync(bundled)) return bundled;
  try {
    return fromPackage();
  } catch {
    throw new Error(`${bundled} is missing`); // what a user can act on, not a module resolution trace
  }
}

/**
 * Loads the runtime and the grammar once; every later call returns the same parser. Rejects with
 * LanguageUnavailable when the .wasm files are missing or broken; VBScript (Lezer) never needs this.
 */
export function initPowerShell(): Promise<Parser> {
  loading ??= (async () => {
    detachOneBuffer(); // before the runtime's memory can grow (parse/detached-buffers.ts)
    const runtime = wasmPath('web-tree-sitter.wasm', () => require.resolve('web-tree-sitter/web-tree-sitter.wasm'));
    const grammar = wasmPath('tree-sitter-powershell.wasm', () =>
      join(require.resolve('tree-sitter-powershell/package.json'), '..', 'tree-sitter-powershell.wasm'));
    const [runtimeBytes, grammarBytes] = await Promise.all([readFile(runtime), readFile(grammar)]);
    // V8 settles how a WebAssembly module may tier when it compiles it. The runtime (the parser's loop,
    // reusing nodes, editing and comparing trees: 200 KB) keeps V8's dynamic tiering, where its hot functions
    // are recompiled by the optimizing compiler: an incremental re-parse of the 5,000-line script takes
    // 2.2 ms instead of 3.5. Its budget is ten times V8's default, so that the first analysis of a short
    // script starts no background compile on the cold start's critical path. The grammar gets the baseline
    // tier (Liftoff) only: optimizing its 1 MB, mostly one huge lexer function, costs ~8 s of CPU in the
    // background, and a Node process cannot exit until that is done (docs/decisions.md). The flags are
    // process-wide and `--liftoff-only` is not cleared to compile a runtime, so that no thread can let another
    // thread's grammar compile in the optimizing tier; a thread whose runtime compiles after another thread set
    // it gets the baseline tier for its runtime too (slower parses, the same trees). (base/wasm-tiers.ts clears
    // it for the moment V8's code cache is made, when no thread can be compiling a grammar.)
    raiseTieringBudget();
    // Parser.init fills this object in as the runtime's Module (wasm-cursor.ts reads its exports).
    const module: Record<string, unknown> = { locateFile: () => runtime, wasmBinary: runtimeBytes };
    await Parser.init(module);
    baselineTierOnly();
    const language = await Language.load(grammarBytes);
    const p = new Parser();
    p.setLanguage(language);
    parser = p;
    const cursor = wasmCursors(module);
    if (cursor) access = { cursor, subtrees: subtreeReaders(module) };
    return p;
  })().catch((e: unknown) => {
    failure = new LanguageUnavailable('PowerShell', e);
    throw failure;
  });
  return loading;
}

/**
 * How views read trees: children straight from wasm memory (wasm-subtrees.ts) and the rest through the
 * runtime's exports (wasm-cursor.ts) when the runtime has what they need, else the public cursor (slower,
 * never wrong). That they agree node by node is test/parse/syntax-tree.test.ts's job, on every fixture
 * with the pinned web-tree-sitter: a comparison at start-up cost the cold start 5–20 ms.
 */
let access: TreeAccess = apiAccess;

/** @internal For tests: how views read trees now. */
export function currentAccess(): TreeAccess {
  return access;
}

/** Do views read trees the fast ways (wasm memory and the runtime's exports)? Tests check it. */
export function usesDirectReads(): boolean {
  return access !== apiAccess && access.subtrees !== undefined;
}

/**
 * A view of `tree` for the fact extractor (syntax-tree.ts); `slice` reads its input; reading stops with
 * BudgetExceeded past the deadline; `splice` shows another tree's top-level statements in a range. The
 * caller deletes it.
 */
export function viewOf(tree: Tree, slice: Slice, ownsTree = false, deadline?: Deadline, splice?: Splice): SyntaxTree {
  return new SyntaxTree(tree, slice, access, ownsTree, deadline && (() => check(deadline)), splice);
}

/**
 * Does `next`, re-parsed from `old` (edited, not yet deleted), differ from it only inside `lines`? First by
 * the subtrees the two share (wasm-subtrees.ts `changedSince`: a few loads per top-level statement), then,
 * when that span reaches past the lines (a module that is one function, say) or trees are not read from
 * memory, by tree-sitter's changed ranges, which look inside the subtrees that differ (milliseconds on a
 * long script).
 */
export function syntaxChangedOnlyWithin(old: Tree, next: Tree, lines: { start: number; end: number }): boolean {
  const within = (start: number, end: number) => start >= lines.start && end <= lines.end;
  const older = access.subtrees?.(old);
  const shared = older && access.subtrees?.(next)?.changedSince(older);
  // Empty: the syntax is the same outside the edited text, which the lines hold.
  if (shared && (shared.start === shared.end || within(shared.start, shared.end))) return true;
  return old.getChangedRanges(next).every((r) => within(r.startIndex, r.endIndex));
}

/**
 * Do the nodes `mine` of `tree` and `theirs` of `other`, pair by pair, start where the other does and hold the
 * same syntax, node for node down to the tokens (wasm-subtrees.ts `sameSyntax`)? Undefined when trees are not
 * read from memory.
 */
export function sameNodes(tree: Tree, mine: readonly TsNode[], other: Tree, theirs: readonly TsNode[]): boolean | undefined {
  const a = access.subtrees?.(tree);
  const b = a && access.subtrees?.(other);
  if (!a || !b) return undefined;
  return mine.length === theirs.length && mine.every((n, i) => n.startIndex === theirs[i].startIndex && a.sameSyntax(n.id, b, theirs[i].id));
}

/** Is offset `p` of `tree` inside a node of type `type`? */
export function insideType(tree: Tree, p: number, type: string): boolean {
  for (let n: TsNode | null = tree.rootNode.descendantForIndex(p); n; n = n.parent) if (n.type === type) return true;
  return false;
}

/** Undefined once the grammar has loaded; why not, if it failed. */
export function powerShellFailure(): LanguageUnavailable | undefined {
  return failure;
}

function ready(): Parser {
  if (failure) throw failure;
  if (!parser) throw new Error('initPowerShell() must complete before parsing');
  return parser;
}

/**
 * Parses `text`; with `old` (already edited with `editTree`) only the changed part is re-parsed.
 * Past the deadline the parse is cancelled with BudgetExceeded.
 */
export function parsePowerShell(text: string, old?: Tree, deadline?: Deadline): Tree {
  const options = deadline ? { progressCallback: (() => expired(deadline)) as () => void } : undefined;
  const p = ready();
  const tree = p.parse(text, old ?? null, options);
  if (!tree) {
    // A stopped parse is resumed by the next parse() call, even of another text: forget it.
    p.reset();
    if (deadline?.cancel && Atomics.load(deadline.cancel, 0) !== 0) throw new Cancelled();
    throw new BudgetExceeded(deadline?.budgetMs ?? 0);
  }
  return tree;
}

/**
 * Parses only the given ranges of `text`; node offsets stay those of the whole text. `input`, when
 * given, supplies the characters instead of `text` (a same-length respelling of a range: rows and
 * columns are still computed from `text`, without copying or re-indexing the whole text).
 */
export function parsePowerShellRanges(text: string, ranges: RangeToParse[], input?: (index: number) => string): Tree | undefined {
  if (ranges.length === 0) return undefined;
  const included = ranges.map((r) => ({
    startIndex: r.start,
    endIndex: r.end,
    // Known points spare finding every line start of the text (a third of a millisecond on a long script).
    startPosition: r.startPosition ?? pointAt(text, r.start),
    endPosition: r.endPosition ?? pointAt(text, r.end),
  }));
  // Read no further than the last range: given the string, web-tree-sitter copies up to 5,000
  // characters from the start of each range into wasm memory, most of the cost of a one-line parse.
  const last = ranges[ranges.length - 1].end;
  const read = input ?? ((index: number) => (index < last ? text.slice(index, Math.min(last, index + 4096)) : ''));
  return ready().parse(read, null, { includedRanges: included }) ?? undefined;
}

/** A range of a text to parse, with its rows and columns when the caller knows them. */
export interface RangeToParse {
  start: number;
  end: number;
  startPosition?: Point;
  endPosition?: Point;
}

/** Row/column (UTF-16 code units, as web-tree-sitter counts them) of an offset. */
export function pointAt(text: string, offset: number): { row: number; column: number } {
  const starts = lineStartsOf(text);
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { row: lo, column: offset - starts[lo] };
}

// Re-reading a broken region asks for many points of the same text: keep its line starts.
let linesFor: string | undefined;
let lineStarts: number[] = [0];
function lineStartsOf(text: string): number[] {
  if (text !== linesFor) {
    lineStarts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
    linesFor = text;
  }
  return lineStarts;
}

/** Tells an existing tree about one text replacement so the next parse can reuse the unchanged parts. */
export function editTree(
  tree: Tree,
  change: { start: number; oldEnd: number; startPosition: Point; oldEndPosition: Point; newText: string },
): void {
  const { start, oldEnd, startPosition, oldEndPosition, newText } = change;
  const lines = newText.split('\n');
  const newEndPosition = lines.length === 1
    ? { row: startPosition.row, column: startPosition.column + newText.length }
    : { row: startPosition.row + lines.length - 1, column: lines[lines.length - 1].length };
  tree.edit(new Edit({
    startIndex: start, oldEndIndex: oldEnd, newEndIndex: start + newText.length,
    startPosition, oldEndPosition, newEndPosition,
  }));
}

export interface Point {
  row: number;
  column: number;
}
