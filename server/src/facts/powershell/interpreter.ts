// The PowerShell interpreter: walks a tree-sitter-powershell tree in execution order, keeping variables
// in scopes (values.ts), and evaluates what the double hop depends on. Statements, pipelines,
// assignments, foreach and script blocks are here; the arms of if/switch/try in flow.ts; functions,
// their call sites and outputs in functions.ts; expressions in expressions.ts; what a command does is its
// handler's (handlers/, keyed by the catalogue's command names); broken syntax is re-read through
// mask.ts and recover.ts. What is walked (the tree, masked or not, and which of its statements can matter) is
// decided first, in walk-plan.ts. Facts (../model.ts) are recorded through the methods below.
import { parsePowerShell, viewOf, type Node, type SyntaxTree, type Tree } from '../../parse/powershell';
import { emptyFacts, type ClusterCall, type Connection, type Expr, type Facts, type Span } from '../model';
import { check, type Deadline } from '../../base/budget';
import { bindCommand, type Binding, type CommandSpec } from './commands';
import { evalExpression } from './expressions';
import { commandHandler } from './handlers/index';
import { sessionStatement } from './handlers/sessions';
import { reparseRegion } from './recover';
import { typographicRange } from './mask';
import { isBranching, walkArms } from './flow';
import { Relevance, type RelevanceSummary } from './relevance';
import type { OutsideVerdicts } from './outside-verdicts';
import type { TextScan } from './text-scan';
import { childOfType, commandElements, commandName, namedChildren, spanOf, unwrap, variableName, type ArgValue, type CommandElement } from './syntax';
import { planWalk } from './walk-plan';
import { argSpan, errorSpans, isStandalone, needsRecovery, runHolding, statementOf } from './tree';
import { Env, NONE, asExpr, setHashEntry, type HashEntry, type Value } from './values';
import { setProperty } from './handlers/objects';
import { dedupeCalls, suppressionsOf } from './whole-file';
import { PsFunctions } from './functions';
import { scanArgs } from './arguments';
import { writtenText } from '../written';

export interface Ctx {
  env: Env;
  /** The remote session the code runs in, if any. */
  session?: number;
  /** Current function (lower-case name) for parameters. */
  fn?: string;
  /** What the function being walked outputs (its unassigned pipelines and `return` values). */
  out?: Value[];
}

/** A session entered (its id) or left by the statements walked, if any. */
type SessionMove = number | 'exit-session' | void;

/** How deep expressions and blocks are followed (real scripts stay far below). */
const MAX_DEPTH = 300;

export interface PsExtractOptions {
  /**
   * Reads a script named by `Invoke-Command -FilePath` (relative to the analysed file), so the
   * cluster calls it makes in the remote session can be reported at the -FilePath argument.
   */
  readScript?: (path: string) => string | undefined;
  /** Give up (BudgetExceeded) past this point. */
  deadline?: Deadline;
  /** Walk every statement instead of only those that can matter (relevance.ts); for comparison tests. */
  exhaustive?: boolean;
  /** Counts the statements evaluated (tests check that the gate skips what it should). */
  stats?: { statements: number };
  /** Receives what decided relevance (the language server keeps it to reuse results after an edit). */
  relevance?: { summary?: RelevanceSummary };
  /** The script runs inside a remote session (`Invoke-Command -FilePath`): what it reaches is a second hop (handlers/reach.ts). */
  remote?: boolean;
  /**
   * How statements the grammar rejects are read: 'mask' (the default) re-parses the file with the
   * constructs of mask.ts respelled, then re-reads what is still broken line by line; 'lines' only
   * re-reads line by line (kept to measure the two, scripts/bench.ts --only context).
   */
  recovery?: 'mask' | 'lines';
  /**
   * A parse of part of the text alone that stands for the given tree's top-level statements there (the given
   * tree was told about an edit in that part but not re-parsed: parse/powershell-window.ts proved the two
   * together to be the text's parse). Not deleted here.
   */
  window?: { tree: Tree; start: number; end: number };
  /**
   * The seed words, variable mentions and function keywords of the text (text-scan.ts), when the caller has them (an open
   * document moves them across an edit). Set here when not given, so the caller can keep them.
   */
  scan?: TextScan;
  /**
   * Whether each command that reaches other computers runs outside every session (outside-verdicts.ts): `carried`
   * from an earlier text by an open document (only across an edit proved local), `kept` set here for the next
   * edit (undefined when the tree had syntax errors or was re-read with masks, where a statement's answer can
   * depend on its neighbours).
   */
  outside?: { carried?: OutsideVerdicts; kept?: OutsideVerdicts };
}

export class PsInterpreter {
  readonly facts = emptyFacts('powershell');
  private readonly functions = new Set<string>();
  private readonly analyzedBlocks = new Set<number>();
  /** Script blocks met as arguments, walked after the script (they may be stored and invoked later). */
  readonly pendingBlocks: { node: Node; env: Env; session?: number }[] = [];
  /** The functions of the file: definitions, call sites, outputs (functions.ts). */
  readonly fns = new PsFunctions(this);
  /** The contexts each script block has run in so far (keyed by its start), for runAlongside. */
  private readonly ranIn = new Map<number, Ctx[]>();
  /** Script blocks other branches assigned to the variable holding the keyed block (flow.ts). */
  private readonly alternatives = new Map<number, (Value & { k: 'block' })[]>();
  /** Views to delete when the walk ends (the given tree's, and those of the trees made here, which they own). */
  private readonly views: SyntaxTree[] = [];
  private nextId = 1;
  /** Which statements can matter (walk-plan.ts); all until the plan is made. */
  private rel = Relevance.all();
  /** The text the walked tree was parsed from: the file, or its same-length respelling (mask.ts). */
  private source: string;
  private depth = 0;
  private steps = 0;

  constructor(readonly text: string, readonly options: PsExtractOptions = {}) {
    this.source = text;
  }

  /** Re-read only the broken lines that can matter (a line without a relevant point yields nothing). */
  private readonly relevantLine = (line: Span) => this.rel.touches(line.start, line.end);

  /** A value the file cannot tell, shown as written (shortened) in messages. */
  unknown(why: string, span: Span): Value {
    return { k: 'expr', e: { kind: 'unknown', why, span, text: writtenText(this.text, span) } };
  }

  run(parsed: Tree): Facts {
    try {
      const slice = (a: number, b: number) => this.text.slice(a, b);
      const { deadline, window } = this.options;
      const splice = window && { start: window.start, end: window.end, with: this.keep(viewOf(window.tree, slice, false, deadline)) };
      const given = this.keep(viewOf(parsed, slice, false, deadline, splice));
      const { tree, index, rel, fnNodes, source, mended, errors } = planWalk(given, this.text, this.options, (v) => this.keep(v));
      this.rel = rel;
      this.source = source;
      const root = tree.rootNode;
      for (const f of fnNodes) {
        const name = childOfType(f, 'function_name')?.text;
        if (name) this.functions.add(name.toLowerCase());
      }
      const env = new Env();
      const ctx: Ctx = { env, fn: '<script>' };
      const scriptParams = childOfType(root, 'param_block');
      if (scriptParams) this.fns.bindParams(scriptParams, ctx, '<script>');
      this.walkChildren(root, ctx);
      // Functions run when called; by then the script scope holds its final values.
      while (this.fns.pending.length || this.pendingBlocks.length) {
        const f = this.fns.pending.shift();
        if (f) { if (!f.state) this.fns.walk(f); continue; }
        const b = this.pendingBlocks.shift()!;
        if (!this.analyzedBlocks.has(b.node.startIndex)) this.walkBlock(b.node, { env: new Env(b.env), session: b.session });
      }
      const mendedKeys = new Set(mended.map((m) => `${m.start}:${m.end}`));
      this.facts.syntaxErrors = (tree === given && errors ? errors : errorSpans(root)).filter((e) => !mendedKeys.has(`${e.start}:${e.end}`));
      // Where typographic quotes are read as ASCII, an edit anywhere may change how the rest reads:
      // reported with the errors so that no edit's findings are reused (core/reuse.ts).
      const typo = this.source === this.text ? undefined : typographicRange(this.text);
      if (typo) this.facts.syntaxErrors.push(typo);
      this.facts.suppressions = suppressionsOf(index, this.text);
      this.facts.calls = dedupeCalls(this.facts.calls);
      return this.facts;
    } finally {
      for (const v of this.views) v.delete();
    }
  }

  /** A view deleted when the walk ends. */
  private keep(view: SyntaxTree): SyntaxTree {
    this.views.push(view);
    return view;
  }

  /** The facts of another script (`Invoke-Command -FilePath`), analysed on its own. */
  extractOther(content: string): Facts {
    const tree = parsePowerShell(content, undefined, this.options.deadline);
    try {
      return new PsInterpreter(content, { deadline: this.options.deadline, remote: true }).run(tree); // the caller's budget
    } finally {
      tree.delete();
    }
  }

  // ---- statements -------------------------------------------------------------------------

  /** Walks the statements under a node (program, statement_list, statement_block, script_block...). */
  /** Returns the session change the statements make (Enter-PSSession/Exit-PSSession), if any. */
  walkChildren(node: Node, ctx: Ctx): SessionMove {
    if (this.depth > MAX_DEPTH) return;
    this.depth++;
    try {
      return this.walkChildrenAt(node, ctx);
    } finally {
      this.depth--;
    }
  }

  private walkChildrenAt(node: Node, ctx: Ctx): SessionMove {
    if (node.type === 'ERROR') {
      // The grammar gave up on this whole range (even the program itself): re-read it line by line.
      return this.walkReparsed(spanOf(node), ctx);
    }
    let region: Span | undefined;
    let entered: number | undefined; // Enter-PSSession: following statements run in that session
    let last: SessionMove = undefined;
    const here = (): Ctx => (entered !== undefined ? { ...ctx, session: entered } : ctx);
    const moved = (result: SessionMove) => {
      if (result === 'exit-session') entered = undefined;
      else if (typeof result === 'number') entered = result;
      if (result !== undefined) last = result;
    };
    // A re-read region runs in the same session and scope as the statements around it.
    const flush = () => {
      if (!region) return;
      if (this.rel.touches(region.start, region.end)) moved(this.walkReparsed(region, here()));
      region = undefined;
    };
    const walk = (k: Node) => moved(this.walkStatement(k, here()));
    const tops = this.rel.topStatements(node);
    if (tops) {
      // A long top-level list: visit only the statements that can matter (each run of broken ones whole).
      let doneUpTo = -1;
      for (const k of tops) {
        if (k.startIndex < doneUpTo) continue;
        const run = runHolding(k, this.text);
        if (run) {
          doneUpTo = run.end;
          region = run;
          flush();
          continue;
        }
        walk(k);
      }
      return last;
    }
    for (const k of namedChildren(node)) {
      // A broken statement, or one on the line a broken one ends on (see recoveryRun).
      if (needsRecovery(k) || (region && runHolding(k, this.text))) {
        region = region ? { start: region.start, end: k.endIndex } : spanOf(k);
        continue;
      }
      flush();
      if (!this.rel.touches(k.startIndex, k.endIndex)) continue;
      walk(k);
    }
    flush();
    return last;
  }

  /** Re-reads a broken region line by line in `ctx`; returns the session change its statements make, if any. */
  private walkReparsed(region: Span, ctx: Ctx): SessionMove {
    const trees = reparseRegion(this.source, region, this.relevantLine, this.options.deadline, this.options.recovery !== 'lines');
    for (const t of trees) this.keep(t);
    const state = { ctx, moved: undefined as number | 'exit-session' | undefined };
    for (const t of trees) this.walkRecovered(t.rootNode, ctx, state);
    return state.moved;
  }

  /** A re-parsed piece of an erroneous region: read what parses, never recover again; Enter-PSSession still holds. */
  private walkRecovered(node: Node, outer: Ctx, state: { ctx: Ctx; moved?: number | 'exit-session' }): void {
    for (const k of namedChildren(node)) {
      if (!this.rel.touches(k.startIndex, k.endIndex)) continue;
      if (k.type === 'statement_list' || k.type === 'ERROR') { this.walkRecovered(k, outer, state); continue; }
      const result = this.walkStatement(k, state.ctx);
      if (result === 'exit-session') state.ctx = outer;
      else if (typeof result === 'number') state.ctx = { ...outer, session: result };
      if (result !== undefined) state.moved = result;
    }
  }

  /** Returns a session id after Enter-PSSession, 'exit-session' after Exit-PSSession. */
  walkStatement(n: Node, ctx: Ctx): SessionMove {
    if (this.options.stats) this.options.stats.statements++;
    switch (n.type) {
      case 'statement_list':
        // A grouping in the same scope (the grammar nests lists, and puts ERROR siblings next to them):
        // a session entered inside holds for what follows it.
        return this.walkChildren(n, ctx);
      case 'statement_block':
      case 'script_block':
      case 'script_block_body':
      case 'named_block_list':
      case 'named_block':
        this.walkChildren(n, ctx);
        return;
      case 'function_statement':
        this.fns.define(n, ctx);
        return;
      case 'param_block':
      case 'comment':
      case 'empty_statement':
        return;
      case 'foreach_statement':
        this.walkForeach(n, ctx);
        return;
      case 'pipeline': {
        const u = unwrap(n);
        const moved = u.type === 'command' ? sessionStatement(this, u, ctx) : undefined;
        if (moved) return moved.session;
        const v = this.evalPipeline(n, ctx);
        if (ctx.out && u.type !== 'assignment_expression') ctx.out.push(v);
        return;
      }
      default:
        // if/while/do/for/switch/try/trap/class/...: evaluate conditions and walk the bodies in order.
        if (this.depth > MAX_DEPTH) return;
        this.depth++;
        try {
          if (isBranching(n)) { walkArms(this, n, ctx); return; }
          for (const c of namedChildren(n)) {
            if (['statement_block', 'statement_list', 'script_block'].includes(c.type)) this.walkChildren(c, ctx);
            else if (c.type === 'pipeline') {
              const v = this.evalPipeline(c, ctx);
              if (ctx.out && n.type === 'flow_control_statement' && /^return\b/i.test(n.text)) ctx.out.push(v);
            } else this.walkStatement(c, ctx);
          }
        } finally {
          this.depth--;
        }
    }
  }

  private walkForeach(n: Node, ctx: Ctx): void {
    const kids = namedChildren(n);
    const variable = kids.find((c) => c.type === 'variable');
    const collection = kids.find((c) => c.type === 'pipeline');
    const body = kids.find((c) => c.type === 'statement_block');
    if (variable && collection) {
      const v = this.evalPipeline(collection, ctx);
      ctx.env.set(variableName(variable.text), { value: v, span: { start: n.startIndex, end: collection.endIndex }, written: variable.text });
    }
    if (body) this.walkChildren(body, ctx);
  }

  /** Runs a script block here (its statements are walked in `ctx`), and the blocks other branches assigned in its place. */
  walkBlock(block: Node, ctx: Ctx): void {
    this.analyzedBlocks.add(block.startIndex);
    const ran = this.ranIn.get(block.startIndex);
    if (ran) ran.push(ctx); else this.ranIn.set(block.startIndex, [ctx]);
    const sb = block.type === 'script_block_expression' ? childOfType(block, 'script_block') ?? block : block;
    this.walkChildren(sb, ctx);
    const others = this.alternatives.get(block.startIndex);
    if (others) {
      this.alternatives.delete(block.startIndex); // once: they may name each other
      for (const o of others) this.walkBlock(o.node, { ...ctx, env: new Env(o.env) });
      this.alternatives.set(block.startIndex, others);
    }
  }

  /**
   * Runs `other` wherever `block` has run so far (its contexts, kept by walkBlock; each session there as
   * `sessionFor` gives it) and wherever it runs from now on (alsoRun).
   */
  runAlongside(block: Value & { k: 'block' }, other: Value & { k: 'block' }, sessionFor: (id: number | undefined) => number | undefined): void {
    if (block.node.startIndex === other.node.startIndex) return;
    this.alsoRun(block, [other]);
    for (const ctx of this.ranIn.get(block.node.startIndex) ?? []) {
      this.walkBlock(other.node, { ...ctx, env: new Env(other.env), session: sessionFor(ctx.session) });
    }
  }

  /** A variable holds `block` or, depending on the branch taken, one of `others`: wherever it runs, they may. */
  alsoRun(block: Value & { k: 'block' }, others: (Value & { k: 'block' })[]): void {
    const list = this.alternatives.get(block.node.startIndex) ?? [];
    for (const o of others) if (!list.some((x) => x.node.startIndex === o.node.startIndex)) list.push(o);
    this.alternatives.set(block.node.startIndex, list);
  }

  // ---- pipelines and commands -------------------------------------------------------------

  evalPipeline(n: Node, ctx: Ctx): Value {
    const u = unwrap(n);
    if (u.type === 'assignment_expression') return this.evalAssignment(u, ctx);
    if (u.type === 'pipeline_chain' || u.type === 'pipeline') {
      let input: Value | undefined;
      let last: Value = NONE;
      for (const stage of namedChildren(u)) {
        if (stage.type === 'command') last = this.evalCommand(stage, ctx, input);
        else if (stage.type === 'pipeline_chain_tail') last = this.evalPipeline(stage, ctx);
        else last = this.evalExpr(unwrap(stage), ctx);
        input = last;
      }
      return last;
    }
    if (u.type === 'command') return this.evalCommand(u, ctx, undefined);
    return this.evalExpr(u, ctx);
  }

  private evalAssignment(n: Node, ctx: Ctx): Value {
    const lhsNode = childOfType(n, 'left_assignment_expression');
    const valueNode = n.childForFieldName('value') ?? namedChildren(n).at(-1);
    const op = childOfType(n, 'assignement_operator')?.text ?? '=';
    const value = valueNode ? this.evalPipeline(valueNode, ctx) : NONE;
    if (!lhsNode) return value;
    const lhs = unwrap(lhsNode);
    const target = castVariable(lhs) ?? lhs;
    if (target && unwrap(target).type === 'variable') {
      const v = unwrap(target);
      const name = variableName(v.text);
      let stored = value;
      if (op === '+=') {
        const old = ctx.env.get(name);
        if (old?.value.k === 'expr' && value.k === 'expr') {
          stored = { k: 'expr', e: { kind: 'list', items: [old.value.e, value.e], span: spanOf(n) } };
        }
      }
      ctx.env.set(name, { value: stored, span: spanOf(n), written: v.text });
    } else if (lhs.type === 'member_access') {
      this.assignMember(lhs, value, n, ctx);
    } else if (lhs.type === 'element_access') {
      // `$h['ComputerName'] = …`: a hashtable changed before it is splatted.
      const [baseNode, keyNode] = namedChildren(lhs);
      const holder = baseNode && unwrap(baseNode).type === 'variable' ? ctx.env.get(variableName(unwrap(baseNode).text))?.value : undefined;
      if (holder?.k === 'hash' && keyNode) setHashEntry(holder, this.evalExpr(unwrap(keyNode), ctx), spanOf(keyNode), value, valueNode ? spanOf(valueNode) : spanOf(n));
    }
    return value;
  }

  /** `$opts.Impersonation = 'Delegate'`, `$searcher.Scope.Path = …`: the holder's kind decides (handlers/objects.ts). */
  private assignMember(lhs: Node, value: Value, stmt: Node, ctx: Ctx): void {
    const chain: string[] = [];
    let base: Node = lhs;
    while (base.type === 'member_access') {
      chain.unshift(childOfType(base, 'member_name')?.text.toLowerCase() ?? '');
      base = unwrap(namedChildren(base)[0]);
    }
    if (base.type !== 'variable') return;
    const holder = ctx.env.get(variableName(base.text))?.value;
    if (holder?.k === 'hash' && chain.length === 1) {
      const key = childOfType(lhs, 'member_name');
      if (key) setHashEntry(holder, { k: 'expr', e: { kind: 'text', value: key.text, span: spanOf(key) } }, spanOf(key), value, spanOf(stmt));
    } else if (holder) setProperty(holder, chain, value, stmt);
  }

  evalCommand(cmd: Node, ctx: Ctx, input: Value | undefined): Value {
    const nameNode = cmd.childForFieldName('command_name');
    if (!nameNode) return NONE;
    const elements = commandElements(cmd);
    // `& Invoke-Command …`, `& 'New-Cluster' …`: a command called by a name written out is that command.
    const written = nameNode.type === 'command_name' || (nameNode.namedChildCount === 1 && /^(?:path_command_name|string_literal)$/.test(nameNode.namedChildren[0].type));
    if (!written && (nameNode.type === 'command_name_expr' || cmd.text.startsWith('&') || cmd.text.startsWith('.'))) {
      // `& $block` / `. $block`: the block runs here.
      const target = unwrap(nameNode);
      if (target.type === 'variable') {
        const v = ctx.env.get(variableName(target.text))?.value;
        if (v?.k === 'block') this.walkBlock(v.node, { ...ctx, env: new Env(ctx.env) });
      } else if (target.type === 'script_block_expression') {
        this.walkBlock(target, { ...ctx, env: new Env(ctx.env) });
      }
      scanArgs(this, elements, ctx);
      return this.unknown('the output of a script block', spanOf(cmd));
    }
    const name = commandName(nameNode);
    const handler = commandHandler(name);
    // A command hopcheck binds wins over a function of the same name; one it only passes values through does not.
    if (handler?.spec === undefined && this.functions.has(name)) {
      const site = this.fns.recordCallSite(name, cmd, elements, ctx);
      const out = this.fns.output(name, site, ctx);
      return out && out.k !== 'none' ? out : this.unknown(`the output of ${nameNode.text}`, spanOf(cmd));
    }
    if (!handler) {
      scanArgs(this, elements, ctx);
      return this.unknown(`the output of ${nameNode.text}`, spanOf(cmd));
    }
    const entry = handler.entry;
    if (handler.spec === undefined) return handler.run(this, { cmd, nameNode, elements, ctx, input, entry });
    return handler.run(this, { cmd, nameNode, elements, ctx, input, entry, spec: handler.spec, b: this.bind(handler.spec, elements, ctx) });
  }

  bind(spec: CommandSpec, elements: CommandElement[], ctx: Ctx): Binding<HashEntry> {
    return bindCommand<HashEntry>(spec, elements, (name) => {
      const v = ctx.env.get(name)?.value;
      return v?.k === 'hash' ? [...v.entries.values()].map((e) => ({ key: e.key, keySpan: e.keySpan, payload: e })) : undefined;
    }, argSpan);
  }

  evalArg(a: ArgValue, ctx: Ctx): Value {
    if ('text' in a) return { k: 'expr', e: { kind: 'text', value: a.text, span: a.span } };
    if ('items' in a) return { k: 'expr', e: { kind: 'list', items: a.items.map((x) => asExpr(this.evalArg(x, ctx), argSpan(x))), span: a.span } };
    return this.evalExpr(unwrap(a.node), ctx);
  }

  // ---- facts --------------------------------------------------------------------------------

  newId(): number {
    return this.nextId++;
  }

  newConnection(c: Omit<Connection, 'id'>): number {
    const id = this.nextId++;
    this.facts.connections.push({ id, ...c });
    return id;
  }

  /** A cluster method called on `obj` (a WMI object of MSCluster_Cluster); `callNode` is what a fix rewrites. */
  recordWmiCall(method: string, span: Span, callNode: Node, obj: Value & { k: 'wmi' }, ctx: Ctx, args: Expr[], argSpans?: Span[]): void {
    const call: ClusterCall = {
      method, via: 'wmi', span, callSpan: spanOf(callNode), connection: obj.conn, session: ctx.session, args, argSpans, trace: obj.trace,
      statement: statementOf(callNode), standalone: isStandalone(callNode),
    };
    this.facts.calls.push(call);
  }

  // ---- expressions -------------------------------------------------------------------------

  evalExpr(n: Node, ctx: Ctx): Value {
    // Pathologically deep nesting (fuzzed or generated code) is not followed: no stack overflow.
    if (this.depth > MAX_DEPTH) return this.unknown('an expression nested too deeply', spanOf(n));
    if ((++this.steps & 255) === 0) check(this.options.deadline);
    this.depth++;
    try {
      return evalExpression(this, n, ctx);
    } finally {
      this.depth--;
    }
  }
}

/**
 * The variable of a typed assignment's left side (`[string]$x`, `[ValidateNotNull()][string]$x`), which the
 * grammar writes as casts, each inside a unary expression; undefined for any other left side.
 */
function castVariable(lhs: Node): Node | undefined {
  let n = lhs;
  for (let depth = 0; depth < 16; depth++) {
    if (n.type === 'expression_with_unary_operator' && n.namedChildCount === 1 && !n.text.startsWith(',')) n = unwrap(n.namedChild(0)!);
    if (n.type !== 'cast_expression') return undefined;
    const operand = namedChildren(n).at(-1);
    if (!operand) return undefined;
    n = unwrap(operand);
    if (n.type === 'variable') return n;
  }
  return undefined;
}
