// Converts a @lezer/javascript tree of a JScript (WSH) script into the syntax model the VBScript
// interpreter already walks (facts/vbscript/ir.ts): both languages drive the same COM objects
// (GetObject monikers, SWbemLocator, SWbemServices), so one interpreter and one WMI-API model serve
// both, and this file is the only one that knows @lezer/javascript's node names. What JScript writes
// differently is mapped here:
// - `new ActiveXObject(p)` and `WScript.CreateObject(p)` are VBScript's `CreateObject(p)`;
// - `new Enumerator(c)` is the collection itself, so `e.item()` is one of its objects (VBScript's
//   `For Each`), and `for (var e = new Enumerator(c); !e.atEnd(); e.moveNext()) {…}` a loop over it;
// - `return v` inside `function f` is VBScript's `f = v`; `var f = function (…) {…}` is `function f`;
// - string escapes are decoded (`"\\\\node1\\root"` is `\\node1\root`); `a[i]` is an index like `a(i)`;
// - `try`/`catch`/`finally` bodies, `switch` cases and `if`/`else` arms are walked like VBScript's arms.
// Identifiers are looked up case-insensitively, as VBScript's are (JScript's are case-sensitive: two
// variables differing only in case are one here; COM member names are case-insensitive in both).
import type { SyntaxNode, Tree } from '@lezer/common';
import { check, type Deadline } from '../../base/budget';
import { unescapeJs } from '../literals';
import type { Span } from '../model';
import type { VbExpr, VbProgram, VbStmt } from '../vbscript/ir';
import { childrenOf } from '../lezer';

/** Deeper than this the tree is not followed (generated input): no stack overflow. */
const MAX_DEPTH = 400;

/**
 * `parse` re-parses a piece of text on its own: a statement with a syntax error of its own is cut into
 * lines and each line that parses cleanly is read (as VBScript's are), so one broken line cannot hide
 * the statements the parser's recovery folded into it.
 */
export function jscriptToIr(tree: Tree, text: string, offset = 0, parse?: (text: string) => Tree, deadline?: Deadline): VbProgram {
  return new JsConverter(text, offset, parse, deadline).program(tree);
}

class JsConverter {
  private readonly comments: { text: string; span: Span }[] = [];
  private readonly errors: Span[] = [];
  private depth = 0;
  private steps = 0;
  /** Every function, wherever declared: hoisted to the script's top level, where the interpreter looks for procedures. */
  private readonly hoisted: VbStmt[] = [];
  /** The function whose body is being converted (its `return` assigns its name). */
  private fn?: { name: string; span: Span };

  /** Error nodes, in this text's own offsets. */
  private readonly localErrors: SyntaxNode[] = [];

  constructor(
    private readonly text: string,
    private readonly offset: number,
    private readonly parse?: (text: string) => Tree,
    private readonly deadline?: Deadline,
  ) {}

  program(tree: Tree): VbProgram {
    const c = tree.cursor();
    do {
      if ((++this.steps & 1023) === 0) check(this.deadline);
      if (c.type.isError) {
        this.errors.push(this.span(c.from, c.to));
        this.localErrors.push(c.node);
      }
      else if ((c.name === 'LineComment' || c.name === 'BlockComment') && /hopcheck/i.test(this.src(c.node))) {
        this.comments.push({ text: this.src(c.node), span: this.span(c.from, c.to) });
      }
    } while (c.next());
    const body = this.block(tree.topNode);
    return { body: [...this.hoisted, ...body], comments: this.comments, errors: this.errors };
  }

  private span(from: number, to: number): Span {
    return { start: from + this.offset, end: to + this.offset };
  }

  private at(n: SyntaxNode): Span {
    return this.span(n.from, n.to);
  }

  private src(n: SyntaxNode): string {
    return this.text.slice(n.from, n.to);
  }

  // ---- statements ---------------------------------------------------------------------------

  /** The statements directly inside a Script, Block or SwitchBody. */
  private block(n: SyntaxNode): VbStmt[] {
    const out: VbStmt[] = [];
    for (const c of childrenOf(n)) out.push(...(this.parse && this.hasOwnError(c) ? this.recover(c) : this.statement(c)));
    return out;
  }

  /** Does an error node sit in this statement itself, not inside a block nested in it (which recovers on its own)? */
  private hasOwnError(stmt: SyntaxNode): boolean {
    // Errors are in document order: start at the first one at or after the statement (bisection), so a
    // broken file with thousands of errors and statements is not quadratic.
    let lo = 0;
    let hi = this.localErrors.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.localErrors[mid].from < stmt.from) lo = mid + 1;
      else hi = mid;
    }
    const candidates: SyntaxNode[] = [];
    for (let i = lo; i < this.localErrors.length && this.localErrors[i].from <= stmt.to; i++) candidates.push(this.localErrors[i]);
    return candidates.some((e) => {
      if (e.from < stmt.from || e.to > stmt.to) return false;
      for (let p = e.parent; p && p.from >= stmt.from && p !== stmt; p = p.parent) {
        if ((p.name === 'Block' || p.name === 'SwitchBody') && p.parent && p.parent !== stmt.parent) return false;
      }
      return true;
    });
  }

  /** A broken statement, read line by line: the lines that parse cleanly on their own. */
  private recover(stmt: SyntaxNode): VbStmt[] {
    const out: VbStmt[] = [];
    const piece = this.text.slice(stmt.from, stmt.to);
    for (const m of piece.matchAll(/[^\r\n]+/g)) {
      if ((++this.steps & 63) === 0) check(this.deadline);
      if (m[0].length > 64 * 1024) continue; // not a line anyone wrote
      const tree = this.parse!(m[0]);
      let broken = false;
      tree.iterate({ enter: (x) => { if (x.type.isError) broken = true; return !broken; } });
      if (broken) continue;
      const sub = new JsConverter(m[0], this.offset + stmt.from + m.index, undefined, this.deadline);
      const program = sub.program(tree);
      out.push(...program.body);
    }
    return out;
  }

  private statement(n: SyntaxNode): VbStmt[] {
    if ((++this.steps & 255) === 0) check(this.deadline);
    if (this.depth > MAX_DEPTH) return [{ k: 'other', span: this.at(n) }];
    this.depth++;
    try {
      return this.statementInner(n);
    } finally {
      this.depth--;
    }
  }

  private statementInner(n: SyntaxNode): VbStmt[] {
    switch (n.name) {
      case 'VariableDeclaration': return this.declaration(n);
      case 'ExpressionStatement': {
        const e = n.firstChild;
        return e ? this.expressionStatement(e, n) : [];
      }
      case 'FunctionDeclaration': {
        const name = n.getChild('VariableDefinition');
        if (name) this.hoisted.push(this.procedure(this.src(name), n));
        return [];
      }
      case 'Block': return [{ k: 'if', branches: [{ body: this.block(n) }], span: this.at(n) }];
      case 'IfStatement': return [this.ifStatement(n)];
      case 'ForStatement': return this.forStatement(n);
      case 'WhileStatement':
      case 'DoStatement': {
        const cond = n.getChild('ParenthesizedExpression');
        const body = childrenOf(n).filter((c) => c !== cond && this.isStatement(c));
        return [{ k: 'loop', conditions: cond ? [this.expr(cond)] : [], body: body.flatMap((b) => this.statement(b)), span: this.at(n) }];
      }
      case 'SwitchStatement': return [this.switchStatement(n)];
      case 'TryStatement': {
        const branches: { body: VbStmt[] }[] = [];
        for (const c of childrenOf(n)) {
          if (c.name === 'Block') branches.push({ body: this.block(c) });
          else if (c.name === 'CatchClause' || c.name === 'FinallyClause') {
            const b = c.getChild('Block');
            if (b) branches.push({ body: this.block(b) });
          }
        }
        return [{ k: 'if', branches, span: this.at(n) }];
      }
      case 'ReturnStatement': {
        const value = childrenOf(n).find((c) => this.isExpression(c));
        if (!value || !this.fn) return value ? [{ k: 'call', target: this.expr(value), args: [], span: this.at(n) }] : [];
        const target: VbExpr = { k: 'ident', name: this.fn.name, lower: this.fn.name.toLowerCase(), span: this.fn.span };
        return [{ k: 'assign', set: true, target, value: this.expr(value), span: this.at(n) }];
      }
      case 'LabeledStatement': return childrenOf(n).filter((c) => this.isStatement(c)).flatMap((c) => this.statement(c));
      case 'WithStatement': {
        // `with (o) { x }` makes bare names o's members: not modelled, the body is still read.
        const body = childrenOf(n).filter((c) => this.isStatement(c));
        return [{ k: 'if', branches: [{ body: body.flatMap((b) => this.statement(b)) }], span: this.at(n) }];
      }
      default: return [];
    }
  }

  private isStatement(n: SyntaxNode): boolean {
    return /Statement$|Declaration$|^Block$/.test(n.name);
  }

  private isExpression(n: SyntaxNode): boolean {
    return !n.type.isError && /^[A-Z]/.test(n.name) && !/Op$|^Equals$|Comment$/.test(n.name) && n.name !== 'Arrow';
  }

  /** `var a = x, b = function () {…}` */
  private declaration(n: SyntaxNode): VbStmt[] {
    const out: VbStmt[] = [];
    const kids = childrenOf(n);
    for (let i = 0; i < kids.length; i++) {
      const def = kids[i];
      if (def.name !== 'VariableDefinition') continue;
      const name = this.src(def);
      if (kids[i + 1]?.name !== 'Equals' || !kids[i + 2]) {
        out.push({ k: 'dim', names: [{ name, span: this.at(def) }], span: this.at(def) });
        continue;
      }
      const value = kids[i + 2];
      // The last declarator's statement runs to the declaration's end (its `;`): a fix inserting after it stays valid.
      const last = !kids.slice(i + 3).some((k) => k.name === 'VariableDefinition');
      const span = this.span(def.from, last ? n.to : value.to);
      if (value.name === 'FunctionExpression' || value.name === 'ArrowFunction') this.hoisted.push(this.procedure(name, value));
      else out.push({ k: 'assign', set: true, target: { k: 'ident', name, lower: name.toLowerCase(), span: this.at(def) }, value: this.expr(value), span });
      i += 2;
    }
    return out;
  }

  private expressionStatement(e: SyntaxNode, stmt: SyntaxNode): VbStmt[] {
    const span = this.at(stmt);
    if (e.name === 'AssignmentExpression') {
      const left = e.firstChild;
      const op = left?.nextSibling;
      const right = op?.nextSibling;
      if (left && op && right) {
        if (op.name === 'Equals' && (right.name === 'FunctionExpression' || right.name === 'ArrowFunction') && left.name === 'VariableName') {
          this.hoisted.push(this.procedure(this.src(left), right));
          return [];
        }
        // `x += y`: x keeps a value the file can follow only when it was text; read it as a concatenation.
        const value = op.name === 'Equals' ? this.expr(right)
          : { k: 'binary' as const, op: this.src(op).slice(0, -1), left: this.expr(left), right: this.expr(right), span: this.at(e) };
        return [{ k: 'assign', set: true, target: this.expr(left), value, span }];
      }
    }
    if (e.name === 'SequenceExpression') {
      return childrenOf(e).filter((c) => this.isExpression(c)).flatMap((c) => this.expressionStatement(c, c));
    }
    return [{ k: 'call', target: this.expr(e), args: [], span }];
  }

  /** A function declaration or expression named `name`, its parameters and body. */
  private procedure(name: string, n: SyntaxNode): VbStmt {
    const params = (n.getChild('ParamList') ? childrenOf(n.getChild('ParamList')!) : []).filter((p) => p.name === 'VariableDefinition')
      .map((p) => ({ name: this.src(p), span: this.at(p) }));
    const outer = this.fn;
    this.fn = { name, span: this.at(n) };
    try {
      const body = n.getChild('Block');
      let stmts: VbStmt[];
      if (body) stmts = this.block(body);
      else {
        // An arrow function with an expression body returns it.
        const last = n.lastChild;
        stmts = last && this.isExpression(last) ? [{ k: 'assign', set: true, target: { k: 'ident', name, lower: name.toLowerCase(), span: this.at(n) }, value: this.expr(last), span: this.at(last) }] : [];
      }
      return { k: 'procedure', kind: 'function', name, params, body: stmts, span: this.at(n) };
    } finally {
      this.fn = outer;
    }
  }

  private ifStatement(n: SyntaxNode): VbStmt {
    const branches: { cond?: VbExpr; body: VbStmt[] }[] = [];
    let cur: SyntaxNode | null = n;
    while (cur && cur.name === 'IfStatement') {
      const cond = cur.getChild('ParenthesizedExpression');
      const arms: SyntaxNode[] = childrenOf(cur).filter((c) => c !== cond && this.isStatement(c));
      branches.push({ cond: cond ? this.expr(cond) : undefined, body: arms[0] ? this.statement(arms[0]) : [] });
      const alt: SyntaxNode | undefined = arms[1];
      if (alt?.name === 'IfStatement') cur = alt;
      else {
        if (alt) branches.push({ body: this.statement(alt) });
        cur = null;
      }
    }
    return { k: 'if', branches, span: this.at(n) };
  }

  private switchStatement(n: SyntaxNode): VbStmt {
    const subject = n.getChild('ParenthesizedExpression');
    const body = n.getChild('SwitchBody');
    const cases: { values: VbExpr[]; body: VbStmt[] }[] = [];
    for (const c of body ? childrenOf(body) : []) {
      if (c.name === 'CaseLabel' || c.name === 'DefaultLabel') {
        cases.push({ values: childrenOf(c).filter((x) => this.isExpression(x)).map((x) => this.expr(x)), body: [] });
      } else if (cases.length > 0) {
        cases[cases.length - 1].body.push(...this.statement(c));
      }
    }
    return { k: 'select', subject: subject ? this.expr(subject) : { k: 'other', span: this.at(n) }, cases, span: this.at(n) };
  }

  /** `for (init; cond; update) body` (init runs first); `for (x in o) body`. */
  private forStatement(n: SyntaxNode): VbStmt[] {
    const spec = n.getChild('ForSpec') ?? n.getChild('ForInSpec') ?? n.getChild('ForOfSpec');
    const body = childrenOf(n).filter((c) => c !== spec && this.isStatement(c)).flatMap((b) => this.statement(b));
    const out: VbStmt[] = [];
    const conditions: VbExpr[] = [];
    if (spec?.name === 'ForSpec') {
      for (const c of childrenOf(spec)) {
        if (c.name === 'VariableDeclaration') out.push(...this.declaration(c));
        else if (c.name === 'AssignmentExpression' || c.name === 'SequenceExpression') out.push(...this.expressionStatement(c, c));
        else if (this.isExpression(c)) conditions.push(this.expr(c));
      }
    } else if (spec) {
      // for-in enumerates property names (JScript does not enumerate a COM collection's items with it).
      for (const c of childrenOf(spec)) if (this.isExpression(c) && c.name !== 'VariableDefinition' && c.name !== 'VariableName') conditions.push(this.expr(c));
    }
    out.push({ k: 'loop', conditions, body, span: this.at(n) });
    return out;
  }

  // ---- expressions --------------------------------------------------------------------------

  expr(n: SyntaxNode): VbExpr {
    if (this.depth > MAX_DEPTH) return { k: 'other', span: this.at(n) };
    this.depth++;
    try {
      return this.exprInner(n);
    } finally {
      this.depth--;
    }
  }

  private exprInner(n: SyntaxNode): VbExpr {
    const span = this.at(n);
    switch (n.name) {
      case 'String': return { k: 'string', value: unescapeJs(this.src(n)).value, span };
      case 'Number': return { k: 'number', text: this.src(n), span };
      case 'BooleanLiteral':
      case 'null':
      case 'this':
      case 'RegExp':
        return { k: 'literal', text: this.src(n), span };
      case 'VariableName':
      case 'VariableDefinition': {
        const name = this.src(n);
        return { k: 'ident', name, lower: name.toLowerCase(), span };
      }
      case 'ParenthesizedExpression': {
        const inner = childrenOf(n).find((c) => this.isExpression(c));
        return inner ? this.expr(inner) : { k: 'other', span };
      }
      case 'MemberExpression': {
        const obj = n.firstChild;
        const prop = n.getChild('PropertyName');
        if (obj && prop) {
          const name = this.src(prop);
          return { k: 'member', object: this.expr(obj), name, lower: name.toLowerCase(), nameSpan: this.at(prop), span };
        }
        // a[i]: an index, like VBScript's a(i)
        const index = obj && childrenOf(n).slice(1).find((c) => this.isExpression(c));
        return obj ? { k: 'call', callee: this.expr(obj), args: index ? [this.expr(index)] : [], span } : { k: 'other', span };
      }
      case 'CallExpression': {
        const callee = n.firstChild;
        if (!callee) return { k: 'other', span };
        const args = this.args(n.getChild('ArgList'));
        // WScript.CreateObject(progId) is CreateObject(progId).
        if (callee.name === 'MemberExpression' && /^createobject$/i.test(this.src(callee.getChild('PropertyName') ?? callee).trim())
          && callee.firstChild?.name === 'VariableName' && this.src(callee.firstChild) === 'WScript') {
          return { k: 'call', callee: { k: 'ident', name: 'CreateObject', lower: 'createobject', span: this.at(callee) }, args, span };
        }
        return { k: 'call', callee: this.expr(callee), args, span };
      }
      case 'NewExpression': {
        const cls = n.getChild('VariableName');
        const args = this.args(n.getChild('ArgList'));
        const name = cls ? this.src(cls) : '';
        if (name === 'ActiveXObject') return { k: 'call', callee: { k: 'ident', name: 'CreateObject', lower: 'createobject', span: this.at(cls!) }, args, span };
        if (name === 'Enumerator') return args[0] ?? { k: 'other', span };
        return { k: 'new', className: name, span };
      }
      case 'BinaryExpression': {
        const [left, op, right] = childrenOf(n);
        if (!left || !op || !right) return { k: 'other', span };
        return { k: 'binary', op: this.src(op), left: this.expr(left), right: this.expr(right), span };
      }
      case 'UnaryExpression':
      case 'PostfixExpression': {
        const operand = childrenOf(n).find((c) => this.isExpression(c));
        return operand ? { k: 'unary', op: n.firstChild ? this.src(n.firstChild) : '', operand: this.expr(operand), span } : { k: 'other', span };
      }
      case 'ConditionalExpression': {
        // `c ? a : b`: either arm; the interpreter has no "one of" value for it, so it is read as an
        // operator whose result is unknown (both arms are still evaluated for the calls in them): a
        // moniker with such a server is an unknown target (HOP002), not a lost connection.
        const [cond, a, b] = childrenOf(n).filter((c) => this.isExpression(c));
        if (!a || !b) return { k: 'other', span };
        return { k: 'binary', op: '?:', left: { k: 'binary', op: '?:', left: this.expr(cond), right: this.expr(a), span }, right: this.expr(b), span };
      }
      case 'TemplateString': {
        const t = this.src(n);
        return /^`[^`$\\]*`$/.test(t) ? { k: 'string', value: t.slice(1, -1), span } : { k: 'other', span };
      }
      default: return { k: 'other', span };
    }
  }

  private args(list: SyntaxNode | null): (VbExpr | undefined)[] {
    if (!list) return [];
    return childrenOf(list).filter((c) => this.isExpression(c)).map((c) => this.expr(c));
  }
}
