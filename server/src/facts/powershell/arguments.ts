// Reading a bound command's arguments, for the interpreter and the command handlers: the value of a
// parameter (from the command line or a splatted hashtable) as a value, an expression or plain text,
// and the arguments of commands hopcheck does not bind.
import type { Binding } from './commands';
import type { Ctx, PsInterpreter } from './interpreter';
import type { CommandElement } from './syntax';
import { unwrap } from './syntax';
import { asExpr, pipelineScope, staticText, type HashEntry, type Value } from './values';
import type { Expr } from '../model';

/** The value bound to a parameter, from the command line or from a splatted hashtable. */
export function argValue(it: PsInterpreter, b: Binding<HashEntry>, param: string, ctx: Ctx): Value | undefined {
  const a = b.named.get(param);
  if (!a) return undefined;
  if (a.splat) return a.splat.value;
  if (a.arg) return it.evalArg(a.arg, ctx);
  return { k: 'expr', e: { kind: 'text', value: 'True', span: a.span ?? { start: 0, end: 0 } } }; // a switch
}

export function argExpr(it: PsInterpreter, b: Binding<HashEntry>, param: string, ctx: Ctx): Expr | undefined {
  const v = argValue(it, b, param, ctx);
  const a = b.named.get(param);
  return v ? asExpr(v, a?.span ?? { start: 0, end: 0 }) : undefined;
}

export function argText(it: PsInterpreter, b: Binding<HashEntry>, param: string, ctx: Ctx): string | undefined {
  const e = argExpr(it, b, param, ctx);
  return e ? staticText(e) : undefined;
}

/**
 * Evaluates arguments we do not bind, so calls nested in them are still seen. Script blocks run
 * here when `runBlocks` or fed by the pipeline (`$_` is `input`), else later (they may be stored and invoked).
 */
export function scanArgs(it: PsInterpreter, elements: CommandElement[], ctx: Ctx, input?: Value, runBlocks = false): void {
  for (const e of elements) {
    const a = e.kind === 'arg' ? e.value : e.kind === 'param' ? e.colonValue : undefined;
    if (!a || !('node' in a)) continue;
    const u = unwrap(a.node);
    if (u.type === 'script_block_expression') {
      if (runBlocks || input) it.walkBlock(u, { ...ctx, env: pipelineScope(ctx.env, input, u) });
      else it.pendingBlocks.push({ node: u, env: ctx.env, session: ctx.session });
    } else {
      it.evalExpr(u, ctx);
    }
  }
}
