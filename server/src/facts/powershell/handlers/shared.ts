// What several command handlers read the same way: delegation and CredSSP requests, targets that
// cannot be named, the ranges a fix edits, the node a fix of a pipeline-fed call rewrites.
import type { Node } from '../../../parse/powershell';
import type { ConnectionEdit, Expr, Span, TraceStep } from '../../model';
import type { Binding } from '../commands';
import type { Ctx, PsInterpreter } from '../interpreter';

import { spanOf, type ArgValue } from '../syntax';
import { argSpan } from '../tree';
import { asExpr, sketchText, type HashEntry, type Value } from '../values';
import { argText, argValue } from '../arguments';

export const isDelegateText = (t: string): boolean => /delegate/i.test(t) || t.trim() === '4';

export const DELEGATE_REQUESTED = 'impersonation level Delegate is requested here';

/** A step of a trace at a bound parameter as written, from its `-Name` through its value. */
export function paramStep(b: Binding<HashEntry>, param: string, message: string): TraceStep | undefined {
  const a = b.named.get(param);
  if (!a) return undefined;
  const start = (a.nameSpan ?? a.span ?? { start: 0 }).start;
  return { span: { start, end: (a.span ?? a.nameSpan ?? { end: start }).end }, message };
}

/** `-Impersonation Delegate` (or 4), as an argument or through a variable. */
export function delegationOf(it: PsInterpreter, b: Binding<HashEntry>, param: string, ctx: Ctx): TraceStep | undefined {
  const a = b.named.get(param);
  if (!a) return undefined;
  const v = argValue(it, b, param, ctx);
  const rawText = a.arg && 'node' in a.arg ? a.arg.node.text : a.arg && 'text' in a.arg ? a.arg.text : '';
  const text = v?.k === 'expr' ? sketchText(v.e) : '';
  if (!isDelegateText(text) && !isDelegateText(rawText)) return undefined;
  return paramStep(b, param, DELEGATE_REQUESTED);
}

/** `-Authentication CredSSP`. */
export function credsspOf(it: PsInterpreter, b: Binding<HashEntry>, ctx: Ctx): TraceStep | undefined {
  const a = b.named.get('Authentication');
  if (!a) return undefined;
  const t = argText(it, b, 'Authentication', ctx) ?? '';
  if (!/^credssp$/i.test(t.trim())) return undefined;
  return paramStep(b, 'Authentication', 'CredSSP delegates the caller\'s credentials to the remote computer');
}

/** -ConnectionUri / -VMName / -HostName / -ContainerId name a machine hopcheck cannot classify by name. */
export function unknownTarget(b: Binding<HashEntry>, cmd: Node): Expr | undefined {
  for (const p of ['ConnectionUri', 'VMName', 'HostName', 'ContainerId']) {
    const a = b.named.get(p);
    if (a) return { kind: 'unknown', why: `-${p}`, span: a.span ?? spanOf(cmd) };
  }
  return undefined;
}

/** Fix ranges of a connection opened by a cmdlet: where to append, the -ComputerName to remove, -Impersonation. */
export function cmdletEdit(cmd: Node, b: Binding<HashEntry>, delegationStyle?: ConnectionEdit['delegationStyle']): ConnectionEdit {
  const target = b.named.get('ComputerName');
  const imp = b.named.get('Impersonation');
  return {
    appendAt: cmd.endIndex,
    delegationStyle,
    targetParam: target?.nameSpan && target.span ? { start: target.nameSpan.start, end: target.span.end } : undefined,
    impersonation: imp?.arg ? argSpan(imp.arg) : undefined,
  };
}

/** What a fix of a method-invoking command rewrites: the whole pipeline when the command is fed by one. */
export function wholeCall(it: PsInterpreter, cmd: Node, input: Value | undefined): Node {
  const parent = input !== undefined ? cmd.parent : null;
  return parent?.type === 'pipeline_chain' ? parent : cmd;
}

/** The items of a list value (`-ArgumentList a, b`), or the value itself. */
export function listItems(v: Value, span: Span): Expr[] {
  if (v.k !== 'expr') return [];
  const e = v.e.kind === 'var' ? v.e.value : v.e;
  return e.kind === 'list' ? e.items : [asExpr(v, span)];
}

/** Was this positional argument bound to a parameter already? */
export function isBoundElsewhere(b: Binding<HashEntry>, a: ArgValue): boolean {
  for (const x of b.named.values()) if (x.arg === a) return true;
  return false;
}
