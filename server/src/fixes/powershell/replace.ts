// "Replace with <cmdlet>": rewrites a WMI/CIM call as the FailoverClusters cmdlet run from this
// machine, keeping the argument expressions as written. What the cmdlet is and how each argument maps
// is the method's `replacement` in the catalogue (spec §2); a method without one gets no such fix.
import { methodNamed } from '../../catalogue/derive';
import type { ReplacementArg } from '../../catalogue/index';
import type { Finding } from '../../rules/types';
import type { ResolvedCall } from '../../rules/context';
import type { Fix } from '../types';
import { slice } from '../text';
import { clusterArgument } from './cluster';

export function replaceWithCmdlet(f: Finding, text: string): Fix | undefined {
  const rc = f.context;
  if (!rc || rc.call.via !== 'wmi') return undefined;
  const cluster = clusterArgument(rc, text);
  const command = cmdletCommand(rc, text, cluster);
  if (!command) return undefined;
  return {
    title: `Replace with ${methodNamed(rc.call.method)!.replacement!.cmdlet} (run from this machine)`,
    isPreferred: true,
    edits: [{ span: rc.call.callSpan, newText: rc.call.standalone ? command : `(${command})` }],
  };
}

/**
 * The FailoverClusters command doing what the WMI call does, written per the catalogue's replacement
 * (`cluster` for its `target` argument); undefined if the method has none or a required argument is missing.
 */
export function cmdletCommand(rc: ResolvedCall, text: string, cluster: string | undefined): string | undefined {
  const call = rc.call;
  const method = methodNamed(call.method);
  if (!method?.replacement) return undefined;
  const at = (i: number) => call.argSpans?.[i] ?? call.args[i]?.span;
  const arg = (name: string) => {
    const sp = at(method.params.findIndex((p) => p.name === name));
    return sp ? commandArgument(slice(text, sp).trim()) : undefined;
  };
  let command = method.replacement.cmdlet;
  for (const a of method.replacement.args) {
    const written = argumentText(a, cluster, arg);
    if (written === undefined) return undefined;
    command += written;
  }
  return command;
}

/** One argument of the replacement as written (`''` when left out), or undefined when a required one is missing. */
function argumentText(a: ReplacementArg, cluster: string | undefined, arg: (name: string) => string | undefined): string | undefined {
  switch (a.kind) {
    case 'target': return cluster ? ` -${a.param} ${cluster}` : undefined;
    case 'switch': return ` -${a.param}`;
    case 'arg': {
      const v = arg(a.from);
      if (!v) return a.optional ? '' : undefined;
      if (a.skipNull && /^\$null$/i.test(v)) return '';
      const named = a.names && /^\d$/.test(v) ? a.names[Number(v)] : undefined;
      return ` -${a.param} ${named ?? v}`;
    }
    case 'flag': {
      const v = arg(a.from);
      if (v === undefined || /^\$false$/i.test(v) || v === '0') return '';
      return /^\$true$/i.test(v) ? ` -${a.param}` : ` -${a.param}:${v}`;
    }
  }
}

/**
 * An expression as a command argument: variables, strings, numbers and bracketed forms stand as they
 * are; a cast (`[uint32]1`) or anything with spaces outside quotes and brackets needs parentheses, or
 * PowerShell would read it as text.
 */
function commandArgument(expr: string): string {
  if (expr.startsWith('[')) return `(${expr})`;
  let depth = 0;
  let quote = '';
  for (const c of expr) {
    if (quote) { if (c === quote) quote = ''; continue; }
    if (c === "'" || c === '"') quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (/\s/.test(c) && depth === 0) return `(${expr})`;
  }
  return expr;
}
