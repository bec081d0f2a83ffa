// System.Management objects built by hand: New-Object (and `[type]::new(…)`) of ManagementClass,
// ManagementObject, ManagementScope, ManagementObjectSearcher, ManagementPath and ConnectionOptions,
// and the properties scripts set on them afterwards (`$opts.Impersonation = 'Delegate'`).
import type { Node } from '../../../parse/powershell';
import type { Expr, Span } from '../../model';
import type { PsInterpreter } from '../interpreter';
import { spanOf, unwrap } from '../syntax';
import { ctorArgs } from '../tree';
import { NONE, sketchText, type Value } from '../values';
import type { BoundCall, CommandHandler } from './index';
import { DELEGATE_REQUESTED, isDelegateText } from './shared';
import { wmiFromPath } from './wmi';
import { argText, argValue } from '../arguments';

/** A constructor argument, evaluated, and where it is written. */
export interface CtorArg { value: Value; span: Span }

function newObject(it: PsInterpreter, { cmd, b, ctx }: BoundCall): Value {
  const type = (argText(it, b, 'TypeName', ctx) ?? '').toLowerCase().replace(/^system\.management\./, '');
  const argsBound = b.named.get('ArgumentList');
  const args: CtorArg[] = [];
  if (argsBound?.arg && 'node' in argsBound.arg) {
    for (const item of ctorArgs(argsBound.arg.node)) args.push({ value: it.evalExpr(unwrap(item), ctx), span: spanOf(item) });
  } else if (argsBound?.splat) {
    args.push({ value: argsBound.splat.value, span: argsBound.splat.valueSpan });
  }
  return construct(it, type, args, spanOf(cmd), argValue(it, b, 'Property', ctx));
}

export const OBJECT_HANDLERS: Record<string, CommandHandler> = {
  'New-Object': newObject,
};

/** The objects of System.Management that open or describe a WMI connection (`type` as written, any case). */
export function construct(it: PsInterpreter, type: string, args: CtorArg[], span: Span, props?: Value): Value {
  const t = type.replace(/^\[|\]$/g, '').toLowerCase().replace(/^system\.management\./, '');
  const exprArg = (i: number) => (args[i]?.value.k === 'expr' ? (args[i].value as { e: Expr }).e : undefined);
  switch (t) {
    case 'connectionoptions': {
      const imp = props?.k === 'hash' ? props.entries.get('impersonation') : undefined;
      const delegation = imp && imp.value.k === 'expr' && isDelegateText(sketchText(imp.value.e))
        ? { span: imp.valueSpan, message: DELEGATE_REQUESTED } : undefined;
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
      if (first?.k === 'scope') return wmiFromPath(it, first.path, exprArg(1), first.options?.delegation, span, `New-Object ${type}`);
      const path = exprArg(0);
      if (!path) return NONE;
      return wmiFromPath(it, path, undefined, undefined, span, `New-Object ${type}`);
    }
    default: return NONE;
  }
}

/** `$holder.a.b = value` (`chain` is `['a', 'b']`, lower case): options, scopes and searchers take what they describe. */
export function setProperty(holder: Value, chain: string[], value: Value, stmt: Node): void {
  const last = chain.at(-1);
  const delegate = value.k === 'expr' && isDelegateText(sketchText(value.e)) || /delegate/i.test(stmt.text.split('=').slice(1).join('='));
  if (holder.k === 'options' && last === 'impersonation' && delegate) {
    holder.delegation = { span: spanOf(stmt), message: DELEGATE_REQUESTED };
  } else if (holder.k === 'scope') {
    if (last === 'path' && value.k === 'expr') holder.path = value.e;
    if (last === 'options' && value.k === 'options') holder.options = value;
    if (chain.join('.') === 'options.impersonation' && delegate) {
      holder.options = { k: 'options', dcom: true, delegation: { span: spanOf(stmt), message: DELEGATE_REQUESTED } };
    }
  } else if (holder.k === 'searcher') {
    if (last === 'scope' && value.k === 'scope') holder.scope = value;
    if (chain.join('.') === 'scope.path' && value.k === 'expr') holder.scope = { k: 'scope', path: value.e, span: spanOf(stmt) };
    if (last === 'query' && value.k === 'expr') holder.query = value.e;
  }
}

/** `$searcher.Scope`: a searcher's scope, created on first use so `.Scope.Path = …` has somewhere to go. */
export function memberOfObject(base: Value, member: string): Value | undefined {
  if (base.k === 'searcher' && member === 'scope') {
    base.scope ??= { k: 'scope', span: base.span };
    return base.scope;
  }
  return undefined;
}
