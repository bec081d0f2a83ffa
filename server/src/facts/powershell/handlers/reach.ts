// Commands that reach another computer by themselves (the catalogue's `reaches` and `pathParams`, spec
// §9): nested remoting and CIM over WinRM, DCOM/RPC to -ComputerName, Active Directory, Cluster-Aware
// Updating, and UNC paths given to file commands, cluster cmdlets' path parameters and native tools.
// Each is recorded as a call (`via: 'hop'`) wherever it is written; the rules report it when it runs
// inside a remote session (HOP005, HOP006), so a script run by `Invoke-Command -FilePath` is covered too.
// Also Join-Path, so a UNC path built with it is still seen (`Join-Path '\\srv\share' x`).
import type { CommandEntry, ParamDef } from '../../../catalogue/index';
import type { Expr, SecondHop, Span } from '../../model';
import type { Binding, CommandSpec } from '../commands';
import type { Ctx, PsInterpreter } from '../interpreter';
import { spanOf, unwrap, type ArgValue } from '../syntax';
import { argSpan, statementOf } from '../tree';
import { asExpr, type HashEntry, type Value } from '../values';
import type { BoundCall, CommandCall, CommandHandler, PassHandler } from './index';
import { argExpr, argValue, scanArgs } from '../arguments';
import { paramStep } from './shared';

/** `\\server\…`, `//server/…`, `FileSystem::\\…` (not the local device paths `\\?\…` and `\\.\…`). */
const UNC = /^(?:microsoft\.powershell\.core\\)?(?:filesystem::)?(?:\\\\|\/\/)(?![?.][\\/])/i;
const PROVIDER = /^(?:microsoft\.powershell\.core\\)?filesystem::/i;

/** How deep a value is followed to find the text it starts with. */
const MAX_DEPTH = 24;

/** The literal text a value starts with, and whether that is all of it. */
function leadingText(e: Expr, depth = 0): { text: string; whole: boolean } {
  if (depth > MAX_DEPTH) return { text: '', whole: false };
  switch (e.kind) {
    case 'text': return { text: e.value, whole: true };
    case 'var': return leadingText(e.value, depth + 1);
    case 'param': return e.default ? leadingText(e.default, depth + 1) : { text: '', whole: false };
    case 'concat': {
      let text = '';
      for (const p of e.parts) {
        const r = leadingText(p, depth + 1);
        text += r.text;
        if (!r.whole) return { text, whole: false };
      }
      return { text, whole: true };
    }
    default: return { text: '', whole: false };
  }
}

/** The values of an argument that are UNC paths (each item of a list, each value of a variable). */
export function uncPaths(e: Expr, depth = 0): Expr[] {
  if (depth > MAX_DEPTH) return [];
  if (e.kind === 'list') return e.items.flatMap((i) => uncPaths(i, depth + 1));
  if (e.kind === 'var' && e.value.kind === 'list') return uncPaths(e.value, depth + 1);
  return UNC.test(leadingText(e).text) ? [e] : [];
}

/** The server of a UNC path, as an expression the resolver classifies (a provider prefix dropped). */
function serverOf(path: Expr): Expr {
  const lead = leadingText(path);
  // A bare-word argument is read as literal text, but PowerShell expands `$x` in it: its server is not known here.
  if (lead.whole && /^[^$]*?[\\/]{2}[^\\/]*[$(]/.test(lead.text)) return { kind: 'unknown', why: 'a variable inside a bare-word path', span: path.span };
  if (!PROVIDER.test(lead.text)) return { kind: 'hostOf', path, span: path.span };
  if (lead.whole) return { kind: 'hostOf', path: { kind: 'text', value: lead.text.replace(PROVIDER, ''), span: path.span }, span: path.span };
  const first = path.kind === 'concat' ? path.parts[0] : undefined;
  if (path.kind === 'concat' && first?.kind === 'text') {
    const parts = [{ ...first, value: first.value.replace(PROVIDER, '') }, ...path.parts.slice(1)];
    return { kind: 'hostOf', path: { ...path, parts }, span: path.span };
  }
  return { kind: 'hostOf', path, span: path.span };
}

/** Parameters read on commands hopcheck does not otherwise bind (Get-Content, Get-ADComputer, native tools). */
function looseSpec(entry: CommandEntry): CommandSpec {
  const reads = (entry.readsPath ?? []).map((name, i): ParamDef => (i === 0 ? { name, position: 0 } : { name }));
  return { name: entry.name, aliases: entry.aliases, params: [...reads, { name: 'ComputerName', aliases: ['Cn'] }, { name: 'Credential' }, { name: 'Server' }] };
}

/** Records what the command reaches by itself (before its own handler runs). */
export function recordReach(it: PsInterpreter, call: CommandCall, bound?: Binding<HashEntry>): void {
  const { entry, cmd, nameNode, elements, ctx } = call;
  // Only code that runs remotely can make a second hop (a script run by -FilePath is remote throughout).
  if ((!entry.reaches && !entry.pathParams) || (ctx.session === undefined && !it.options.remote)) return;
  const b = bound ?? it.bind(looseSpec(entry), elements, ctx);
  const credential = paramStep(b, 'Credential', `-Credential gives ${entry.name} explicit credentials for the other computer`);
  // Every ActiveDirectory cmdlet takes -Credential (Get-ADComputer is bound loosely, without the catalogue's list).
  const takesCredential = entry.reaches === 'directory' || (entry.params?.some((p) => p.name === 'Credential') ?? false);
  const push = (hop: Omit<SecondHop, 'credential' | 'takesCredential'>, span: Span) => {
    it.facts.calls.push({
      method: entry.name, via: 'hop', hop: { appendAt: cmd.endIndex, ...hop, credential, takesCredential },
      span, callSpan: spanOf(cmd), session: ctx.session, args: [], trace: [], statement: statementOf(cmd), standalone: true,
    });
  };
  // A cluster cmdlet's path parameter (`Test-Cluster -ReportName \\srv\share\r`): the cmdlet's own finding is HOP003.
  for (const p of entry.pathParams ?? []) {
    const a = b.named.get(p);
    if (a?.arg) for (const path of uncArgs(it, a.arg, ctx)) push({ kind: 'unc', target: serverOf(path.e) }, path.span);
  }
  switch (entry.reaches) {
    case undefined: return;
    case 'remoting':
    case 'dcom': {
      const target = argExpr(it, b, 'ComputerName', ctx) ?? positionalComputer(it, entry, b, ctx);
      if (!target) return;
      push({ kind: entry.reaches === 'remoting' && !overDcom(it, b, ctx) ? 'remoting' : 'dcom', target }, spanOf(nameNode));
      return;
    }
    case 'directory':
    case 'cau':
      push({ kind: entry.reaches }, spanOf(nameNode));
      return;
    case 'unc': {
      const values: ArgValue[] = [...[...b.named.values()].flatMap((a) => (a.arg ? [a.arg] : [])), ...b.rest];
      const reads = new Set(entry.readsPath?.flatMap((p) => { const a = b.named.get(p)?.arg; return a ? [a] : []; }));
      for (const v of values) {
        for (const path of uncArgs(it, v, ctx)) {
          const lead = leadingText(path.e);
          const readPath = reads.has(v) && lead.whole && path.e.kind === 'text' ? { span: path.span, path: lead.text } : undefined;
          push({ kind: 'unc', target: serverOf(path.e), readPath }, path.span);
        }
      }
    }
  }
}

/**
 * `Invoke-Command n2 { … }`: in its ComputerName parameter set the computer is position 0 (the catalogue
 * lists no positions for Invoke-Command, whose positions depend on the parameter set: sessions.ts reads
 * them the same way). Not when another parameter names where the block runs.
 */
function positionalComputer(it: PsInterpreter, entry: CommandEntry, b: Binding<HashEntry>, ctx: Ctx): Expr | undefined {
  if (entry.session !== 'invoke' || ['Session', 'VMName', 'VMId', 'ContainerId', 'HostName', 'ConnectionUri', 'FilePath'].some((p) => b.named.has(p))) return undefined;
  const first = b.rest[0];
  if (!first || ('node' in first && unwrap(first.node).type === 'script_block_expression')) return undefined;
  return asExpr(it.evalArg(first, ctx), argSpan(first));
}

/** New-CimSession with `-SessionOption (New-CimSessionOption -Protocol Dcom)`: DCOM, not WinRM. */
function overDcom(it: PsInterpreter, b: Binding<HashEntry>, ctx: Ctx): boolean {
  const opt = b.named.has('SessionOption') ? argValue(it, b, 'SessionOption', ctx) : undefined;
  return opt?.k === 'options' && opt.dcom;
}

/** The UNC paths an argument holds (script blocks are not evaluated here: their handler runs them). */
function uncArgs(it: PsInterpreter, a: ArgValue, ctx: Ctx): { e: Expr; span: Span }[] {
  if ('node' in a && unwrap(a.node).type === 'script_block_expression') return [];
  const span = argSpan(a);
  return uncPaths(asExpr(it.evalArg(a, ctx), span)).map((e) => ({ e, span: e.kind === 'var' ? span : e.span.end > e.span.start ? e.span : span }));
}

/** Commands of the `reach` family: record, then evaluate the arguments (calls nested in them are still seen). */
const reachBound: CommandHandler = (it, call: BoundCall): Value => {
  recordReach(it, call, call.b);
  scanArgs(it, call.elements, call.ctx);
  return it.unknown(`the output of ${call.nameNode.text}`, spanOf(call.cmd));
};
const reachPass: PassHandler = (it, call): Value => {
  recordReach(it, call);
  scanArgs(it, call.elements, call.ctx);
  return it.unknown(`the output of ${call.nameNode.text}`, spanOf(call.cmd));
};
export const REACH_BOUND = reachBound;
export const REACH_PASS = reachPass;

/** Join-Path: the path and child joined with `\` (the folding `Join-Path '\\srv\share' x` needs). */
function joinPath(it: PsInterpreter, { cmd, b, ctx }: BoundCall): Value {
  const path = argExpr(it, b, 'Path', ctx);
  const child = argExpr(it, b, 'ChildPath', ctx);
  if (!path) return it.unknown('the output of Join-Path', spanOf(cmd));
  const span = spanOf(cmd);
  const parts: Expr[] = [path];
  if (child) parts.push({ kind: 'text', value: '\\', span }, child);
  return { k: 'expr', e: { kind: 'concat', parts, span } };
}

export const PATH_HANDLERS: Record<string, CommandHandler> = { 'Join-Path': joinPath };
