// The functions of a PowerShell script, for the interpreter: their definitions (walked once, when first
// called for their output or after the script), the values passed at each call site (host names for the
// resolver, objects bound to parameters: spec §4), what they output, and `${function:Name}`.
import type { Node } from '../../parse/powershell';
import type { Expr, Span } from '../model';
import type { Ctx, PsInterpreter } from './interpreter';
import { childOfType, namedChildren, spanOf, unwrap, variableName, type ArgValue, type CommandElement } from './syntax';
import { argSpan } from './tree';
import { Env, asExpr, type Value } from './values';

type Block = Value & { k: 'block' };

/**
 * A function definition, walked once: when first called for its output, else after the script. `blocks`: the
 * script block each parameter held when it was walked.
 */
export interface FunctionDef { node: Node; env: Env; session?: number; state?: 'walking' | 'done'; output?: Value; blocks?: Map<string, Block> }

/** The parameter each value of one call site binds to (named, else by position), and the value. */
function* bindings(params: string[], site: CallValues): Generator<[string, Value]> {
  let position = 0;
  for (const a of site) {
    const param = a.name === undefined ? params[position++] : params.find((p) => p === a.name) ?? params.find((p) => p.startsWith(a.name!));
    if (param) yield [param, a.value];
  }
}

/**
 * A connection, session, hashtable or script block passed to a function is followed into its body:
 * the parameter holds that object (host names stay `param` expressions, resolved from every call site).
 * A parameter holds the first script block a call site gives it (the others run where it does:
 * PsFunctions.runBlocksOf); returns the first block of each parameter.
 */
function bindObjectArguments(env: Env, params: string[], sites: CallValues[]): Map<string, Block> {
  const blocks = new Map<string, Block>();
  for (const site of sites) {
    for (const [param, value] of bindings(params, site)) {
      if (value.k === 'expr' || value.k === 'none') continue;
      if (value.k === 'block') {
        if (blocks.has(param)) continue;
        blocks.set(param, value);
      }
      const declared = env.get(param);
      if (declared) env.set(param, { ...declared, value });
    }
  }
  return blocks;
}

function oneLineParamBlock(fn: Node): Node | undefined {
  for (const c of namedChildren(fn)) if (c.type === 'ERROR') return childOfType(c, 'param_block');
  return undefined;
}

/** The values one call passes, by parameter name (lower case) or by position. */
type CallValues = { name?: string; value: Value }[];

/** The host expression each parameter gets at one call site (named first, then the rest by position). */
function argumentsOf(params: string[], site: CallValues): Map<string, Expr> {
  const out = new Map<string, Expr>();
  const positional: Value[] = [];
  for (const a of site) {
    if (a.name === undefined) { positional.push(a.value); continue; }
    const param = params.find((p) => p === a.name) ?? params.find((p) => p.startsWith(a.name!));
    if (param && a.value.k === 'expr') out.set(param, a.value.e);
  }
  const free = params.filter((p) => !out.has(p));
  positional.forEach((v, i) => { if (free[i] && v.k === 'expr') out.set(free[i], v.e); });
  return out;
}

/** `e` with the parameters of `fn` (and variables holding them) replaced by the call's arguments. */
function substitute(e: Expr, fn: string, args: Map<string, Expr>, depth = 0): Expr {
  if (depth > 200) return e; // a chain of thousands of assignments (generated code): left as written
  const sub = (x: Expr) => substitute(x, fn, args, depth + 1);
  switch (e.kind) {
    case 'param': return e.fn === fn ? args.get(e.name) ?? e : e;
    case 'var': {
      const v = sub(e.value);
      if (v === e.value) return e;
      return e.value.kind === 'param' ? v : { ...e, value: v };
    }
    case 'concat': {
      const parts = e.parts.map(sub);
      return parts.every((p, i) => p === e.parts[i]) ? e : { ...e, parts };
    }
    case 'list': {
      const items = e.items.map(sub);
      return items.every((p, i) => p === e.items[i]) ? e : { ...e, items };
    }
    case 'hostOf': {
      const path = sub(e.path);
      return path === e.path ? e : { ...e, path };
    }
    default: return e;
  }
}

export class PsFunctions {
  /** Definitions not walked yet, in the order the script reached them. */
  readonly pending: FunctionDef[] = [];
  private readonly definitions = new Map<string, FunctionDef>();
  /** The values passed at each call site of a function (objects too, unlike facts.callSites). */
  private readonly callValues = new Map<string, { name?: string; value: Value }[][]>();

  constructor(private readonly it: PsInterpreter) {}

  /** A `function` statement reached in `ctx`: it runs when called. */
  define(n: Node, ctx: Ctx): void {
    const def: FunctionDef = { node: n, env: ctx.env, session: ctx.session };
    this.pending.push(def);
    const name = childOfType(n, 'function_name')?.text.toLowerCase();
    if (name) this.definitions.set(name, def);
  }

  walk(def: FunctionDef): void {
    def.state = 'walking';
    const n = def.node;
    const name = childOfType(n, 'function_name')?.text.toLowerCase() ?? '<anonymous>';
    const out: Value[] = [];
    const ctx: Ctx = { env: new Env(def.env), fn: name, session: def.session, out };
    const decl = childOfType(n, 'function_parameter_declaration');
    if (decl) this.bindParams(decl, ctx, name);
    const body = childOfType(n, 'script_block');
    if (body) {
      // `function F { param($x) … }` on one line: the grammar leaves the param block in an ERROR before the body.
      const pb = childOfType(body, 'param_block') ?? oneLineParamBlock(n);
      if (pb) this.bindParams(pb, ctx, name);
      const sites = this.callValues.get(name) ?? [];
      def.blocks = bindObjectArguments(ctx.env, this.it.facts.functions.get(name) ?? [], sites);
      this.it.walkChildren(body, ctx);
      for (const site of sites) this.runBlocksOf(name, def, site, undefined);
    }
    // What a caller gets: the connection or session it outputs (the last one), else the last value.
    def.output = [...out].reverse().find((v) => v.k !== 'expr' && v.k !== 'none') ?? out.at(-1);
    def.state = 'done';
  }

  /** The output of a function called here (walked now if it has not been), if the file defines it. */
  output(name: string, site: CallValues = [], ctx?: Ctx): Value | undefined {
    const def = this.definitions.get(name);
    if (!def || def.state === 'walking') return undefined; // recursion: not followed
    if (!def.state) this.walk(def);
    else this.runBlocksOf(name, def, site, ctx);
    const out = def.output;
    if (out?.k !== 'wmi') return out;
    // The connection as this call site opens it: the function's parameters replaced by this call's
    // arguments (so the host, and a fix naming it, are this caller's, not `$n` of the function).
    const conn = this.it.facts.connections.find((c) => c.id === out.conn);
    if (!conn?.target) return out;
    const params = this.it.facts.functions.get(name) ?? [];
    const target = substitute(conn.target, name, argumentsOf(params, site));
    if (target === conn.target) return out;
    const { id: _id, ...rest } = conn;
    return { ...out, conn: this.it.newConnection({ ...rest, target }) };
  }

  /**
   * One call of a walked function: the script blocks it passes run wherever the function ran the first block
   * of their parameter (an `Invoke-OnNode -Block { … }` helper runs each caller's block in its session; before,
   * only the first caller's block was walked at all); one for a parameter that held none runs here, later (as
   * a block given to a command hopcheck does not know). `ctx`: the call's, for that case.
   */
  private runBlocksOf(name: string, def: FunctionDef, site: CallValues, ctx: Ctx | undefined): void {
    const params = this.it.facts.functions.get(name) ?? [];
    let args: Map<string, Expr> | undefined;
    const sessions = new Map<number, number>();
    // A session the function opened on its parameters' values is, for this call, the one on this call's arguments
    // (as output() does for a connection), so a second hop in the block names the computer this caller gave.
    const sessionFor = (id: number | undefined): number | undefined => {
      const session = id === undefined ? undefined : this.it.facts.sessions.find((x) => x.id === id);
      if (id === undefined || !session?.target) return id;
      let mine = sessions.get(id);
      if (mine === undefined) {
        const target = substitute(session.target, name, (args ??= argumentsOf(params, site)));
        mine = target === session.target ? id : this.it.newId();
        if (mine !== id) this.it.facts.sessions.push({ ...session, id: mine, target });
        sessions.set(id, mine);
      }
      return mine;
    };
    for (const [param, value] of bindings(params, site)) {
      if (value.k !== 'block') continue;
      const first = def.blocks?.get(param);
      if (first) this.it.runAlongside(first, value, sessionFor);
      else this.it.pendingBlocks.push({ node: value.node, env: value.env, session: ctx?.session });
    }
  }

  /** Declares parameters (with defaults) as `param` values, resolved later from call sites. */
  bindParams(node: Node, ctx: Ctx, fn: string): void {
    const params = parametersOf(node);
    const names: { name: string; position?: number; index: number }[] = [];
    params.forEach((p, index) => {
      const variable = childOfType(p, 'variable');
      if (!variable) return;
      const name = variableName(variable.text);
      // [Parameter(Position = n)] decides positional binding, not declaration order.
      const pos = /\bPosition\s*=\s*(\d+)/i.exec(childOfType(p, 'attribute_list')?.text ?? '');
      names.push({ name, index, position: pos ? Number(pos[1]) : undefined });
      const defNode = childOfType(p, 'script_parameter_default');
      const def = defNode ? asExpr(this.it.evalExpr(unwrap(defNode), ctx), spanOf(defNode)) : undefined;
      const e: Expr = { kind: 'param', fn, name, index, span: spanOf(variable), default: def };
      ctx.env.set(name, { value: { k: 'expr', e }, span: spanOf(p), written: variable.text });
    });
    const ordered = [...names].sort((a, b) => (a.position ?? 1e6 + a.index) - (b.position ?? 1e6 + b.index)).map((x) => x.name);
    if (!this.it.facts.functions.has(fn) || ordered.length) this.it.facts.functions.set(fn, ordered);
  }

  /** Records a call of function `fn`; returns the values it passes. */
  recordCallSite(fn: string, cmd: Node, elements: CommandElement[], ctx: Ctx): CallValues {
    const args: { name?: string; value: Expr }[] = [];
    const values: { name?: string; value: Value }[] = [];
    const add = (name: string | undefined, value: Value, span: Span) => {
      args.push({ name, value: asExpr(value, span) });
      values.push({ name, value });
    };
    for (let i = 0; i < elements.length; i++) {
      const e = elements[i];
      if (e.kind === 'splat') {
        const v = ctx.env.get(e.name)?.value;
        if (v?.k === 'hash') for (const entry of v.entries.values()) add(entry.key.toLowerCase(), entry.value, entry.valueSpan);
        continue;
      }
      if (e.kind === 'param') {
        const valueArg = e.colonValue ?? (elements[i + 1]?.kind === 'arg' ? (elements[++i] as { value: ArgValue }).value : undefined);
        if (valueArg) add(e.name, this.it.evalArg(valueArg, ctx), argSpan(valueArg));
        else add(e.name, { k: 'expr', e: { kind: 'text', value: 'True', span: e.span } }, e.span);
        continue;
      }
      add(undefined, this.it.evalArg(e.value, ctx), argSpan(e.value));
    }
    this.it.facts.callSites.push({ fn, span: spanOf(cmd), args });
    let sites = this.callValues.get(fn);
    if (!sites) this.callValues.set(fn, (sites = []));
    sites.push(values);
    return values;
  }

  /** `${function:Name}`: the body of a function this file has defined so far. */
  block(name: string): (Value & { k: 'block' }) | undefined {
    const def = this.definitions.get(name);
    const body = def ? childOfType(def.node, 'script_block') : undefined;
    return def && body ? { k: 'block', node: body, env: def.env } : undefined;
  }

}

/**
 * The parameters of a param block: its script_parameter nodes, not those inside one (a default that is
 * a script block has a param block of its own; and a parameter's text, a megabyte of broken quotes in a
 * fuzzed file, is not read node by node).
 */
function parametersOf(block: Node): Node[] {
  const out: Node[] = [];
  const stack: Node[] = [block]; // iterative: a fuzzed tree can be deeper than the call stack
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'script_parameter') {
      out.push(n);
      continue;
    }
    const k = n.children;
    for (let i = k.length - 1; i >= 0; i--) stack.push(k[i]);
  }
  return out;
}
