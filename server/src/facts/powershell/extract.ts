// The PowerShell fact extractor: walks a tree-sitter-powershell tree in execution order, keeping
// variables in an environment, and emits the language-neutral facts of ../model.ts: WMI/CIM
// connections to root\MSCluster, remote sessions, calls of the four methods and of the
// FailoverClusters cmdlets, and function call sites for parameter resolution.
import { parsePowerShell, type Node, type Tree } from '../../parse/powershell';
import { commandNamedLower, methodNamed } from '../../catalogue/derive';
import {
  emptyFacts,
  type ClusterCall, type Connection, type ConnectionEdit, type Expr, type Facts, type Span, type Suppression,
  type TraceStep,
} from '../model';
import { commentSuppression } from '../suppression';
import { hostSpanIn } from '../wmi';
import { bindCommand, commandSpec, type Binding, type CommandSpec } from './commands';
import { check, type Deadline } from '../../core/budget';
import { reparseRegion } from './recover';
import { Relevance, type RelevanceSummary } from './relevance';
import { TopIndex } from './top-index';
import {
  childOfType, commandElements, commandName, namedChildren, spanOf, stringContentSpan, unescapeExpandable,
  unwrap, variableName, verbatimText, type ArgValue,
} from './syntax';
import {
  Env, NONE, asExpr, classOfPath, classOfQuery, isClusterClass, isClusterNamespace, namespaceOfPath, sketchText,
  staticText, type HashEntry, type Value,
} from './values';

interface Ctx {
  env: Env;
  /** The remote session the code runs in, if any. */
  session?: number;
  /** Current function (lower-case name) for parameters. */
  fn?: string;
}

/** How deep expressions and blocks are followed (real scripts stay far below). */
const MAX_DEPTH = 300;

/** The catalogue's name of a cluster method written in any case. */
const methodOf = (name: string) => methodNamed(name)?.name;
/** Commands with a case below (the rest of the catalogue's bound commands are cluster cmdlets or unmodelled). */
const HANDLED = new Set(['Get-WmiObject', 'Invoke-WmiMethod', 'Get-CimInstance', 'Get-CimClass', 'Invoke-CimMethod', 'New-CimSession',
  'New-CimSessionOption', 'New-PSSession', 'Invoke-Command', 'Enter-PSSession', 'New-Object', 'ForEach-Object']);

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
}

export function extractPowerShell(tree: Tree, text: string, options: PsExtractOptions = {}): Facts {
  return new PsExtractor(text, options).run(tree);
}

class PsExtractor {
  private readonly facts = emptyFacts('powershell');
  private readonly functions = new Set<string>();
  private readonly analyzedBlocks = new Set<number>();
  private readonly pendingBlocks: { node: Node; env: Env; session?: number }[] = [];
  private readonly pendingFunctions: { node: Node; env: Env; session?: number }[] = [];
  private readonly extraTrees: Tree[] = [];
  private nextId = 1;
  private rel = Relevance.all();
  private index?: TopIndex;
  private depth = 0;
  private steps = 0;

  constructor(private readonly text: string, private readonly options: PsExtractOptions = {}) {}

  private parentOf(n: Node): Node | null {
    return this.index ? this.index.parentOf(n) : n.parent;
  }

  private readonly up = (n: Node) => this.parentOf(n);
  /** Re-read only the broken lines that can matter (a line without a relevant point yields nothing). */
  private readonly relevantLine = (line: Span) => this.rel.touches(line.start, line.end);

  /** A value the file cannot tell, shown as written (shortened) in messages. */
  private unknown(why: string, span: Span): Value {
    const written = this.text.slice(span.start, span.end).replace(/\s+/g, ' ');
    return { k: 'expr', e: { kind: 'unknown', why, span, text: written.length > 40 ? written.slice(0, 39) + '…' : written } };
  }

  run(tree: Tree): Facts {
    try {
      const root = tree.rootNode;
      const index = (this.index = new TopIndex(tree));
      const fnNodes = functionStatements(index, this.text);
      for (const f of fnNodes) {
        const name = childOfType(f, 'function_name')?.text;
        if (name) this.functions.add(name.toLowerCase());
      }
      if (!this.options.exhaustive) this.rel = Relevance.of(index, this.text, fnNodes);
      if (this.options.relevance && !this.options.exhaustive) this.options.relevance.summary = this.rel.summary();
      const env = new Env();
      const ctx: Ctx = { env, fn: '<script>' };
      const scriptParams = childOfType(root, 'param_block');
      if (scriptParams) this.bindParams(scriptParams, ctx, '<script>');
      this.walkChildren(root, ctx);
      // Functions run when called; by then the script scope holds its final values.
      while (this.pendingFunctions.length || this.pendingBlocks.length) {
        const f = this.pendingFunctions.shift();
        if (f) { this.walkFunction(f.node, f.env, f.session); continue; }
        const b = this.pendingBlocks.shift()!;
        if (!this.analyzedBlocks.has(b.node.startIndex)) this.walkBlock(b.node, { env: new Env(b.env), session: b.session });
      }
      this.facts.syntaxErrors = errorSpans(root);
      this.facts.suppressions = suppressionsOf(index, this.text);
      this.facts.calls = dedupeCalls(this.facts.calls);
      return this.facts;
    } finally {
      this.index?.delete();
      for (const t of this.extraTrees) t.delete();
    }
  }

  // ---- statements -------------------------------------------------------------------------

  /** Walks the statements under a node (program, statement_list, statement_block, script_block...). */
  private walkChildren(node: Node, ctx: Ctx): void {
    if (this.depth > MAX_DEPTH) return;
    this.depth++;
    try {
      this.walkChildrenAt(node, ctx);
    } finally {
      this.depth--;
    }
  }

  private walkChildrenAt(node: Node, ctx: Ctx): void {
    if (node.type === 'ERROR') {
      // The grammar gave up on this whole range (even the program itself): re-read it line by line.
      const trees = reparseRegion(this.text, spanOf(node), this.relevantLine);
      this.extraTrees.push(...trees);
      for (const t of trees) this.walkRecovered(t.rootNode, ctx);
      return;
    }
    let region: Span | undefined;
    let entered: number | undefined; // Enter-PSSession: following statements run in that session
    const flush = () => {
      if (!region) return;
      if (this.rel.touches(region.start, region.end)) {
        const trees = reparseRegion(this.text, region, this.relevantLine);
        this.extraTrees.push(...trees);
        for (const t of trees) this.walkRecovered(t.rootNode, ctx);
      }
      region = undefined;
    };
    const tops = this.rel.topStatements(node);
    if (tops) {
      // A long top-level list: visit only the statements that can matter (each run of broken ones whole).
      let doneUpTo = -1;
      for (const k of tops) {
        if (k.startIndex < doneUpTo) continue;
        if (needsRecovery(k)) {
          const run = recoveryRun(k);
          doneUpTo = run.end;
          region = run;
          flush();
          continue;
        }
        const here: Ctx = entered !== undefined ? { ...ctx, session: entered } : ctx;
        const result = this.walkStatement(k, here);
        if (result === 'exit-session') entered = undefined;
        else if (typeof result === 'number') entered = result;
      }
      return;
    }
    for (const k of namedChildren(node)) {
      if (needsRecovery(k)) {
        region = region ? { start: region.start, end: k.endIndex } : spanOf(k);
        continue;
      }
      flush();
      if (!this.rel.touches(k.startIndex, k.endIndex)) continue;
      const here: Ctx = entered !== undefined ? { ...ctx, session: entered } : ctx;
      const result = this.walkStatement(k, here);
      if (result === 'exit-session') entered = undefined;
      else if (typeof result === 'number') entered = result;
    }
    flush();
  }

  /** A re-parsed piece of an erroneous region: read what parses, never recover again. */
  private walkRecovered(node: Node, ctx: Ctx): void {
    for (const k of namedChildren(node)) {
      if (!this.rel.touches(k.startIndex, k.endIndex)) continue;
      if (k.type === 'statement_list' || k.type === 'ERROR') this.walkRecovered(k, ctx);
      else this.walkStatement(k, ctx);
    }
  }

  /** Returns a session id after Enter-PSSession, 'exit-session' after Exit-PSSession. */
  private walkStatement(n: Node, ctx: Ctx): number | 'exit-session' | void {
    if (this.options.stats) this.options.stats.statements++;
    switch (n.type) {
      case 'statement_list':
      case 'statement_block':
      case 'script_block':
      case 'script_block_body':
      case 'named_block_list':
      case 'named_block':
        this.walkChildren(n, ctx);
        return;
      case 'function_statement':
        this.pendingFunctions.push({ node: n, env: ctx.env, session: ctx.session });
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
        if (u.type === 'command') {
          const name = commandName(u.childForFieldName('command_name') ?? u);
          if (name === 'exit-pssession') return 'exit-session';
          if (name === 'enter-pssession') return this.enterSession(u, ctx);
        }
        this.evalPipeline(n, ctx);
        return;
      }
      default:
        // if/while/do/for/switch/try/trap/class/...: evaluate conditions and walk the bodies in order.
        if (this.depth > MAX_DEPTH) return;
        this.depth++;
        try {
          for (const c of namedChildren(n)) {
            if (['statement_block', 'statement_list', 'script_block'].includes(c.type)) this.walkChildren(c, ctx);
            else if (c.type === 'pipeline') this.evalPipeline(c, ctx);
            else this.walkStatement(c, ctx);
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

  private walkFunction(n: Node, parentEnv: Env, session?: number): void {
    const name = childOfType(n, 'function_name')?.text.toLowerCase() ?? '<anonymous>';
    const ctx: Ctx = { env: new Env(parentEnv), fn: name, session };
    const decl = childOfType(n, 'function_parameter_declaration');
    if (decl) this.bindParams(decl, ctx, name);
    const body = childOfType(n, 'script_block');
    if (body) {
      const pb = childOfType(body, 'param_block');
      if (pb) this.bindParams(pb, ctx, name);
      this.walkChildren(body, ctx);
    }
  }

  /** Declares parameters (with defaults) as `param` values, resolved later from call sites. */
  private bindParams(node: Node, ctx: Ctx, fn: string): void {
    const params = node.descendantsOfType('script_parameter').filter((p): p is Node => p !== null);
    const names: { name: string; position?: number; index: number }[] = [];
    params.forEach((p, index) => {
      const variable = childOfType(p, 'variable');
      if (!variable) return;
      const name = variableName(variable.text);
      // [Parameter(Position = n)] decides positional binding, not declaration order.
      const pos = /\bPosition\s*=\s*(\d+)/i.exec(childOfType(p, 'attribute_list')?.text ?? '');
      names.push({ name, index, position: pos ? Number(pos[1]) : undefined });
      const defNode = childOfType(p, 'script_parameter_default');
      const def = defNode ? asExpr(this.evalExpr(unwrap(defNode), ctx), spanOf(defNode)) : undefined;
      const e: Expr = { kind: 'param', fn, name, index, span: spanOf(variable), default: def };
      ctx.env.set(name, { value: { k: 'expr', e }, span: spanOf(p), written: variable.text });
    });
    const ordered = [...names].sort((a, b) => (a.position ?? 1e6 + a.index) - (b.position ?? 1e6 + b.index)).map((x) => x.name);
    if (!this.facts.functions.has(fn) || ordered.length) this.facts.functions.set(fn, ordered);
  }

  private walkBlock(block: Node, ctx: Ctx): void {
    this.analyzedBlocks.add(block.startIndex);
    const sb = block.type === 'script_block_expression' ? childOfType(block, 'script_block') ?? block : block;
    this.walkChildren(sb, ctx);
  }

  // ---- pipelines and commands -------------------------------------------------------------

  private evalPipeline(n: Node, ctx: Ctx): Value {
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
    const target = lhs.type === 'cast_expression' ? namedChildren(lhs).find((c) => unwrap(c).type === 'variable') : lhs;
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
    }
    return value;
  }

  /** `$opts.Impersonation = 'Delegate'`, `$searcher.Scope.Path = '\\n1\root\MSCluster'`, `$s.Scope = $scope`. */
  private assignMember(lhs: Node, value: Value, stmt: Node, ctx: Ctx): void {
    const chain: string[] = [];
    let base: Node = lhs;
    while (base.type === 'member_access') {
      chain.unshift(childOfType(base, 'member_name')?.text.toLowerCase() ?? '');
      base = unwrap(namedChildren(base)[0]);
    }
    if (base.type !== 'variable') return;
    const holder = ctx.env.get(variableName(base.text))?.value;
    if (!holder) return;
    const last = chain.at(-1);
    const delegate = value.k === 'expr' && isDelegateText(sketchText(value.e)) || /delegate/i.test(stmt.text.split('=').slice(1).join('='));
    if (holder.k === 'options' && last === 'impersonation' && delegate) {
      holder.delegation = { span: spanOf(stmt), message: 'impersonation level Delegate is requested here' };
    } else if (holder.k === 'scope') {
      if (last === 'path' && value.k === 'expr') holder.path = value.e;
      if (last === 'options' && value.k === 'options') holder.options = value;
      if (chain.join('.') === 'options.impersonation' && delegate) {
        holder.options = { k: 'options', dcom: true, delegation: { span: spanOf(stmt), message: 'impersonation level Delegate is requested here' } };
      }
    } else if (holder.k === 'searcher') {
      if (last === 'scope' && value.k === 'scope') holder.scope = value;
      if (chain.join('.') === 'scope.path' && value.k === 'expr') holder.scope = { k: 'scope', path: value.e, span: spanOf(stmt) };
      if (last === 'query' && value.k === 'expr') holder.query = value.e;
    }
  }

  private evalCommand(cmd: Node, ctx: Ctx, input: Value | undefined): Value {
    const nameNode = cmd.childForFieldName('command_name');
    if (!nameNode) return NONE;
    const elements = commandElements(cmd);
    if (nameNode.type === 'command_name_expr' || cmd.text.startsWith('&') || cmd.text.startsWith('.')) {
      // `& $block` / `. $block`: the block runs here.
      const target = unwrap(nameNode);
      if (target.type === 'variable') {
        const v = ctx.env.get(variableName(target.text))?.value;
        if (v?.k === 'block') this.walkBlock(v.node, { ...ctx, env: new Env(ctx.env) });
      } else if (target.type === 'script_block_expression') {
        this.walkBlock(target, { ...ctx, env: new Env(ctx.env) });
      }
      this.scanArgs(elements, ctx);
      return this.unknown('the output of a script block', spanOf(cmd));
    }
    const name = commandName(nameNode);
    const entry = commandNamedLower(name);
    const spec = entry && (HANDLED.has(entry.name) || entry.family === 'cluster') ? commandSpec(name) : undefined;
    if (this.functions.has(name) && !spec) {
      this.recordCallSite(name, cmd, elements, ctx);
      return this.unknown(`the output of ${nameNode.text}`, spanOf(cmd));
    }
    if (entry?.family === 'local-name') return { k: 'expr', e: { kind: 'local', why: 'hostname', span: spanOf(cmd) } };
    if (entry?.family === 'input') { this.scanArgs(elements, ctx); return this.unknown(entry.output ?? 'input', spanOf(cmd)); }
    if (entry?.family === 'filter') { this.scanArgs(elements, ctx, input); return input ?? NONE; }
    if (!spec) {
      this.scanArgs(elements, ctx, undefined, entry?.family === 'block-runner');
      return this.unknown(`the output of ${nameNode.text}`, spanOf(cmd));
    }
    const b = this.bind(spec, elements, ctx);
    switch (spec.name) {
      case 'Get-WmiObject': return this.getWmiObject(cmd, b, ctx);
      case 'Invoke-WmiMethod': return this.invokeWmiMethod(cmd, b, ctx, input);
      case 'Get-CimInstance':
      case 'Get-CimClass': return this.getCim(cmd, spec.name, b, ctx);
      case 'Invoke-CimMethod': return this.invokeCimMethod(cmd, b, ctx, input);
      case 'New-CimSession': return this.newCimSession(cmd, b, ctx);
      case 'New-CimSessionOption': {
        const protocol = this.argText(b, 'Protocol', ctx);
        return { k: 'options', dcom: /^dcom$/i.test(protocol ?? ''), delegation: this.delegationOf(b, 'Impersonation', ctx) };
      }
      case 'New-PSSession': {
        const target = this.argExpr(b, 'ComputerName', ctx);
        return { k: 'psSession', target: target ?? this.unknownTarget(b, cmd), credssp: this.credsspOf(b, ctx), span: spanOf(cmd), appendAt: cmd.endIndex };
      }
      case 'Invoke-Command': return this.invokeCommand(cmd, b, elements, ctx);
      case 'Enter-PSSession': this.enterSession(cmd, ctx); return NONE;
      case 'New-Object': return this.newObject(cmd, b, ctx);
      case 'ForEach-Object': return this.forEachObject(b, ctx, input);
      default:
        this.recordCmdlet(spec.name, nameNode, cmd, b, ctx);
        return NONE;
    }
  }

  private bind(spec: CommandSpec, elements: ReturnType<typeof commandElements>, ctx: Ctx): Binding<HashEntry> {
    return bindCommand<HashEntry>(spec, elements, (name) => {
      const v = ctx.env.get(name)?.value;
      return v?.k === 'hash' ? [...v.entries.values()].map((e) => ({ key: e.key, keySpan: e.keySpan, payload: e })) : undefined;
    }, argSpan);
  }

  /** The value bound to a parameter, from the command line or from a splatted hashtable. */
  private argValue(b: Binding<HashEntry>, param: string, ctx: Ctx): Value | undefined {
    const a = b.named.get(param);
    if (!a) return undefined;
    if (a.splat) return a.splat.value;
    if (a.arg) return this.evalArg(a.arg, ctx);
    return { k: 'expr', e: { kind: 'text', value: 'True', span: a.span ?? { start: 0, end: 0 } } }; // a switch
  }

  private argExpr(b: Binding<HashEntry>, param: string, ctx: Ctx): Expr | undefined {
    const v = this.argValue(b, param, ctx);
    const a = b.named.get(param);
    return v ? asExpr(v, a?.span ?? { start: 0, end: 0 }) : undefined;
  }

  private argText(b: Binding<HashEntry>, param: string, ctx: Ctx): string | undefined {
    const e = this.argExpr(b, param, ctx);
    return e ? staticText(e) : undefined;
  }

  private evalArg(a: ArgValue, ctx: Ctx): Value {
    if ('text' in a) return { k: 'expr', e: { kind: 'text', value: a.text, span: a.span } };
    if ('items' in a) return { k: 'expr', e: { kind: 'list', items: a.items.map((x) => asExpr(this.evalArg(x, ctx), argSpan(x))), span: a.span } };
    return this.evalExpr(unwrap(a.node), ctx);
  }

  /** Evaluates arguments we do not bind, so calls nested in them are still seen. */
  private scanArgs(elements: ReturnType<typeof commandElements>, ctx: Ctx, input?: Value, runBlocks = false): void {
    for (const e of elements) {
      const a = e.kind === 'arg' ? e.value : e.kind === 'param' ? e.colonValue : undefined;
      if (!a || !('node' in a)) continue;
      const u = unwrap(a.node);
      if (u.type === 'script_block_expression') {
        const env = new Env(ctx.env);
        if (input) {
          env.set('_', { value: input, span: spanOf(u), written: '$_' });
          env.set('psitem', { value: input, span: spanOf(u), written: '$PSItem' });
        }
        if (runBlocks || input) this.walkBlock(u, { ...ctx, env });
        else this.pendingBlocks.push({ node: u, env: ctx.env, session: ctx.session });
      } else {
        this.evalExpr(u, ctx);
      }
    }
  }

  private unknownTarget(b: Binding<HashEntry>, cmd: Node): Expr | undefined {
    // -ConnectionUri / -VMName / -HostName name a machine we cannot classify by name.
    for (const p of ['ConnectionUri', 'VMName', 'HostName', 'ContainerId']) {
      const a = b.named.get(p);
      if (a) return { kind: 'unknown', why: `-${p}`, span: a.span ?? spanOf(cmd) };
    }
    return undefined;
  }

  private delegationOf(b: Binding<HashEntry>, param: string, ctx: Ctx): TraceStep | undefined {
    const a = b.named.get(param);
    if (!a) return undefined;
    const v = this.argValue(b, param, ctx);
    const rawText = a.arg && 'node' in a.arg ? a.arg.node.text : a.arg && 'text' in a.arg ? a.arg.text : '';
    const text = v?.k === 'expr' ? sketchText(v.e) : '';
    if (!isDelegateText(text) && !isDelegateText(rawText)) return undefined;
    return { span: { start: (a.nameSpan ?? a.span ?? { start: 0 }).start, end: (a.span ?? a.nameSpan ?? { end: 0 }).end }, message: 'impersonation level Delegate is requested here' };
  }

  private credsspOf(b: Binding<HashEntry>, ctx: Ctx): TraceStep | undefined {
    const a = b.named.get('Authentication');
    if (!a) return undefined;
    const t = this.argText(b, 'Authentication', ctx) ?? '';
    if (!/^credssp$/i.test(t.trim())) return undefined;
    return { span: { start: (a.nameSpan ?? a.span!).start, end: (a.span ?? a.nameSpan!).end }, message: 'CredSSP delegates the caller\'s credentials to the remote computer' };
  }

  // ---- WMI ---------------------------------------------------------------------------------

  private newConnection(c: Omit<Connection, 'id'>): number {
    const id = this.nextId++;
    this.facts.connections.push({ id, ...c });
    return id;
  }

  private wmiTarget(b: Binding<HashEntry>, ctx: Ctx): Expr | undefined {
    return this.argExpr(b, 'ComputerName', ctx);
  }

  private getWmiObject(cmd: Node, b: Binding<HashEntry>, ctx: Ctx): Value {
    const ns = this.argText(b, 'Namespace', ctx) ?? 'root\\cimv2';
    if (!isClusterNamespace(ns)) return this.unknown('WMI objects', spanOf(cmd));
    const query = this.argText(b, 'Query', ctx);
    const cls = this.argText(b, 'Class', ctx) ?? (query ? classOfQuery(query) : undefined);
    const conn = this.newConnection({
      api: 'Get-WmiObject', span: spanOf(cmd), transport: 'dcom', target: this.wmiTarget(b, ctx),
      delegation: this.delegationOf(b, 'Impersonation', ctx), edit: cmdletEdit(cmd, b, 'wmi-cmdlet'),
    });
    return { k: 'wmi', conn, cluster: isClusterClass(cls), trace: [] };
  }

  private invokeWmiMethod(cmd: Node, b: Binding<HashEntry>, ctx: Ctx, input: Value | undefined): Value {
    const methodArg = b.named.get('Name');
    const method = methodArg ? this.argText(b, 'Name', ctx) : undefined;
    const known = method ? methodOf(method) : undefined;
    let obj = this.argValue(b, 'InputObject', ctx) ?? input;
    if (obj?.k !== 'wmi') {
      const path = this.argExpr(b, 'Path', ctx);
      const pathSketch = path ? sketchText(path) : undefined;
      const ns = pathSketch ? namespaceOfPath(pathSketch) : this.argText(b, 'Namespace', ctx) ?? 'root\\cimv2';
      const cls = pathSketch ? classOfPath(pathSketch) : this.argText(b, 'Class', ctx);
      if (!isClusterNamespace(ns.replace(/^\\\\[^\\]*/, '')) && !isClusterNamespace(ns)) return NONE;
      const inPath = path && /^(\\\\|\/\/)/.test(pathSketch ?? '');
      const conn = this.newConnection({
        api: 'Invoke-WmiMethod', span: spanOf(cmd), transport: 'dcom',
        target: inPath ? { kind: 'hostOf', path, span: path.span } : this.wmiTarget(b, ctx),
        delegation: this.delegationOf(b, 'Impersonation', ctx),
        edit: { ...cmdletEdit(cmd, b, 'wmi-cmdlet'), hostInPath: inPath ? this.hostSpan(path) : undefined },
      });
      obj = { k: 'wmi', conn, cluster: isClusterClass(cls), trace: [] };
    }
    if (known && obj.cluster && methodArg?.arg) {
      const args = this.argValue(b, 'ArgumentList', ctx);
      // Fed by the pipeline, the whole pipeline is what a fix replaces.
      const parent = input !== undefined ? this.parentOf(cmd) : null;
      const whole = parent?.type === 'pipeline_chain' ? parent : cmd;
      this.recordWmiCall(known, argNameSpan(methodArg.arg), whole, obj, ctx, args ? listItems(args, spanOf(cmd)) : []);
    }
    return NONE;
  }

  private cimTarget(b: Binding<HashEntry>, ctx: Ctx, cmd: Node, api: string): number {
    const session = this.argValue(b, 'CimSession', ctx);
    if (session?.k === 'cimSession') {
      return this.newConnection({
        api: 'New-CimSession', span: session.span, transport: session.dcom ? 'dcom' : 'wsman', target: session.target,
        delegation: session.delegation, edit: session.edit,
      });
    }
    if (session) {
      return this.newConnection({ api, span: spanOf(cmd), transport: 'wsman', target: asExpr(session, b.named.get('CimSession')?.span ?? spanOf(cmd)) });
    }
    return this.newConnection({ api, span: spanOf(cmd), transport: 'wsman', target: this.argExpr(b, 'ComputerName', ctx), edit: cmdletEdit(cmd, b, 'cim-cmdlet') });
  }

  private getCim(cmd: Node, api: string, b: Binding<HashEntry>, ctx: Ctx): Value {
    const ns = this.argText(b, 'Namespace', ctx) ?? 'root/cimv2';
    if (!isClusterNamespace(ns)) return this.unknown('CIM objects', spanOf(cmd));
    const query = this.argText(b, 'Query', ctx);
    const cls = this.argText(b, 'ClassName', ctx) ?? (query ? classOfQuery(query) : undefined);
    return { k: 'wmi', conn: this.cimTarget(b, ctx, cmd, api), cluster: isClusterClass(cls), trace: [] };
  }

  private invokeCimMethod(cmd: Node, b: Binding<HashEntry>, ctx: Ctx, input: Value | undefined): Value {
    const methodArg = b.named.get('MethodName');
    const method = this.argText(b, 'MethodName', ctx);
    const known = method ? methodOf(method) : undefined;
    let obj = this.argValue(b, 'InputObject', ctx) ?? this.argValue(b, 'CimClass', ctx) ?? input;
    if (obj?.k !== 'wmi') {
      const ns = this.argText(b, 'Namespace', ctx) ?? 'root/cimv2';
      if (!isClusterNamespace(ns)) return NONE;
      obj = { k: 'wmi', conn: this.cimTarget(b, ctx, cmd, 'Invoke-CimMethod'), cluster: isClusterClass(this.argText(b, 'ClassName', ctx)), trace: [] };
    }
    if (known && obj.cluster && methodArg?.arg) {
      const args = this.argValue(b, 'Arguments', ctx);
      const parent = input !== undefined ? this.parentOf(cmd) : null;
      const whole = parent?.type === 'pipeline_chain' ? parent : cmd;
      this.recordWmiCall(known, argNameSpan(methodArg.arg), whole, obj, ctx, args?.k === 'hash' ? [...args.entries.values()].map((e) => asExpr(e.value, e.valueSpan)) : []);
    }
    return NONE;
  }

  private newCimSession(cmd: Node, b: Binding<HashEntry>, ctx: Ctx): Value {
    const opt = this.argValue(b, 'SessionOption', ctx);
    const options = opt?.k === 'options' ? opt : undefined;
    const credssp = this.credsspOf(b, ctx);
    return {
      k: 'cimSession', target: this.argExpr(b, 'ComputerName', ctx), dcom: options?.dcom ?? false,
      delegation: options?.delegation ?? credssp, span: spanOf(cmd),
      edit: cmdletEdit(cmd, b, b.named.has('SessionOption') ? undefined : 'cim-session'),
    };
  }

  /** New-Object System.Management.ManagementClass/ManagementObject/ManagementScope/ConnectionOptions/... */
  private newObject(cmd: Node, b: Binding<HashEntry>, ctx: Ctx): Value {
    const type = (this.argText(b, 'TypeName', ctx) ?? '').toLowerCase().replace(/^system\.management\./, '');
    const argsBound = b.named.get('ArgumentList');
    const args: { value: Value; span: Span }[] = [];
    if (argsBound?.arg && 'node' in argsBound.arg) {
      for (const item of ctorArgs(argsBound.arg.node)) args.push({ value: this.evalExpr(unwrap(item), ctx), span: spanOf(item) });
    } else if (argsBound?.splat) {
      args.push({ value: argsBound.splat.value, span: argsBound.splat.valueSpan });
    }
    const props = this.argValue(b, 'Property', ctx);
    return this.construct(type, args, spanOf(cmd), props);
  }

  /** The objects of System.Management that open or describe a WMI connection. */
  private construct(type: string, args: { value: Value; span: Span }[], span: Span, props?: Value): Value {
    const t = type.replace(/^\[|\]$/g, '').toLowerCase().replace(/^system\.management\./, '');
    const exprArg = (i: number) => (args[i]?.value.k === 'expr' ? (args[i].value as { e: Expr }).e : undefined);
    switch (t) {
      case 'connectionoptions': {
        const imp = props?.k === 'hash' ? props.entries.get('impersonation') : undefined;
        const delegation = imp && imp.value.k === 'expr' && isDelegateText(sketchText(imp.value.e))
          ? { span: imp.valueSpan, message: 'impersonation level Delegate is requested here' } : undefined;
        return { k: 'options', dcom: true, delegation };
      }
      case 'managementpath': return args[0]?.value ?? NONE;
      case 'managementscope': {
        const options = args[1]?.value.k === 'options' ? (args[1].value as Value & { k: 'options' }) : undefined;
        return { k: 'scope', path: exprArg(0), options, span };
      }
      case 'managementobjectsearcher': {
        if (args[0]?.value.k === 'scope') return { k: 'searcher', scope: args[0].value as Value & { k: 'scope' }, query: exprArg(1), span };
        return { k: 'searcher', query: exprArg(0), span };
      }
      case 'managementclass':
      case 'managementobject': {
        // (path) | (path, options) | (scope, path, options)
        const first = args[0]?.value;
        if (first?.k === 'scope') {
          const cls = exprArg(1);
          return this.wmiFromPath(first.path, cls, first.options?.delegation, span, `New-Object ${type}`);
        }
        const path = exprArg(0);
        if (!path) return NONE;
        return this.wmiFromPath(path, undefined, undefined, span, `New-Object ${type}`);
      }
      default: return NONE;
    }
  }

  /** A class/object from a WMI path: `\\server\root\MSCluster:MSCluster_Cluster` (class may come separately). */
  private wmiFromPath(path: Expr | undefined, classExpr: Expr | undefined, delegation: TraceStep | undefined, span: Span, api: string): Value {
    if (!path) return NONE;
    const sketch = sketchText(path);
    const ns = namespaceOfPath(sketch);
    if (!isClusterNamespace(ns) && !isClusterNamespace(ns.replace(/^(\\\\|\/\/)[^\\/]*/, ''))) return NONE;
    const cls = classExpr ? classOfPath(':' + sketchText(classExpr)) : classOfPath(sketch);
    const target: Expr | undefined = /^(\\\\|\/\/)/.test(sketch) ? { kind: 'hostOf', path, span: path.span } : undefined;
    const conn = this.newConnection({ api, span, transport: 'dcom', target, delegation, edit: target ? { hostInPath: this.hostSpan(path) } : undefined });
    return { k: 'wmi', conn, cluster: isClusterClass(cls), trace: [] };
  }

  private searcherResults(s: Value & { k: 'searcher' }, span: Span): Value {
    const cls = s.query ? classOfQuery(sketchText(s.query)) : undefined;
    const path = s.scope?.path;
    if (!path) return NONE;
    const sketch = sketchText(path);
    if (!isClusterNamespace(sketch) && !isClusterNamespace(sketch.replace(/^(\\\\|\/\/)[^\\/]*/, ''))) return NONE;
    const conn = this.newConnection({
      api: '[wmisearcher]', span: s.span, transport: 'dcom',
      target: /^(\\\\|\/\/)/.test(sketch) ? { kind: 'hostOf', path, span: path.span } : undefined,
      delegation: s.scope?.options?.delegation,
      edit: { hostInPath: this.hostSpan(path) },
    });
    return { k: 'wmi', conn, cluster: isClusterClass(cls), trace: [{ span, message: 'the searcher returns the cluster object here' }] };
  }

  private hostSpan(path: Expr): (Span & { code?: boolean }) | undefined {
    return hostSpanIn(path, this.text);
  }

  // ---- remote sessions --------------------------------------------------------------------

  private invokeCommand(cmd: Node, b: Binding<HashEntry>, elements: ReturnType<typeof commandElements>, ctx: Ctx): Value {
    // Positional arguments: a script block is -ScriptBlock; a value before it is -ComputerName.
    let blockValue = this.argValue(b, 'ScriptBlock', ctx);
    let computer = this.argExpr(b, 'ComputerName', ctx);
    for (const a of elements.filter((e) => e.kind === 'arg')) {
      if (isBoundElsewhere(b, a.value)) continue;
      const v = this.evalArg(a.value, ctx);
      if (v.k === 'block' && !blockValue) blockValue = v;
      else if (!computer && !blockValue && !b.named.has('Session')) computer = asExpr(v, argSpan(a.value));
    }
    const sessionValue = this.argValue(b, 'Session', ctx);
    const credssp = this.credsspOf(b, ctx) ?? (sessionValue?.k === 'psSession' ? sessionValue.credssp : undefined);
    let sessionId: number | undefined;
    if (computer || sessionValue || this.unknownTarget(b, cmd)) {
      const target = computer ?? (sessionValue?.k === 'psSession' ? sessionValue.target : undefined) ?? this.unknownTarget(b, cmd)
        ?? (sessionValue ? asExpr(sessionValue, b.named.get('Session')?.span ?? spanOf(cmd)) : undefined);
      const filePath = b.named.get('FilePath');
      sessionId = this.nextId++;
      this.facts.sessions.push({
        id: sessionId, api: 'Invoke-Command', span: spanOf(cmd), target, credssp,
        body: blockValue?.k === 'block' ? spanOf(blockValue.node) : filePath?.span,
        statement: statementOf(cmd, this.up),
        appendAt: sessionValue?.k === 'psSession' ? sessionValue.appendAt : sessionValue ? undefined : cmd.endIndex,
        bodyStatements: blockValue?.k === 'block' ? blockStatements(blockValue.node) : undefined,
      });
    }
    if (blockValue?.k === 'block') {
      const env = new Env(blockValue.env);
      this.walkBlock(blockValue.node, { ...ctx, env, session: sessionId ?? ctx.session });
    } else if (b.named.get('FilePath')?.arg) {
      this.remoteScriptFile(b, ctx, sessionId ?? ctx.session);
    }
    return this.unknown('the output of Invoke-Command', spanOf(cmd));
  }

  /**
   * `Invoke-Command -FilePath script.ps1`: the calls of that script run in the session. They are
   * reported at the -FilePath argument, naming the line of the other file.
   */
  private remoteScriptFile(b: Binding<HashEntry>, ctx: Ctx, session: number | undefined): void {
    const arg = b.named.get('FilePath')!;
    const path = this.argText(b, 'FilePath', ctx);
    const content = path ? this.options.readScript?.(path) : undefined;
    if (!path || content === undefined || !arg.arg) return;
    const at = argNameSpan(arg.arg);
    const tree = parsePowerShell(content);
    this.extraTrees.push(tree);
    const inner = new PsExtractor(content).run(tree);
    const lineOf = (offset: number) => content.slice(0, offset).split('\n').length;
    for (const call of inner.calls) {
      const conn = call.connection !== undefined ? inner.connections.find((c) => c.id === call.connection) : undefined;
      if (call.via === 'wmi' && conn?.target !== undefined) continue; // its own remote connection: reported when that file is checked
      const step = { span: at, message: `${path} calls ${call.method} on line ${lineOf(call.span.start)}` };
      const connection = conn ? this.newConnection({ api: `${conn.api} in ${path}`, span: at, transport: conn.transport, delegation: conn.delegation }) : undefined;
      this.facts.calls.push({ ...call, span: at, callSpan: at, session, connection, trace: [step], args: [] });
    }
  }

  private enterSession(cmd: Node, ctx: Ctx): number | undefined {
    const spec = commandSpec('Enter-PSSession')!;
    const b = this.bind(spec, commandElements(cmd), ctx);
    const sessionValue = this.argValue(b, 'Session', ctx);
    const target = this.argExpr(b, 'ComputerName', ctx) ?? (sessionValue?.k === 'psSession' ? sessionValue.target : undefined) ?? this.unknownTarget(b, cmd);
    if (!target && !sessionValue) return undefined;
    const id = this.nextId++;
    this.facts.sessions.push({
      id, api: 'Enter-PSSession', span: spanOf(cmd), target, statement: statementOf(cmd, this.up),
      appendAt: sessionValue?.k === 'psSession' ? sessionValue.appendAt : sessionValue ? undefined : cmd.endIndex,
      credssp: this.credsspOf(b, ctx) ?? (sessionValue?.k === 'psSession' ? sessionValue.credssp : undefined),
    });
    return id;
  }

  private forEachObject(b: Binding<HashEntry>, ctx: Ctx, input: Value | undefined): Value {
    const block = b.named.get('Process');
    if (block?.arg && 'node' in block.arg) {
      const u = unwrap(block.arg.node);
      if (u.type === 'script_block_expression') {
        const env = new Env(ctx.env);
        if (input) {
          env.set('_', { value: input, span: spanOf(u), written: '$_' });
          env.set('psitem', { value: input, span: spanOf(u), written: '$PSItem' });
        }
        this.walkBlock(u, { ...ctx, env });
      }
    }
    for (const p of ['Begin', 'End']) {
      const x = b.named.get(p);
      if (x?.arg && 'node' in x.arg) this.walkBlock(unwrap(x.arg.node), { ...ctx, env: new Env(ctx.env) });
    }
    return this.unknown('the output of ForEach-Object', block?.span ?? { start: 0, end: 0 });
  }

  // ---- calls -------------------------------------------------------------------------------

  private recordWmiCall(method: string, span: Span, callNode: Node, obj: Value & { k: 'wmi' }, ctx: Ctx, args: Expr[], argSpans?: Span[]): void {
    const call: ClusterCall = {
      method, via: 'wmi', span, callSpan: spanOf(callNode), connection: obj.conn, session: ctx.session, args, argSpans, trace: obj.trace,
      statement: statementOf(callNode, this.up), standalone: isStandalone(callNode, this.up),
    };
    this.facts.calls.push(call);
  }

  private recordCmdlet(cmdlet: string, nameNode: Node, cmd: Node, b: Binding<HashEntry>, ctx: Ctx): void {
    const args: Expr[] = [];
    for (const p of ['Name', 'Node', 'StaticAddress', 'Cluster']) {
      const e = this.argExpr(b, p, ctx);
      if (e) args.push(e);
    }
    this.facts.calls.push({
      method: cmdlet, via: 'cmdlet', span: spanOf(nameNode), callSpan: spanOf(cmd), session: ctx.session, args, trace: [],
      statement: statementOf(cmd, this.up), standalone: true,
    });
  }

  private recordCallSite(fn: string, cmd: Node, elements: ReturnType<typeof commandElements>, ctx: Ctx): void {
    const args: { name?: string; value: Expr }[] = [];
    for (let i = 0; i < elements.length; i++) {
      const e = elements[i];
      if (e.kind === 'splat') {
        const v = ctx.env.get(e.name)?.value;
        if (v?.k === 'hash') for (const entry of v.entries.values()) args.push({ name: entry.key.toLowerCase(), value: asExpr(entry.value, entry.valueSpan) });
        continue;
      }
      if (e.kind === 'param') {
        const valueArg = e.colonValue ?? (elements[i + 1]?.kind === 'arg' ? (elements[++i] as { value: ArgValue }).value : undefined);
        const value: Expr = valueArg ? asExpr(this.evalArg(valueArg, ctx), argSpan(valueArg)) : { kind: 'text', value: 'True', span: e.span };
        args.push({ name: e.name, value });
        continue;
      }
      args.push({ value: asExpr(this.evalArg(e.value, ctx), argSpan(e.value)) });
    }
    this.facts.callSites.push({ fn, span: spanOf(cmd), args });
  }

  // ---- expressions -------------------------------------------------------------------------

  private evalExpr(n: Node, ctx: Ctx): Value {
    // Pathologically deep nesting (fuzzed or generated code) is not followed: no stack overflow.
    if (this.depth > MAX_DEPTH) return this.unknown('an expression nested too deeply', spanOf(n));
    if ((++this.steps & 255) === 0) check(this.options.deadline);
    this.depth++;
    try {
      return this.evalExprAt(n, ctx);
    } finally {
      this.depth--;
    }
  }

  private evalExprAt(n: Node, ctx: Ctx): Value {
    const span = spanOf(n);
    switch (n.type) {
      case 'verbatim_string_characters':
      case 'verbatim_here_string_characters':
        return { k: 'expr', e: { kind: 'text', value: verbatimText(n) ?? n.text, span } };
      case 'expandable_string_literal':
      case 'expandable_here_string_literal':
        return { k: 'expr', e: this.expandable(n, ctx) };
      case 'generic_token':
      case 'decimal_integer_literal':
      case 'hexadecimal_integer_literal':
      case 'real_literal':
      case 'simple_name':
      case 'command_name':
        return { k: 'expr', e: { kind: 'text', value: n.text, span } };
      case 'variable':
      case 'braced_variable':
        return this.lookup(n, ctx);
      case 'array_literal_expression': {
        const items = namedChildren(n).map((c) => this.evalExpr(unwrap(c), ctx));
        const wmi = items.find((v) => v.k === 'wmi');
        if (wmi) return wmi;
        return { k: 'expr', e: { kind: 'list', items: items.map((v, i) => asExpr(v, spanOf(namedChildren(n)[i]))), span } };
      }
      case 'array_expression':
      case 'sub_expression':
      case 'parenthesized_expression': {
        let last: Value = NONE;
        for (const c of namedChildren(n)) {
          if (c.type === 'statement_list') for (const s of namedChildren(c)) last = s.type === 'pipeline' ? this.evalPipeline(s, ctx) : (this.walkStatement(s, ctx), NONE);
          else last = this.evalPipeline(c, ctx);
        }
        return last;
      }
      case 'hash_literal_expression': return this.hash(n, ctx);
      case 'script_block_expression': return { k: 'block', node: n, env: ctx.env };
      case 'cast_expression': return this.cast(n, ctx);
      case 'expression_with_unary_operator': {
        const kids = namedChildren(n);
        if (n.text.startsWith(',') && kids.length === 1) {
          const v = this.evalExpr(unwrap(kids[0]), ctx);
          return v.k === 'expr' ? { k: 'expr', e: { kind: 'list', items: [v.e], span } } : v;
        }
        return kids.length ? this.evalExpr(unwrap(kids[kids.length - 1]), ctx) : NONE;
      }
      case 'member_access': return this.memberAccess(n, ctx);
      case 'element_access': {
        const kids = namedChildren(n);
        const base = kids[0] ? this.evalExpr(unwrap(kids[0]), ctx) : NONE;
        for (const k of kids.slice(1)) this.evalExpr(unwrap(k), ctx);
        if (base.k === 'hash' && kids[1]) {
          const key = this.evalExpr(unwrap(kids[1]), ctx);
          const t = key.k === 'expr' ? staticText(key.e) : undefined;
          return (t !== undefined ? base.entries.get(t.toLowerCase())?.value : undefined) ?? NONE;
        }
        return base;
      }
      case 'invokation_expression': return this.invocation(n, ctx);
      case 'additive_expression': return this.additive(n, ctx);
      case 'format_expression': return this.format(n, ctx);
      case 'pipeline':
      case 'pipeline_chain':
      case 'assignment_expression':
        return this.evalPipeline(n, ctx);
      case 'command': return this.evalCommand(n, ctx, undefined);
      default: {
        // Not a value we model; still look inside for calls (conditions, arguments, operators).
        for (const c of namedChildren(n)) {
          if (c.type === 'statement_block' || c.type === 'script_block') this.walkChildren(c, ctx);
          else this.evalExpr(unwrap(c), ctx);
        }
        return this.unknown('an expression hopcheck does not evaluate', span);
      }
    }
  }

  private lookup(n: Node, ctx: Ctx): Value {
    const span = spanOf(n);
    const raw = n.text;
    if (/^\$env:computername$/i.test(raw) || /^\$\{env:computername\}$/i.test(raw)) {
      return { k: 'expr', e: { kind: 'local', why: '$env:COMPUTERNAME', span } };
    }
    if (/^\$env:/i.test(raw)) return this.unknown(`the environment variable ${raw}`, span);
    const name = variableName(raw);
    if (name === 'true' || name === 'false' || name === 'null') return { k: 'expr', e: { kind: 'text', value: name === 'null' ? '' : name, span } };
    const b = ctx.env.get(name);
    if (!b) {
      const why = `${raw} is not assigned in this file`;
      return { k: 'expr', e: { kind: 'var', name: raw, span, value: { kind: 'unknown', why, span }, via: { span, message: why } } };
    }
    const via: TraceStep = { span: b.span, message: b.value.k === 'expr' && b.value.e.kind === 'param' ? `${b.written} is a parameter` : `${b.written} is assigned here` };
    switch (b.value.k) {
      case 'expr': return { k: 'expr', e: { kind: 'var', name: raw, span, value: b.value.e, via } };
      case 'wmi': return { ...b.value, trace: [{ span: b.span, message: `${b.written} holds the MSCluster_Cluster object from here` }, ...b.value.trace] };
      default: return b.value;
    }
  }

  private expandable(n: Node, ctx: Ctx): Expr {
    const parts: Expr[] = [];
    const body = n.text;
    const isHere = body.startsWith('@');
    const open = isHere ? 2 : 1;
    let pos = n.startIndex + open;
    const end = n.endIndex - (isHere ? 2 : 1);
    const literal = (from: number, to: number) => {
      if (to > from) parts.push({ kind: 'text', value: unescapeExpandable(this.text.slice(from, to)), span: { start: from, end: to } });
    };
    for (const c of namedChildren(n)) {
      literal(pos, c.startIndex);
      const v = c.type === 'sub_expression' ? this.evalExpr(c, ctx) : this.evalExpr(unwrap(c), ctx);
      parts.push(asExpr(v, spanOf(c)));
      pos = c.endIndex;
    }
    literal(pos, end);
    if (parts.length === 1 && parts[0].kind === 'text') return { ...parts[0], span: spanOf(n) };
    return { kind: 'concat', parts, span: spanOf(n) };
  }

  private hash(n: Node, ctx: Ctx): Value {
    const entries = new Map<string, HashEntry>();
    // Only this hashtable's own entries (children of its body): nested tables are values.
    const body = childOfType(n, 'hash_literal_body');
    for (const e of body ? namedChildren(body) : []) {
      if (e.type !== 'hash_entry') continue;
      const kids = namedChildren(e);
      const keyNode = kids.find((k) => k.type === 'key_expression');
      const valueNode = kids.find((k) => k.type !== 'key_expression');
      if (!keyNode || !valueNode) continue;
      const keyValue = this.evalExpr(unwrap(keyNode), ctx);
      const key = keyValue.k === 'expr' ? staticText(keyValue.e) : undefined;
      if (!key) continue;
      entries.set(key.toLowerCase(), { key, keySpan: spanOf(keyNode), value: this.evalPipeline(valueNode, ctx), valueSpan: spanOf(valueNode) });
    }
    return { k: 'hash', entries };
  }

  private cast(n: Node, ctx: Ctx): Value {
    const kids = namedChildren(n);
    const type = kids.find((k) => k.type === 'type_literal')?.text.toLowerCase().replace(/\s/g, '') ?? '';
    const operandNode = kids.find((k) => k.type !== 'type_literal');
    const operand = operandNode ? this.evalExpr(unwrap(operandNode), ctx) : NONE;
    const span = spanOf(n);
    const bare = type.replace(/^\[|\]$/g, '').replace(/^system\.management\./, '');
    if (operand.k !== 'expr') return operand;
    switch (bare) {
      case 'wmiclass':
      case 'wmi':
      case 'managementclass':
      case 'managementobject':
        return this.wmiFromPath(operand.e, undefined, undefined, span, `[${bare}]`);
      case 'wmisearcher':
      case 'managementobjectsearcher':
        return { k: 'searcher', query: operand.e, span };
      default:
        return operand;
    }
  }

  private memberAccess(n: Node, ctx: Ctx): Value {
    const kids = namedChildren(n);
    const baseNode = kids[0];
    const member = childOfType(n, 'member_name')?.text.toLowerCase() ?? '';
    if (baseNode?.type === 'type_literal') {
      const type = baseNode.text.toLowerCase().replace(/\s/g, '');
      if (/^\[(system\.)?environment\]$/.test(type) && member === 'machinename') {
        return { k: 'expr', e: { kind: 'local', why: '[Environment]::MachineName', span: spanOf(n) } };
      }
      return this.unknown(`${n.text}`, spanOf(n));
    }
    const base = baseNode ? this.evalExpr(unwrap(baseNode), ctx) : NONE;
    if (base.k === 'wmi' && (member === 'psbase' || member === 'baseobject' || member === 'psobject')) return base;
    if (base.k === 'hash') return base.entries.get(member)?.value ?? NONE;
    if (base.k === 'searcher' && member === 'scope') {
      base.scope ??= { k: 'scope', span: base.span };
      return base.scope;
    }
    return this.unknown(`the property ${n.text}`, spanOf(n));
  }

  private invocation(n: Node, ctx: Ctx): Value {
    const kids = namedChildren(n);
    const baseNode = kids[0];
    const memberNode = childOfType(n, 'member_name');
    const argList = childOfType(n, 'argument_list');
    const argNodes = argList ? ctorArgs(argList) : [];
    const member = memberNode?.text.toLowerCase() ?? '';
    if (baseNode?.type === 'type_literal') {
      const type = baseNode.text.toLowerCase().replace(/\s/g, '');
      if (/^\[(system\.)?net\.dns\]$/.test(type) && member === 'gethostname') {
        return { k: 'expr', e: { kind: 'local', why: '[System.Net.Dns]::GetHostName()', span: spanOf(n) } };
      }
      const args = argNodes.map((a) => ({ value: this.evalExpr(unwrap(a), ctx), span: spanOf(a) }));
      if (member === 'new') return this.construct(type, args, spanOf(n));
      return this.unknown(n.text, spanOf(n));
    }
    const base = baseNode ? this.evalExpr(unwrap(baseNode), ctx) : NONE;
    const args = argNodes.map((a) => this.evalExpr(unwrap(a), ctx));
    if (base.k === 'wmi' && memberNode) {
      const method = methodOf(member);
      if (method && base.cluster) {
        this.recordWmiCall(method, spanOf(memberNode), n, base, ctx, args.map((a, i) => asExpr(a, spanOf(argNodes[i]))), argNodes.map(spanOf));
        return NONE;
      }
      if (member === 'invokemethod' && base.cluster && argNodes[0]) {
        const nameNode = unwrap(argNodes[0]);
        const name = args[0]?.k === 'expr' ? staticText(args[0].e) : undefined;
        const m = name ? methodOf(name) : undefined;
        if (m) {
          const rest = args[1] ? listItems(args[1], spanOf(argNodes[1])) : [];
          this.recordWmiCall(m, stringContentSpan(nameNode), n, base, ctx, rest);
        }
        return NONE;
      }
      if (member === 'getinstances' || member === 'get') return base;
    }
    if (base.k === 'searcher' && member === 'get') return this.searcherResults(base, spanOf(n));
    return this.unknown(`the result of ${n.text.slice(0, 60)}`, spanOf(n));
  }

  private additive(n: Node, ctx: Ctx): Value {
    const kids = n.children.filter((c): c is Node => c !== null);
    const ops = kids.filter((c) => !c.isNamed).map((c) => c.text);
    const values = namedChildren(n).map((c) => this.evalExpr(unwrap(c), ctx));
    if (ops.every((o) => o === '+') && values.every((v) => v.k === 'expr')) {
      return { k: 'expr', e: { kind: 'concat', parts: values.map((v) => (v as { e: Expr }).e), span: spanOf(n) } };
    }
    return this.unknown('arithmetic', spanOf(n));
  }

  /** `'\\{0}\root\MSCluster' -f $node` with a literal format string. */
  private format(n: Node, ctx: Ctx): Value {
    const kids = namedChildren(n).filter((c) => c.type !== 'format_operator');
    if (kids.length !== 2) return this.unknown('a format expression', spanOf(n));
    const fmt = this.evalExpr(unwrap(kids[0]), ctx);
    const argsV = this.evalExpr(unwrap(kids[1]), ctx);
    const template = fmt.k === 'expr' ? staticText(fmt.e) : undefined;
    if (template === undefined || argsV.k !== 'expr' || fmt.k !== 'expr') return this.unknown('a format expression', spanOf(n));
    const fmtSpan = fmt.e.span;
    const items = argsV.e.kind === 'list' ? argsV.e.items : [argsV.e];
    const parts: Expr[] = [];
    let last = 0;
    const re = /\{(\d+)(?:[,:][^}]*)?\}/g;
    for (let m = re.exec(template); m; m = re.exec(template)) {
      if (m.index > last) parts.push({ kind: 'text', value: template.slice(last, m.index), span: fmtSpan });
      parts.push(items[Number(m[1])] ?? { kind: 'unknown', why: 'a missing format argument', span: spanOf(n) });
      last = m.index + m[0].length;
    }
    if (last < template.length) parts.push({ kind: 'text', value: template.slice(last), span: fmtSpan });
    return { k: 'expr', e: { kind: 'concat', parts, span: spanOf(n) } };
  }
}

// ---- helpers -------------------------------------------------------------------------------

/** Fix ranges of a connection opened by a cmdlet: where to append, the -ComputerName to remove, -Impersonation. */
function cmdletEdit(cmd: Node, b: Binding<HashEntry>, delegationStyle?: ConnectionEdit['delegationStyle']): ConnectionEdit {
  const target = b.named.get('ComputerName');
  const imp = b.named.get('Impersonation');
  return {
    appendAt: cmd.endIndex,
    delegationStyle,
    targetParam: target?.nameSpan && target.span ? { start: target.nameSpan.start, end: target.span.end } : undefined,
    impersonation: imp?.arg ? argSpan(imp.arg) : undefined,
  };
}

const STATEMENT_PARENTS = new Set(['statement_list', 'program', 'script_block_body', 'statement_block']);

/** The statement a node belongs to (the pipeline directly in a statement list). */
function statementOf(n: Node, up: Up): Span {
  let cur = n;
  for (let p = up(cur); p && !STATEMENT_PARENTS.has(p.type); p = up(cur)) cur = p;
  return spanOf(cur);
}

/** Node.parent, or a faster equivalent (top-index.ts). */
type Up = (n: Node) => Node | null;

/** Can a command replace this expression as it stands (a pipeline stage, a statement or an assigned value)? */
function isStandalone(n: Node, up: Up): boolean {
  let cur = n;
  for (;;) {
    const p = up(cur);
    if (!p) return true;
    if (p.type === 'pipeline_chain' || p.type === 'pipeline' || p.type === 'assignment_expression' || STATEMENT_PARENTS.has(p.type)) return true;
    if (namedChildren(p).length !== 1 || p.type === 'parenthesized_expression' || p.type === 'sub_expression' || p.type === 'array_expression') {
      return p.type === 'parenthesized_expression' || p.type === 'sub_expression';
    }
    cur = p;
  }
}

/** The statements of a script block, for moving one of them out. */
function blockStatements(block: Node): Span[] {
  const list = block.descendantsOfType('statement_list')[0];
  return list ? namedChildren(list).map(spanOf) : [];
}

/**
 * Every function definition, found from the keyword in the text: descendantsOfType walks all of a
 * long script's nodes in wasm (tens of milliseconds), the keyword search touches only the definitions.
 */
function functionStatements(index: TopIndex, text: string): Node[] {
  const out = new Map<number, Node>();
  const searched = new Set<number>();
  for (const m of text.matchAll(/(?<![-\w$.])(?:function|filter|workflow)\s+[^\s{(]/gi)) { // the keyword and a name, not `-Filter x`
    const top = index.statementAt(m.index)?.node;
    if (!top || searched.has(top.startIndex)) continue;
    searched.add(top.startIndex); // nested definitions too, searched within this statement only
    if (top.type === 'function_statement') out.set(top.startIndex, top);
    for (const f of top.descendantsOfType('function_statement')) if (f) out.set(f.startIndex, f);
  }
  return [...out.values()].sort((a, b) => a.startIndex - b.startIndex);
}

/** The consecutive statements around `k` that need recovery (comments between them do not break a run), as one region. */
function recoveryRun(k: Node): Span {
  let first = k;
  let last = k;
  for (let p = k.previousNamedSibling; p; p = p.previousNamedSibling) {
    if (p.type === 'comment') continue;
    if (!needsRecovery(p)) break;
    first = p;
  }
  for (let n = k.nextNamedSibling; n; n = n.nextNamedSibling) {
    if (n.type === 'comment') continue;
    if (!needsRecovery(n)) break;
    last = n;
  }
  return { start: first.startIndex, end: last.endIndex };
}

/** A statement the grammar could not read properly: re-read it line by line (see recover.ts). */
function needsRecovery(n: Node): boolean {
  if (n.type === 'ERROR' || n.isMissing) return true;
  if (!n.hasError) return false;
  if (n.type === 'pipeline') return true;
  // A compound statement is walked normally unless its own head is broken.
  return namedChildren(n).some((c) => c.type === 'ERROR' || c.isMissing);
}

/** Suppression comments, and SuppressMessageAttribute('hopcheck/HOPnnn', '') on a function or the script's param block. */
function suppressionsOf(index: TopIndex, text: string): Suppression[] {
  // Both forms name "hopcheck": look only at the comments and attributes of the statements holding that word.
  const comments = new Map<number, Node>();
  const attributes = new Map<number, Node>();
  const searched = new Set<number>();
  for (const m of text.matchAll(/hopcheck/gi)) {
    const top = index.statementAt(m.index)?.node;
    if (!top || searched.has(top.startIndex)) continue;
    searched.add(top.startIndex);
    for (const c of top.type === 'comment' ? [top] : top.descendantsOfType('comment')) if (c) comments.set(c.startIndex, c);
    for (const a of top.descendantsOfType('attribute')) if (a) attributes.set(a.startIndex, a);
  }
  const out: Suppression[] = [];
  for (const c of [...comments.values()].sort((a, b) => a.startIndex - b.startIndex)) {
    const s = commentSuppression(c.text, spanOf(c), text);
    if (s) out.push(s);
  }
  for (const a of [...attributes.values()].sort((x, y) => x.startIndex - y.startIndex)) {
    if (!/suppressmessage(attribute)?$/i.test(childOfType(a, 'attribute_name')?.text ?? '')) continue;
    const first = a.descendantsOfType('attribute_argument')[0];
    const id = first ? /^['"]?hopcheck(?:\/(HOP\d{3}))?['"]?$/i.exec(first.text.trim()) : null;
    if (!id) continue;
    // The attribute covers the function it sits in, or the whole script when on the script's param block.
    let scope: Node | null = index.parentOf(a);
    while (scope && scope.type !== 'function_statement' && scope.type !== 'program') scope = index.parentOf(scope);
    const range = !scope || scope.type === 'program' ? { start: 0, end: text.length } : spanOf(scope);
    out.push({ codes: id[1] ? [id[1].toUpperCase()] : [], range, source: spanOf(a) });
  }
  return out;
}

function errorSpans(root: Node): Span[] {
  const out: Span[] = [];
  const stack: Node[] = [root]; // iterative: a fuzzed tree can be deeper than the call stack
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'ERROR' || n.isMissing) { out.push(spanOf(n)); continue; }
    if (!n.hasError) continue;
    for (const c of n.children) if (c) stack.push(c);
  }
  return out.sort((a, b) => a.start - b.start);
}

function argSpan(a: ArgValue): Span {
  return 'node' in a ? spanOf(a.node) : a.span;
}

/** The method name of `-Name EvictNode` / `-MethodName 'EvictNode'`, without quotes. */
function argNameSpan(a: ArgValue): Span {
  return 'node' in a ? stringContentSpan(unwrap(a.node)) : a.span;
}

function isBoundElsewhere(b: Binding<HashEntry>, a: ArgValue): boolean {
  for (const x of b.named.values()) if (x.arg === a) return true;
  return false;
}

/** The items of a constructor/method argument list `(a, b)` or an array `a, b`. */
function ctorArgs(n: Node): Node[] {
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

function listItems(v: Value, span: Span): Expr[] {
  if (v.k !== 'expr') return [];
  const e = v.e.kind === 'var' ? v.e.value : v.e;
  return e.kind === 'list' ? e.items : [asExpr(v, span)];
}

function isDelegateText(t: string): boolean {
  return /delegate/i.test(t) || t.trim() === '4';
}

/** A call analysed both where its script block was written and inside a remote session keeps the remote one. */
function dedupeCalls(calls: ClusterCall[]): ClusterCall[] {
  const byKey = new Map<string, ClusterCall>();
  for (const c of calls) {
    const key = `${c.span.start}:${c.method}`;
    const prev = byKey.get(key);
    if (!prev || (prev.session === undefined && c.session !== undefined)) byKey.set(key, c);
  }
  return [...byKey.values()].sort((a, b) => a.span.start - b.span.start);
}
