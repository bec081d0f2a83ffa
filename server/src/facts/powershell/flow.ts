// Values across branches (spec §4): the arms of `if`/`elseif`/`else`, `switch` and `try`/`catch`/`finally`
// are alternatives, so after the statement a variable holds every value any arm assigned (and the
// value it had before, when an arm may leave it alone). A host that is remote in any arm is remote.
import type { Node } from '../../parse/powershell';
import type { Span } from '../model';
import type { Ctx, PsInterpreter } from './interpreter';
import { namedChildren, spanOf } from './syntax';
import { Env, type Value } from './values';
import { joinBindings, type Binding } from '../scope';

const BRANCHING = new Set(['if_statement', 'switch_statement', 'try_statement']);

export function isBranching(n: Node): boolean {
  return BRANCHING.has(n.type);
}

/**
 * Walks a branching statement: conditions in order in `ctx`, each arm in a scope of its own, then
 * joins what the arms assigned into `ctx.env`.
 */
export function walkArms(it: PsInterpreter, n: Node, ctx: Ctx): void {
  const arms: ReadonlyMap<string, Binding<Value>>[] = [];
  let exhaustive = false; // an `else`/`default`: some arm always runs
  const visit = (node: Node): void => {
    for (const c of namedChildren(node)) {
      if (c.type === 'statement_block') {
        const env = new Env(ctx.env);
        it.walkChildren(c, { ...ctx, env });
        arms.push(env.own());
      } else if (c.type === 'else_clause' || c.type === 'elseif_clauses' || c.type === 'elseif_clause' || c.type === 'switch_body'
        || c.type === 'switch_clauses' || c.type === 'switch_clause' || c.type === 'catch_clauses' || c.type === 'catch_clause' || c.type === 'finally_clause') {
        if (c.type === 'else_clause' || (c.type === 'switch_clause' && /^default\b/i.test(c.text))) exhaustive = true;
        visit(c);
      } else if (c.type === 'pipeline') {
        it.evalPipeline(c, ctx);
      } else if (c.type !== 'comment') {
        it.walkStatement(c, ctx);
      }
    }
  };
  visit(n);
  const names = new Set<string>();
  for (const a of arms) for (const k of a.keys()) names.add(k);
  for (const name of names) {
    const assigned = arms.map((a) => a.get(name)).filter((b): b is Binding<Value> => b !== undefined);
    const before = ctx.env.get(name);
    const all = assigned.length < arms.length || !exhaustive ? (before ? [before, ...assigned] : assigned) : assigned;
    ctx.env.set(name, join(it, all, spanOf(n)));
  }
}

/**
 * One binding holding every value: host expressions as a list (remote if any is), else the last object;
 * script blocks of other arms are run wherever the last one is (the interpreter's `alsoRun`).
 */
function join(it: PsInterpreter, bs: Binding<Value>[], span: Span): Binding<Value> {
  const chosen = joinBindings(bs, span, (v) => (v.k === 'expr' ? v.e : undefined), (e): Value => ({ k: 'expr', e }));
  if (bs.length > 1 && chosen.value.k === 'block') {
    const others = bs.map((b) => b.value).filter((v): v is Value & { k: 'block' } => v.k === 'block' && v !== chosen.value);
    if (others.length) it.alsoRun(chosen.value, others);
  }
  return chosen;
}
