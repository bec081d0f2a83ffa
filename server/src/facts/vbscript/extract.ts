// The VBScript fact extractor: walks the syntax model (ir.ts) in execution order, tracking variables,
// and emits the language-neutral facts: connections to root\MSCluster (GetObject monikers,
// SWbemLocator.ConnectServer), calls of the catalogue's methods (direct, Call, With, ExecMethod,
// ExecMethod_), and Sub/Function call sites for parameter resolution. What the WMI scripting API's
// objects do is in wmi-api.ts; this file is the interpreter (statements, expressions, procedures).
import {
  emptyFacts,
  type Connection, type Expr, type Facts, type Span, type TraceStep,
} from '../model';
import { check, type Deadline } from '../../base/budget';
import { commentSuppression } from '../suppression';
import { staticText } from '../wmi';
import type { VbExpr, VbProgram, VbStmt } from './ir';
import { Env, NONE, type Ctx, type Value } from './values';
import { createdObject, getObject, methodOf, setMember, wmiMethod } from './wmi-api';
import { ArmEnv, joinArms, localNames, scriptNames } from './flow';
import type { Binding } from '../scope';
import { writtenText } from '../written';
/** Functions that return (a form of) their first argument. */
const STRING_FUNCTIONS = new Set(['cstr', 'lcase', 'ucase', 'trim', 'ltrim', 'rtrim']);

export function extractVbscript(program: VbProgram, text: string, deadline?: Deadline): Facts {
  return new VbExtractor(text, deadline).run(program);
}

export class VbExtractor {
  private readonly facts = emptyFacts('vbscript');
  private readonly procedures = new Map<string, VbStmt & { k: 'procedure' }>();
  private readonly returns = new Map<string, Value>();
  private readonly walked = new Set<string>();
  /** Procedures walked with an object (connection, service) bound to a parameter. */
  private readonly walkedWithObjects = new Set<string>();
  private readonly locals = new Map<string, Set<string>>();
  private globals = new Set<string>();
  private global = new Env();
  private nextId = 1;
  private steps = 0;

  constructor(readonly text: string, private readonly deadline?: Deadline) {}

  run(program: VbProgram): Facts {
    this.collectProcedures(program.body);
    this.globals = scriptNames(program.body);
    this.walk(program.body, { env: this.global });
    // Procedures nobody called in this file still run somewhere: check them with the final globals.
    for (const name of this.procedures.keys()) this.walkProcedure(name);
    this.facts.syntaxErrors = program.errors;
    for (const c of program.comments) {
      const s = commentSuppression(c.text, c.span, this.text);
      if (s) this.facts.suppressions.push(s);
    }
    return this.facts;
  }

  private collectProcedures(stmts: VbStmt[]): void {
    for (const s of stmts) {
      if (s.k === 'procedure') {
        this.procedures.set(s.name.toLowerCase(), s);
        this.facts.functions.set(s.name.toLowerCase(), s.params.map((p) => p.name.toLowerCase()));
      } else if (s.k === 'class') {
        this.collectProcedures(s.body);
      }
    }
  }

  /**
   * Walks a procedure body, its parameters bound to `param` values resolved from call sites; an object
   * passed as an argument (a connection, a service) is bound as itself. Walked once, and once more the
   * first time a call passes it objects.
   */
  private walkProcedure(name: string, values: (Value | undefined)[] = []): void {
    const objects = values.some((v) => v !== undefined && v.k !== 'expr' && v.k !== 'none');
    if (this.walked.has(name) && (!objects || this.walkedWithObjects.has(name))) return;
    this.walked.add(name);
    if (objects) this.walkedWithObjects.add(name);
    const p = this.procedures.get(name)!;
    const env = new Env(this.global);
    p.params.forEach((param, index) => {
      const e: Expr = { kind: 'param', fn: name, name: param.name.toLowerCase(), index, span: param.span };
      const passed = values[index];
      const value: Value = passed && passed.k !== 'expr' && passed.k !== 'none' ? passed : { k: 'expr', e };
      env.set(param.name.toLowerCase(), { value, span: param.span, written: param.name });
    });
    this.walk(p.body, { env, fn: name });
  }

  /** Stores an assignment: in the arm being walked, else the procedure's own variable, else the script's. */
  private store(ctx: Ctx, name: string, b: Binding<Value>, env: Env = ctx.env): void {
    if (env instanceof ArmEnv || !ctx.fn || env === this.global) { env.set(name, b); return; }
    let locals = this.locals.get(ctx.fn);
    if (!locals) {
      const p = this.procedures.get(ctx.fn);
      this.locals.set(ctx.fn, (locals = p ? localNames(p) : new Set()));
    }
    if (!locals.has(name) && (this.globals.has(name) || this.global.get(name))) this.global.set(name, b);
    else env.set(name, b);
  }

  /** The arms of If/Select, each in a scope of its own, then joined (flow.ts). */
  private walkArms(bodies: VbStmt[][], exhaustive: boolean, span: Span, ctx: Ctx): void {
    const arms = bodies.map((body) => {
      const env = new ArmEnv(ctx.env);
      this.walk(body, { ...ctx, env });
      return env.own();
    });
    for (const [name, b] of joinArms(ctx.env, arms, exhaustive, span)) this.store(ctx, name, b);
  }

  // ---- statements ---------------------------------------------------------------------------

  private walk(stmts: VbStmt[], ctx: Ctx): void {
    for (const s of stmts) this.statement(s, { ...ctx, stmt: s });
  }

  private statement(s: VbStmt, ctx: Ctx): void {
    switch (s.k) {
      case 'assign': return this.assign(s, ctx);
      case 'call': {
        this.callStatement(s, ctx);
        return;
      }
      case 'const':
        for (const item of s.items) {
          ctx.env.set(item.name.toLowerCase(), { value: this.eval(item.value, ctx), span: item.span, written: item.name });
        }
        return;
      case 'if':
        for (const b of s.branches) if (b.cond) this.eval(b.cond, ctx);
        this.walkArms(s.branches.map((b) => b.body), s.branches.some((b) => !b.cond), s.span, ctx);
        return;
      case 'select':
        this.eval(s.subject, ctx);
        for (const c of s.cases) for (const v of c.values) this.eval(v, ctx);
        this.walkArms(s.cases.map((c) => c.body), s.cases.some((c) => c.values.length === 0), s.span, ctx);
        return;
      case 'loop':
        for (const c of s.conditions) this.eval(c, ctx);
        this.walk(s.body, ctx);
        return;
      case 'foreach': {
        const coll = this.eval(s.collection, ctx);
        const element: Value = coll.k === 'collection' ? { k: 'wmi', conn: coll.conn, cluster: coll.cluster, trace: coll.trace }
          : coll.k === 'expr' ? coll : NONE;
        ctx.env.set(s.variable.toLowerCase(), {
          value: element.k === 'wmi' ? { ...element, trace: [{ span: { start: s.span.start, end: s.collection.span.end }, message: `${s.variable} iterates over the MSCluster_Cluster objects here` }, ...element.trace] } : element,
          span: { start: s.span.start, end: s.collection.span.end }, written: s.variable,
        });
        this.walk(s.body, ctx);
        return;
      }
      case 'with': {
        const obj = this.eval(s.object, ctx);
        this.walk(s.body, { ...ctx, with: obj.k === 'wmi' ? { ...obj, trace: [{ span: s.object.span, message: 'the With block works on the MSCluster_Cluster object' }, ...obj.trace] } : obj });
        return;
      }
      case 'class':
        return; // its procedures were collected and are walked on their own
      case 'procedure':
      case 'dim':
      case 'other':
        return;
    }
  }

  private assign(s: VbStmt & { k: 'assign' }, ctx: Ctx): void {
    const value = this.eval(s.value, ctx);
    const t = s.target;
    if (t.k === 'ident') {
      // Inside a Function, assigning to its own name sets the return value.
      if (ctx.fn && t.lower === ctx.fn) {
        this.returns.set(ctx.fn, value);
        return;
      }
      this.store(ctx, t.lower, { value, span: s.span, written: t.name });
      return;
    }
    if (t.k === 'member') {
      setMember(this, t, value, s, ctx);
      return;
    }
    if (t.k === 'call') this.eval(t, ctx); // a(1) = x: evaluate the index for nested calls
  }

  /** `obj.EvictNode "n2"`, `Call obj.EvictNode("n2")`, `.EvictNode "n2"`, `EvictFrom a, b`. */
  private callStatement(s: VbStmt & { k: 'call' }, ctx: Ctx): void {
    const t = s.target;
    if (t.k === 'call' && s.args.length === 0) {
      this.eval(t, ctx, s.span);
      return;
    }
    if (t.k === 'member') {
      const obj = t.object ? this.eval(t.object, ctx) : ctx.with ?? NONE;
      this.method(obj, t.lower, t.nameSpan, s.args, s.span, ctx);
      return;
    }
    if (t.k === 'ident') {
      this.invokeProcedure(t, s.args, s.span, ctx);
      return;
    }
    this.eval(t, ctx);
    for (const a of s.args) if (a) this.eval(a, ctx);
  }

  // ---- expressions --------------------------------------------------------------------------

  eval(e: VbExpr, ctx: Ctx, statementSpan?: Span): Value {
    if ((++this.steps & 255) === 0) check(this.deadline);
    switch (e.k) {
      case 'string': return { k: 'expr', e: { kind: 'text', value: e.value, span: e.span } };
      case 'number':
      case 'literal': return { k: 'expr', e: { kind: 'text', value: e.text, span: e.span } };
      case 'ident': return this.lookup(e, ctx);
      case 'member': {
        if (!e.object) return this.member(ctx.with ?? NONE, e, ctx);
        // WScript.Arguments (and its items) is input the file cannot know.
        if (e.object.k === 'ident' && e.object.lower === 'wscript' && (e.lower === 'arguments' || e.lower === 'stdin')) {
          return this.unknown(`WScript.${e.name}`, e.span);
        }
        return this.member(this.eval(e.object, ctx), e, ctx);
      }
      case 'call': return this.call(e, ctx, statementSpan);
      case 'binary': {
        const l = this.eval(e.left, ctx);
        const r = this.eval(e.right, ctx);
        if ((e.op === '&' || e.op === '+') && l.k === 'expr' && r.k === 'expr') {
          // Flat: "a" & b & "c" is one concatenation of three parts, as fixes and messages read it.
          const parts = [...(l.e.kind === 'concat' ? l.e.parts : [l.e]), ...(r.e.kind === 'concat' ? r.e.parts : [r.e])];
          return { k: 'expr', e: { kind: 'concat', parts, span: e.span } };
        }
        return this.unknown('an expression', e.span);
      }
      case 'unary':
        this.eval(e.operand, ctx);
        return this.unknown('an expression', e.span);
      case 'new':
      case 'other':
        return NONE;
    }
  }

  unknown(why: string, span: Span): Value {
    return { k: 'expr', e: { kind: 'unknown', why, span, text: writtenText(this.text, span) } };
  }

  private lookup(e: VbExpr & { k: 'ident' }, ctx: Ctx): Value {
    const b = ctx.env.get(e.lower);
    if (b) {
      const via: TraceStep = { span: b.span, message: b.value.k === 'expr' && b.value.e.kind === 'param' ? `${b.written} is a parameter` : `${b.written} is assigned here` };
      switch (b.value.k) {
        case 'expr': return { k: 'expr', e: { kind: 'var', name: e.name, span: e.span, value: b.value.e, via } };
        case 'service':
        case 'wmi':
        case 'collection':
          return { ...b.value, trace: [{ span: b.span, message: `${b.written} is set here` }, ...b.value.trace] };
        default: return b.value;
      }
    }
    // A Function called without parentheses.
    if (this.procedures.has(e.lower)) return this.invokeProcedure(e, [], e.span, ctx);
    if (e.lower === 'inputbox') return this.unknown('InputBox', e.span);
    const why = `${e.name} is not assigned in this file`;
    return { k: 'expr', e: { kind: 'var', name: e.name, span: e.span, value: { kind: 'unknown', why, span: e.span }, via: { span: e.span, message: why } } };
  }

  private member(obj: Value, e: VbExpr & { k: 'member' }, ctx: Ctx): Value {
    if (obj.k === 'network' && e.lower === 'computername') return { k: 'expr', e: { kind: 'local', why: 'WScript.Network.ComputerName', span: e.span } };
    if ((obj.k === 'wmi' || obj.k === 'service') && methodOf(e.lower)) {
      // `rc = obj.EvictNode` without arguments still calls it.
      return this.method(obj, e.lower, e.nameSpan, [], e.span, ctx);
    }
    if (obj.k === 'expr' && obj.e.kind === 'unknown') return obj;
    return this.unknown(`the property ${e.name}`, e.span);
  }

  private call(e: VbExpr & { k: 'call' }, ctx: Ctx, statementSpan?: Span): Value {
    const c = e.callee;
    if (c.k === 'ident') {
      switch (c.lower) {
        case 'getobject': return getObject(this, e, ctx);
        case 'createobject': {
          const progId = e.args[0] ? this.eval(e.args[0], ctx) : NONE;
          return createdObject(progId.k === 'expr' ? staticText(progId.e)?.toLowerCase() : undefined);
        }
        case 'inputbox':
          for (const a of e.args) if (a) this.eval(a, ctx);
          return this.unknown('InputBox', e.span);
      }
      if (STRING_FUNCTIONS.has(c.lower) && e.args[0]) return this.eval(e.args[0], ctx);
      const bound = ctx.env.get(c.lower);
      if (bound) {
        for (const a of e.args) if (a) this.eval(a, ctx);
        // arr(0) / col(0): an element has the container's value.
        return this.lookup(c, ctx);
      }
      if (this.procedures.has(c.lower)) return this.invokeProcedure(c, e.args, statementSpan ?? e.span, ctx);
      for (const a of e.args) if (a) this.eval(a, ctx);
      return this.unknown(`the result of ${c.name}`, e.span);
    }
    if (c.k === 'member') {
      if (c.object?.k === 'ident' && c.object.lower === 'wscript' && c.lower === 'arguments') return this.unknown('WScript.Arguments', e.span);
      const obj = c.object ? this.eval(c.object, ctx) : ctx.with ?? NONE;
      return this.method(obj, c.lower, c.nameSpan, e.args, statementSpan ?? e.span, ctx, e.span);
    }
    const inner = this.eval(c, ctx);
    for (const a of e.args) if (a) this.eval(a, ctx);
    // WScript.Arguments.Item(0), WScript.Arguments.Named("x"): still unknown input.
    if (inner.k === 'expr' && inner.e.kind === 'unknown') return inner;
    return this.unknown('a call result', e.span);
  }

  /** A method called on an object we may know: the WMI scripting API, or one of the four methods. */
  private method(obj: Value, name: string, nameSpan: Span, args: (VbExpr | undefined)[], callSpan: Span, ctx: Ctx, exprSpan?: Span): Value {
    const vals = args.map((a) => (a ? this.eval(a, ctx) : undefined));
    const here = exprSpan ?? callSpan;
    if (obj.k === 'expr' && obj.e.kind === 'unknown') return obj; // WScript.Arguments.Item(0) and the like
    return wmiMethod(this, obj, name, nameSpan, args, vals, callSpan, ctx, here) ?? this.unknown(`the result of ${name}`, here);
  }

  // ---- connections ------------------------------------------------------------------------

  newConnection(c: Omit<Connection, 'id'>): number {
    const id = this.nextId++;
    this.facts.connections.push({ id, ...c });
    return id;
  }

  connection(id: number): Connection | undefined {
    return this.facts.connections.find((c) => c.id === id);
  }

  // ---- calls --------------------------------------------------------------------------------

  recordCall(method: string, span: Span, callSpan: Span, conn: number, trace: TraceStep[], args: Expr[], ctx: Ctx): void {
    this.facts.calls.push({
      method, via: 'wmi', span, callSpan, connection: conn, args, trace,
      statement: ctx.stmt?.span, standalone: ctx.stmt?.span.start === callSpan.start,
    });
  }

  /** A Sub or Function of this file: record the call site; a Function gives its return value. */
  private invokeProcedure(callee: VbExpr & { k: 'ident' }, args: (VbExpr | undefined)[], span: Span, ctx: Ctx): Value {
    const values = args.map((a) => (a ? this.eval(a, ctx) : undefined));
    if (!this.procedures.has(callee.lower)) return this.unknown(`the result of ${callee.name}`, span);
    this.facts.callSites.push({
      fn: callee.lower, span,
      args: values.map((v, i) => ({ value: v?.k === 'expr' ? v.e : { kind: 'unknown', why: 'an omitted argument', span: args[i]?.span ?? span } })),
    });
    this.walkProcedure(callee.lower, values);
    const r = this.returns.get(callee.lower);
    if (r && (r.k === 'service' || r.k === 'wmi' || r.k === 'collection')) {
      return { ...r, trace: [{ span, message: `${callee.name} returns the connection here` }, ...r.trace] };
    }
    return r ?? this.unknown(`the result of ${callee.name}`, span);
  }
}
