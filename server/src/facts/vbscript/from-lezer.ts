// Converts the Lezer VBScript tree (grammars/vbscript/vbscript.grammar) into the syntax model the
// fact extractor reads (ir.ts). This is the only file that knows the grammar's node names. `offset`
// is where the script text starts in the document (a .wsf/.hta block), added to every span.
import type { SyntaxNode, Tree } from '@lezer/common';
import { check, type Deadline } from '../../base/budget';
import { lineEnd, lineStart } from '../../base/lines';
import type { Span } from '../model';
import type { VbExpr, VbProgram, VbStmt } from './ir';
import { ALL_RELEVANT, vbRelevance, type VbRelevance, type VbRelevanceSummary, type WordIndex } from './relevance';
import { childrenOf } from '../lezer';
import { hasErrorNode } from '../../parse/vbscript';

const EXPRESSION_NODES = new Set([
  'Identifier', 'Me', 'WithMember', 'MemberExpression', 'CallExpression', 'ParenthesizedExpression', 'String', 'Number',
  'DateLiteral', 'True', 'False', 'Nothing', 'Empty', 'Null', 'NewExpression', 'UnaryExpression', 'BinaryExpression',
]);

/** A "line" longer than this is not code anyone wrote: it is not re-read. */
const MAX_LINE = 64 * 1024;

/** Deeper than this the tree is not followed (fuzzed or generated input): no stack overflow. */
const MAX_DEPTH = 400;

/**
 * `parse` re-parses a piece of text on its own: statements the parser could not read are cut into
 * lines and re-read one by one (see `recover`), so one broken line cannot hide the lines after it.
 * `carry` is what an open document keeps between analyses: in, the index of `text`'s words if it has one;
 * out, the index read and what decided relevance (for core/reuse.ts), when the program was converted from
 * the tree as given (no line blanked).
 */
export function lezerToIr(
  tree: Tree, text: string, offset = 0, parse?: (text: string) => Tree, deadline?: Deadline, exhaustive = false, carry?: VbCarry,
): VbProgram {
  // Only the top-level statements that can matter are converted (relevance.ts); `exhaustive` converts all.
  const relevance = exhaustive ? ALL_RELEVANT : vbRelevance(tree, text, deadline, carry?.words);
  // Which broken lines are blanked is decided over the relevant statements in both walks (blanking stops at
  // the first line it may not blank, so the lines looked at decide it): a full walk reads the relevant
  // statements as a gated one does. Looking at every line instead walked the whole tree on each edit.
  const mended = parse ? blankBrokenLines(tree, text, parse, exhaustive ? vbRelevance(tree, text, deadline) : relevance, deadline) : undefined;
  if (mended === undefined || mended === 'clean') {
    if (carry) {
      carry.summary = relevance.summary;
      carry.words = relevance.words;
    }
    // Clean: blankBrokenLines walked the same statements and met no error; the converter need not look again.
    return new Converter(text, offset, parse, deadline, relevance, mended === 'clean' && !exhaustive).program(tree);
  }
  // Converted from the text with the broken lines blanked (same length: offsets hold), so the
  // statements around them keep their Sub, Function, If and loop; the blanked lines stay errors.
  const program = new Converter(mended.text, offset, parse, deadline, exhaustive ? ALL_RELEVANT : vbRelevance(mended.tree, mended.text, deadline)).program(mended.tree);
  for (const b of mended.blanked) program.errors.push({ start: b.start + offset, end: b.end + offset });
  program.errors.sort((a, b) => a.start - b.start);
  return program;
}

/** What an open document keeps between analyses of its text (core/document-analysis.ts). */
export interface VbCarry {
  summary?: VbRelevanceSummary;
  words?: WordIndex;
}

/** How many broken lines are blanked, at most, before the line-by-line re-reading takes over. */
const MAX_BLANKED = 8;

/**
 * A broken line inside a relevant statement (`If x = Then (((` before a Function) makes Lezer's error
 * recovery cut the following Sub or Function apart, and re-reading line by line then loses the body
 * they belong to. So such a line is blanked (spaces, same length) and the text parsed again, until it
 * parses or MAX_BLANKED lines are gone. Only a line that, read alone, neither assigns nor calls anything
 * is blanked (it cannot change a value or hide a call); otherwise undefined: recovery as before. 'clean':
 * the relevant statements hold no error.
 */
function blankBrokenLines(
  tree: Tree, text: string, parse: (text: string) => Tree, relevance: VbRelevance, deadline?: Deadline,
): { text: string; tree: Tree; blanked: Span[] } | 'clean' | undefined {
  let current = tree;
  let masked = text;
  const blanked: Span[] = [];
  for (;;) {
    const at = firstRelevantError(current, relevance, deadline);
    if (at === undefined) return blanked.length ? { text: masked, tree: current, blanked } : 'clean';
    if (blanked.length >= MAX_BLANKED) return undefined;
    const start = lineStart(masked, at);
    const end = lineEnd(masked, start);
    const line = masked.slice(start, end);
    if (!line.trim() || /(^|[ \t])_[ \t]*$/.test(line) || /:/.test(line.replace(/"[^"]*"/g, ''))) return undefined; // continued or shared lines: not blanked
    check(deadline);
    const alone = new Converter(line, 0, undefined, deadline).program(parse(line)).body;
    if (acts(alone)) return undefined;
    masked = masked.slice(0, start) + ' '.repeat(line.length) + masked.slice(end);
    blanked.push({ start, end });
    current = parse(masked);
  }
}

/** Does any statement (nested ones too) assign, call or define something? */
function acts(stmts: VbStmt[]): boolean {
  return stmts.some((s) => {
    switch (s.k) {
      case 'assign': case 'call': case 'procedure': case 'const': case 'class': return true;
      case 'if': return s.branches.some((b) => acts(b.body));
      case 'select': return s.cases.some((c) => acts(c.body));
      case 'loop': case 'foreach': case 'with': return acts(s.body);
      default: return false;
    }
  });
}

/** Where the first syntax error inside a relevant top-level statement starts, if any. */
function firstRelevantError(tree: Tree, relevance: VbRelevance, deadline?: Deadline): number | undefined {
  if (!hasErrorNode(tree)) return undefined;
  let steps = 0;
  for (const n of relevance.tops(tree)) {
    const c = n.cursor();
    do {
      if ((++steps & 1023) === 0) check(deadline);
      if (c.type.isError) return c.from;
    } while (c.next() && c.from <= n.to);
  }
  return undefined;
}

/** Node types whose children are statements: an error inside them is recovered at that level. */
const BLOCKS = new Set(['Block', 'ClassBody']);

class Converter {
  private readonly comments: { text: string; span: Span }[] = [];
  private readonly errors: Span[] = [];
  /** Error ranges in this text's own offsets (to find statements that contain one). */
  private readonly localErrors: { from: number; to: number }[] = [];
  private depth = 0;

  private steps = 0;

  constructor(
    private readonly text: string,
    private readonly offset: number,
    private readonly parse?: (text: string) => Tree,
    private readonly deadline?: Deadline,
    private readonly relevance: VbRelevance = ALL_RELEVANT,
    /** The relevant statements are known to hold no error node. */
    private readonly errorFree = false,
  ) {}

  program(tree: Tree): VbProgram {
    // Error nodes in the statements that are converted (they decide what is re-read line by line).
    const seen = new Set<string>(); // an error found from two neighbouring statements counts once
    for (const n of this.errorFree ? [] : this.relevance.tops(tree)) {
      const c = n.cursor();
      do {
        if ((++this.steps & 1023) === 0 && this.deadline) check(this.deadline); // a deep tree is slow to walk
        if (c.type.isError && !seen.has(`${c.from}:${c.to}`)) {
          seen.add(`${c.from}:${c.to}`);
          this.localErrors.push({ from: c.from, to: c.to });
        }
      } while (c.next() && c.from <= n.to);
    }
    this.localErrors.sort((a, b) => a.from - b.from || a.to - b.to);
    for (const e of this.localErrors) this.errors.push(this.span(e.from, e.to));
    // Suppression comments, wherever they are: the only comments anyone reads, and they name hopcheck.
    const seenComments = new Set<number>();
    for (const m of this.text.matchAll(/hopcheck/gi)) {
      const node = tree.resolveInner(m.index, 1);
      if (node.name === 'Comment' && !seenComments.has(node.from)) {
        seenComments.add(node.from);
        this.comments.push({ text: this.text.slice(node.from, node.to), span: this.span(node.from, node.to) });
      }
    }
    return { body: this.statements(tree.topNode), comments: this.comments, errors: this.errors };
  }

  private span(from: number, to: number): Span {
    return { start: from + this.offset, end: to + this.offset };
  }

  private spanOf(n: SyntaxNode): Span {
    return this.span(n.from, n.to);
  }

  private src(n: SyntaxNode): string {
    return this.text.slice(n.from, n.to);
  }

  private isExpr(n: SyntaxNode): boolean {
    // By name: the statement-head forms (HeadCall, BareCall, HeadMember) share these names but not the group.
    return EXPRESSION_NODES.has(n.name);
  }

  private isStmt(n: SyntaxNode): boolean {
    return n.type.is('Statement') || n.name === 'PropertyDeclaration';
  }

  /** The statements directly under a node (Program, Block, ClassBody, an inline If's body...). */
  private statements(n: SyntaxNode): VbStmt[] {
    const out: VbStmt[] = [];
    // At the top level, only the statements that can matter.
    for (const c of n.parent ? childrenOf(n) : this.relevance.tops(n.tree!)) {
      if ((this.isStmt(c) || c.type.isError) && this.brokenHere(c)) out.push(...this.recover(c));
      else if (this.isStmt(c)) out.push(this.statement(c));
      else if (c.type.isError) out.push(...this.statements(c)); // statements the parser kept inside an error
    }
    return out;
  }

  /** Does this statement hold an error outside its nested blocks (which recover on their own)? */
  private brokenHere(n: SyntaxNode): boolean {
    if (!this.parse) return false;
    // Errors come in document order: find the first at or after the node by bisection (a broken file can have thousands).
    let lo = 0;
    let hi = this.localErrors.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.localErrors[mid].from < n.from) lo = mid + 1;
      else hi = mid;
    }
    const inside: { from: number; to: number }[] = [];
    for (let i = lo; i < this.localErrors.length && this.localErrors[i].from <= n.to; i++) {
      const e = this.localErrors[i];
      if (e.to <= n.to && !(e.from === e.to && (e.from === n.from || e.to === n.to))) inside.push(e);
    }
    if (inside.length === 0) return false;
    if (n.type.isError) return true;
    const blocks: SyntaxNode[] = [];
    const collect = (x: SyntaxNode) => {
      for (let c = x.firstChild; c; c = c.nextSibling) {
        if (BLOCKS.has(c.name)) blocks.push(c);
        else if (['ElseIfClause', 'ElseClause', 'CaseClause'].includes(c.name)) collect(c);
      }
    };
    collect(n);
    return inside.some((e) => !blocks.some((b) => e.from >= b.from && e.to <= b.to));
  }

  /** Re-reads a broken statement line by line (joining ` _` continuations); each line parsed on its own. */
  private recover(n: SyntaxNode): VbStmt[] {
    const out: VbStmt[] = [];
    const piece = this.text.slice(n.from, n.to);
    const re = /[^\r\n]*(?:\r\n|\n|\r|$)/g;
    let start = 0;
    let pending = '';
    let pendingStart = 0;
    for (let m = re.exec(piece); m && m[0] !== ''; m = re.exec(piece)) {
      const line = m[0];
      if (!pending) pendingStart = start;
      pending += line;
      start += line.length;
      if (/(^|[ \t])_[ \t]*(\r\n|\n|\r)$/.test(line)) continue; // continued on the next line
      if (pending.length <= MAX_LINE && pending.trim()) {
        check(this.deadline);
        const sub = new Converter(pending, this.offset + n.from + pendingStart, undefined, this.deadline); // no parse: never recovers again
        out.push(...sub.program(this.parse!(pending)).body);
      }
      pending = '';
    }
    return out;
  }

  private statement(n: SyntaxNode): VbStmt {
    return this.guarded(n, (x) => this.statementAt(x));
  }

  /** Converts `n` one level deeper: past MAX_DEPTH it is `other`, and the deadline is checked now and then. */
  private guarded<T extends VbStmt | VbExpr>(n: SyntaxNode, convert: (n: SyntaxNode) => T): T | { k: 'other'; span: Span } {
    if (this.depth > MAX_DEPTH) return { k: 'other', span: this.spanOf(n) };
    if ((++this.steps & 255) === 0) check(this.deadline);
    this.depth++;
    try {
      return convert(n);
    } finally {
      this.depth--;
    }
  }

  private statementAt(n: SyntaxNode): VbStmt {
    const span = this.spanOf(n);
    const kids = childrenOf(n);
    const exprs = kids.filter((k) => this.isExpr(k));
    const block = (k: SyntaxNode | null | undefined) => (k ? this.statements(k) : []);
    switch (n.name) {
      case 'DimStatement':
        return { k: 'dim', span, names: n.getChildren('VariableDeclarator').map((d) => this.name(d.getChild('Identifier') ?? d)) };
      case 'ConstStatement':
        return {
          k: 'const', span,
          items: n.getChildren('ConstDeclarator').map((d) => {
            const id = d.getChild('Identifier');
            const value = childrenOf(d).filter((x) => this.isExpr(x) && x.from !== id?.from).pop();
            return { ...this.name(id ?? d), value: value ? this.expr(value) : { k: 'other', span: this.spanOf(d) }, span: this.spanOf(d) };
          }),
        };
      case 'SetStatement':
      case 'AssignStatement': {
        if (exprs.length < 2) return { k: 'other', span };
        return { k: 'assign', set: n.name === 'SetStatement', target: this.expr(exprs[0]), value: this.expr(exprs[exprs.length - 1]), span };
      }
      case 'CallStatement': {
        const e = exprs[0];
        if (!e) return { k: 'other', span };
        if (n.getChild('Call')) return { k: 'call', target: this.expr(e), args: [], span };
        if (e.name === 'CallExpression') {
          const callee = childrenOf(e).find((x) => this.isExpr(x));
          const list = e.getChild('ArgList');
          if (callee) return { k: 'call', target: this.expr(callee), args: list ? this.args(list) : [], span };
        }
        return { k: 'call', target: this.expr(e), args: [], span };
      }
      case 'SubDeclaration':
      case 'FunctionDeclaration':
      case 'PropertyDeclaration': {
        const id = n.getChild('Identifier');
        const params = n.getChild('ParamList')?.getChildren('Param').map((p) => this.name(p.getChild('Identifier') ?? p)) ?? [];
        const kind = n.name === 'SubDeclaration' ? 'sub' : n.name === 'FunctionDeclaration' ? 'function' : 'property';
        return { k: 'procedure', kind, name: id ? this.identifier(id) : '', params, body: block(n.getChild('Block')), span };
      }
      case 'ClassDeclaration': {
        const id = n.getChild('Identifier');
        return { k: 'class', name: id ? this.identifier(id) : '', body: block(n.getChild('ClassBody')), span };
      }
      case 'IfStatement': {
        const branches: { cond?: VbExpr; body: VbStmt[] }[] = [];
        const cond = exprs[0];
        const mainBlock = n.getChild('Block');
        branches.push({ cond: cond ? this.expr(cond) : undefined, body: mainBlock ? this.statements(mainBlock) : this.inlineStatements(kids) });
        for (const c of n.getChildren('ElseIfClause')) {
          const e = childrenOf(c).find((x) => this.isExpr(x));
          branches.push({ cond: e ? this.expr(e) : undefined, body: block(c.getChild('Block')) });
        }
        const els = n.getChild('ElseClause');
        if (els) branches.push({ body: [...this.inlineStatements(childrenOf(els)), ...block(els.getChild('Block'))] });
        return { k: 'if', branches, span };
      }
      case 'SelectStatement':
        return {
          k: 'select', span, subject: exprs[0] ? this.expr(exprs[0]) : { k: 'other', span },
          cases: n.getChildren('CaseClause').map((c) => ({
            values: childrenOf(c).filter((x) => this.isExpr(x)).map((x) => this.expr(x)),
            body: block(c.getChild('Block')),
          })),
        };
      case 'ForEachStatement': {
        const id = n.getChild('Identifier');
        const coll = exprs.find((x) => x.from !== id?.from);
        if (!id || !coll) return { k: 'loop', conditions: [], body: block(n.getChild('Block')), span };
        return { k: 'foreach', variable: this.identifier(id), variableSpan: this.spanOf(id), collection: this.expr(coll), body: block(n.getChild('Block')), span };
      }
      case 'ForStatement':
      case 'DoStatement':
      case 'WhileStatement':
        return { k: 'loop', conditions: exprs.filter((x) => x.name !== 'Identifier' || n.name !== 'ForStatement').map((x) => this.expr(x)), body: block(n.getChild('Block')), span };
      case 'WithStatement':
        return { k: 'with', object: exprs[0] ? this.expr(exprs[0]) : { k: 'other', span }, body: block(n.getChild('Block')), span };
      default:
        return { k: 'other', span };
    }
  }

  /** The statements written inline in a single-line If (or its Else). */
  private inlineStatements(kids: SyntaxNode[]): VbStmt[] {
    return kids.filter((k) => this.isStmt(k)).map((k) => this.statement(k));
  }

  private name(n: SyntaxNode): { name: string; span: Span } {
    return { name: this.identifier(n), span: this.spanOf(n) };
  }

  private identifier(n: SyntaxNode): string {
    const raw = this.src(n);
    return raw.startsWith('[') && raw.endsWith(']') ? raw.slice(1, -1) : raw;
  }

  private args(list: SyntaxNode): (VbExpr | undefined)[] {
    const out: (VbExpr | undefined)[] = [];
    for (const c of childrenOf(list)) {
      if (c.name === 'EmptyArgument') out.push(undefined);
      else if (this.isExpr(c)) out.push(this.expr(c));
    }
    return out;
  }

  private expr(n: SyntaxNode): VbExpr {
    return this.guarded(n, (x) => this.exprAt(x));
  }

  private exprAt(n: SyntaxNode): VbExpr {
    const span = this.spanOf(n);
    const kids = childrenOf(n);
    const exprs = kids.filter((k) => this.isExpr(k));
    switch (n.name) {
      case 'Identifier': {
        const name = this.identifier(n);
        return { k: 'ident', name, lower: name.toLowerCase(), span };
      }
      case 'String': {
        const raw = this.src(n);
        const body = raw.length >= 2 && raw.endsWith('"') ? raw.slice(1, -1) : raw.slice(1);
        return { k: 'string', value: body.replace(/""/g, '"'), span };
      }
      case 'Number': return { k: 'number', text: this.src(n), span };
      case 'WithMember':
      case 'MemberExpression': {
        const m = n.getChild('MemberName');
        const name = m ? this.identifier(m) : '';
        const object = n.name === 'MemberExpression' && exprs[0] ? this.expr(exprs[0]) : undefined;
        return { k: 'member', object, name, lower: name.toLowerCase(), nameSpan: m ? this.spanOf(m) : span, span };
      }
      case 'CallExpression': {
        const list = n.getChild('ArgList');
        return { k: 'call', callee: exprs[0] ? this.expr(exprs[0]) : { k: 'other', span }, args: list ? this.args(list) : [], span };
      }
      case 'ParenthesizedExpression': return exprs[0] ? this.expr(exprs[0]) : { k: 'other', span };
      case 'NewExpression': {
        const id = n.getChild('Identifier');
        return { k: 'new', className: id ? this.identifier(id) : '', span };
      }
      case 'UnaryExpression': {
        const op = kids.find((k) => !this.isExpr(k));
        return { k: 'unary', op: op ? this.src(op).toLowerCase() : '', operand: exprs[0] ? this.expr(exprs[0]) : { k: 'other', span }, span };
      }
      case 'BinaryExpression': {
        if (exprs.length < 2) return { k: 'other', span };
        // `a & b & c …` is one flat node (the grammar's ConcatChain): folded in halves, so a chain of
        // thousands of continued lines is a tree of logarithmic depth.
        if (exprs.length > 2) return this.concatChain(exprs, 0, exprs.length);
        const op = kids.find((k) => k !== exprs[0] && k !== exprs[exprs.length - 1] && !this.isExpr(k));
        return { k: 'binary', op: op ? this.src(op).toLowerCase() : '', left: this.expr(exprs[0]), right: this.expr(exprs[exprs.length - 1]), span };
      }
      case 'Me': case 'True': case 'False': case 'Nothing': case 'Empty': case 'Null': case 'DateLiteral':
        return { k: 'literal', text: this.src(n), span };
      default:
        return { k: 'other', span };
    }
  }

  private concatChain(operands: SyntaxNode[], lo: number, hi: number): VbExpr {
    if (hi - lo === 1) return this.expr(operands[lo]);
    const mid = (lo + hi) >> 1;
    return {
      k: 'binary', op: '&', left: this.concatChain(operands, lo, mid), right: this.concatChain(operands, mid, hi),
      span: this.span(operands[lo].from, operands[hi - 1].to),
    };
  }
}
