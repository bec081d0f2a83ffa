// Navigation over tree-sitter-powershell trees that the interpreter and the command handlers share:
// the statement a node is part of, whether a command can stand in for an expression, recovery runs,
// error ranges, argument spans.
import type { Node } from '../../parse/powershell';
import type { Span } from '../model';
import { lineBreakBefore } from '../../base/lines';
import { namedChildren, spanOf, stringContentSpan, unwrap, type ArgValue } from './syntax';

const STATEMENT_PARENTS = new Set(['statement_list', 'program', 'script_block_body', 'statement_block']);

/** The statement a node belongs to (the pipeline directly in a statement list). */
export function statementOf(n: Node): Span {
  let cur = n;
  for (let p = cur.parent; p && !STATEMENT_PARENTS.has(p.type); p = cur.parent) cur = p;
  return spanOf(cur);
}

/** Can a command replace this expression as it stands (a pipeline stage, a statement or an assigned value)? */
export function isStandalone(n: Node): boolean {
  let cur = n;
  for (;;) {
    const p = cur.parent;
    if (!p) return true;
    if (p.type === 'pipeline_chain' || p.type === 'pipeline' || p.type === 'assignment_expression' || STATEMENT_PARENTS.has(p.type)) return true;
    if (namedChildren(p).length !== 1 || p.type === 'parenthesized_expression' || p.type === 'sub_expression' || p.type === 'array_expression') {
      return p.type === 'parenthesized_expression' || p.type === 'sub_expression';
    }
    cur = p;
  }
}

/** The statements of a script block, for moving one of them out. */
export function blockStatements(block: Node): Span[] {
  const list = block.firstDescendantOfType('statement_list');
  return list ? namedChildren(list).map(spanOf) : [];
}

/**
 * The consecutive statements around broken `k` that need recovery (comments between them do not break a run),
 * and any that starts on the line the run ends on, as one region: the grammar's recovery can end an ERROR
 * inside a line and read the rest of that line as a statement of its own (`Test-Cluster -Node n1, n2` took
 * the start of the next line, `Get-CimInstance … -CimSession`, and left `$s | Invoke-CimMethod …`), so the
 * whole line is re-read.
 */
export function recoveryRun(k: Node, text: string): Span {
  let first = k;
  let last = k;
  for (let p = k.previousNamedSibling; p; p = p.previousNamedSibling) {
    if (p.type === 'comment') continue;
    if (!needsRecovery(p)) break;
    first = p;
  }
  for (let n = k.nextNamedSibling; n; n = n.nextNamedSibling) {
    if (n.type === 'comment') continue;
    if (!needsRecovery(n) && !onLineOf(text, last.endIndex, n.startIndex)) break;
    last = n;
  }
  return { start: first.startIndex, end: last.endIndex };
}

/** How many statements back on one line `runHolding` looks for a broken one (a minified line can hold thousands). */
const SAME_LINE_LOOKBACK = 256;

/**
 * The region re-read line by line with `k`: its run when it needs recovery, or the run of a broken statement
 * that ends on the line `k` starts on (recoveryRun), else undefined.
 */
export function runHolding(k: Node, text: string): Span | undefined {
  if (needsRecovery(k)) return recoveryRun(k, text);
  // Only a broken statement before k that ends on k's line holds it: none where the statements around it have
  // no error, or where none ends on its line. Both are answered without reading k's siblings (a long script's
  // top level has thousands).
  if (!k.parent?.hasError || firstOnItsLine(k, text)) return undefined;
  // Back over the statements on k's line, comments passed over as recoveryRun passes over them.
  let cur = k;
  for (let p = k.previousNamedSibling, steps = 0; p && steps < SAME_LINE_LOOKBACK; p = p.previousNamedSibling, steps++) {
    if (p.type === 'comment') continue;
    if (!onLineOf(text, p.endIndex, cur.startIndex)) return undefined;
    if (needsRecovery(p)) return recoveryRun(p, text);
    cur = p;
  }
  return undefined;
}

/** How far back `firstOnItsLine` looks for the line break in front of a statement (a minified line can be megabytes). */
const LINE_BREAK_LOOKBACK = 4096;

/**
 * Does every sibling before `k` end before the line break in front of `k`'s line (so none ends on it)? Asked
 * of the parent by offset, which finds the child in memory without reading the others (parse/syntax-tree.ts).
 * False when no line break is that near: then the caller asks the siblings, at most SAME_LINE_LOOKBACK of
 * them (looking back to the line's start for every statement of a long line made it quadratic).
 */
function firstOnItsLine(k: Node, text: string): boolean {
  const lineBreak = lineBreakBefore(text, k.startIndex, LINE_BREAK_LOOKBACK);
  const first = lineBreak >= 0 ? k.parent?.firstChildForIndex(lineBreak) : undefined;
  return first?.startIndex === k.startIndex && first.endIndex === k.endIndex;
}

/** Does [from, to) of `text` hold no line break (so `to` is on the line `from` is on)? */
function onLineOf(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return false;
  }
  return true;
}

/**
 * What is re-read line by line together with a top-level statement (TopIndex.statementAt), as the
 * interpreter's walk cuts it: the run it is in (its own when it is broken, or that of a broken statement on
 * its line: runHolding), else the statement.
 */
export function recoveredWith(at: { node: Node }, text: string): Span {
  return runHolding(at.node, text) ?? spanOf(at.node);
}

/** A statement the grammar could not read properly: re-read it line by line (see recover.ts). */
export function needsRecovery(n: Node): boolean {
  if (n.type === 'ERROR' || n.isMissing) return true;
  if (!n.hasError) return false;
  // A statement list has no head of its own: its broken statements are re-read where they are, as runs
  // (recoveryRun), and the others walked (re-reading all of a script for one broken line cost a second
  // parse of it, and the nesting of every block in it).
  if (n.type === 'statement_list') return false;
  // A pipeline is broken unless its errors all sit in the statements of a nested, closed script block
  // (`$b = { … 2,000 lines … }`): those are recovered where they are when the block is walked, so
  // the block keeps its own scope and session instead of being re-read line by line as outer code.
  if (n.type === 'pipeline') return brokenOutsideBlocks(n);
  // A compound statement is walked normally unless its own head is broken. A one-line
  // `function F { param($x) … }` is read whole: the grammar only misplaces its param block (an ERROR holding just that).
  if (n.type === 'function_statement') return namedChildren(n).some((c) => c.isMissing || (c.type === 'ERROR' && !isMisplacedParams(c)));
  return namedChildren(n).some((c) => c.type === 'ERROR' || c.isMissing);
}

/** An ERROR or MISSING node under `n` that is not inside a nested script block whose braces are both there. */
function brokenOutsideBlocks(n: Node): boolean {
  const stack: Node[] = [n]; // iterative: a fuzzed tree can be deeper than the call stack
  while (stack.length) {
    const cur = stack.pop()!;
    for (const c of cur.children) {
      if (!c.hasError && !c.isMissing) continue;
      if (c.type === 'ERROR' || c.isMissing) return true;
      if (c.type === 'script_block_expression' && isClosedBlock(c)) continue;
      stack.push(c);
    }
  }
  return false;
}

/** `{ … }` (a script_block_expression holds the braces) with both read as such (a block that swallowed the rest of the file lacks its `}`). */
function isClosedBlock(block: Node): boolean {
  const first = block.firstChild;
  const last = block.lastChild;
  return first?.type === '{' && !first.isMissing && last?.type === '}' && !last.isMissing;
}

function isMisplacedParams(error: Node): boolean {
  const kids = namedChildren(error);
  return kids.length === 1 && kids[0].type === 'param_block' && !kids[0].hasError;
}


export function errorSpans(root: Node): Span[] {
  const out: Span[] = [];
  const stack: Node[] = [root]; // iterative: a fuzzed tree can be deeper than the call stack
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'ERROR' || n.isMissing) { out.push(spanOf(n)); continue; }
    if (!n.hasError) continue;
    for (const c of n.children) stack.push(c); // not spread: a list can have more children than a call has arguments
  }
  return out.sort((a, b) => a.start - b.start);
}

export function argSpan(a: ArgValue): Span {
  return 'node' in a ? spanOf(a.node) : a.span;
}

/** The method name of `-Name EvictNode` / `-MethodName 'EvictNode'`, without quotes. */
export function argNameSpan(a: ArgValue): Span {
  return 'node' in a ? stringContentSpan(unwrap(a.node)) : a.span;
}

/** The items of a constructor/method argument list `(a, b)` or an array `a, b`. */
export function ctorArgs(n: Node): readonly Node[] {
  // A loop, not recursion: `((((x))))` nested thousands deep must not exhaust the stack.
  let u = unwrap(n);
  for (;;) {
    if (u.type === 'argument_list' || u.type === 'parenthesized_expression') {
      const inner = namedChildren(u);
      if (inner.length !== 1) return inner;
      u = unwrap(inner[0]);
      continue;
    }
    if (u.type === 'argument_expression_list' || u.type === 'array_literal_expression') return namedChildren(u);
    return [u];
  }
}
