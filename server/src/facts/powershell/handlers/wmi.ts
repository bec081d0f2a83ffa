// WMI over DCOM: Get-WmiObject and Invoke-WmiMethod, the [wmiclass]/[wmi]/[wmisearcher] accelerators,
// and the calls made on what they return (`.EvictNode(…)`, `.InvokeMethod('EvictNode', …)`, `.Get()`).
import type { Node } from '../../../parse/powershell';
import { methodNamed } from '../../../catalogue/derive';
import type { Expr, Span, TraceStep } from '../../model';
import { hostSpanIn } from '../../wmi';
import type { Ctx, PsInterpreter } from '../interpreter';
import { spanOf, stringContentSpan, unwrap } from '../syntax';
import { argNameSpan } from '../tree';
import {
  NONE, asExpr, classOfPath, classOfQuery, isClusterClass, isClusterNamespace, namespaceOfPath, sketchText, staticText, type Value,
} from '../values';
import type { BoundCall, CommandHandler } from './index';
import { cmdletEdit, delegationOf, listItems, wholeCall } from './shared';
import { argExpr, argText, argValue } from '../arguments';

/** `\\server\` or `//server/` at the start of a path. */
const SERVER_PREFIX = /^(\\\\|\/\/)/;

/** The catalogue's name of a cluster method written in any case. */
export const methodOf = (name: string): string | undefined => methodNamed(name)?.name;

function getWmiObject(it: PsInterpreter, { cmd, b, ctx, entry }: BoundCall): Value {
  const ns = argText(it, b, 'Namespace', ctx) ?? 'root\\cimv2';
  if (!isClusterNamespace(ns)) return it.unknown('WMI objects', spanOf(cmd));
  const query = argText(it, b, 'Query', ctx);
  const cls = argText(it, b, 'Class', ctx) ?? (query ? classOfQuery(query) : undefined);
  const conn = it.newConnection({
    api: entry.name, span: spanOf(cmd), transport: 'dcom', target: argExpr(it, b, 'ComputerName', ctx),
    delegation: delegationOf(it, b, 'Impersonation', ctx), edit: cmdletEdit(cmd, b, 'wmi-cmdlet'),
  });
  return { k: 'wmi', conn, cluster: isClusterClass(cls), trace: [] };
}

function invokeWmiMethod(it: PsInterpreter, { cmd, b, ctx, input, entry }: BoundCall): Value {
  const methodArg = b.named.get('Name');
  const method = methodArg ? argText(it, b, 'Name', ctx) : undefined;
  const known = method ? methodOf(method) : undefined;
  let obj = argValue(it, b, 'InputObject', ctx) ?? input;
  if (obj?.k !== 'wmi') {
    const path = argExpr(it, b, 'Path', ctx);
    const pathSketch = path ? sketchText(path) : undefined;
    const ns = pathSketch ? namespaceOfPath(pathSketch) : argText(it, b, 'Namespace', ctx) ?? 'root\\cimv2';
    const cls = pathSketch ? classOfPath(pathSketch) : argText(it, b, 'Class', ctx);
    if (!isClusterNamespace(ns.replace(/^\\\\[^\\]*/, '')) && !isClusterNamespace(ns)) return NONE;
    const inPath = path && SERVER_PREFIX.test(pathSketch ?? '');
    const conn = it.newConnection({
      api: entry.name, span: spanOf(cmd), transport: 'dcom',
      target: inPath ? { kind: 'hostOf', path, span: path.span } : argExpr(it, b, 'ComputerName', ctx),
      delegation: delegationOf(it, b, 'Impersonation', ctx),
      edit: { ...cmdletEdit(cmd, b, 'wmi-cmdlet'), hostInPath: inPath ? hostSpanIn(path, it.text) : undefined },
    });
    obj = { k: 'wmi', conn, cluster: isClusterClass(cls), trace: [] };
  }
  if (known && obj.cluster && methodArg?.arg) {
    const args = argValue(it, b, 'ArgumentList', ctx);
    it.recordWmiCall(known, argNameSpan(methodArg.arg), wholeCall(it, cmd, input), obj, ctx, args ? listItems(args, spanOf(cmd)) : []);
  }
  return NONE;
}

export const WMI_HANDLERS: Record<string, CommandHandler> = {
  'Get-WmiObject': getWmiObject,
  'Invoke-WmiMethod': invokeWmiMethod,
};

/** A class/object from a WMI path: `\\server\root\MSCluster:MSCluster_Cluster` (class may come separately). */
export function wmiFromPath(it: PsInterpreter, path: Expr | undefined, classExpr: Expr | undefined, delegation: TraceStep | undefined, span: Span, api: string): Value {
  if (!path) return NONE;
  const sketch = sketchText(path);
  const ns = namespaceOfPath(sketch);
  if (!isClusterNamespace(ns) && !isClusterNamespace(ns.replace(/^(\\\\|\/\/)[^\\/]*/, ''))) return NONE;
  const cls = classExpr ? classOfPath(':' + sketchText(classExpr)) : classOfPath(sketch);
  const target: Expr | undefined = SERVER_PREFIX.test(sketch) ? { kind: 'hostOf', path, span: path.span } : undefined;
  const conn = it.newConnection({ api, span, transport: 'dcom', target, delegation, edit: target ? { hostInPath: hostSpanIn(path, it.text) } : undefined });
  return { k: 'wmi', conn, cluster: isClusterClass(cls), trace: [] };
}

/** `[wmiclass]'…'`, `[wmi]'…'`, `[wmisearcher]'SELECT …'` (and their System.Management type names); undefined for other types. */
export function castToWmi(it: PsInterpreter, type: string, operand: Expr, span: Span): Value | undefined {
  switch (type) {
    case 'wmiclass':
    case 'wmi':
    case 'managementclass':
    case 'managementobject':
      return wmiFromPath(it, operand, undefined, undefined, span, `[${type}]`);
    case 'wmisearcher':
    case 'managementobjectsearcher':
      return { k: 'searcher', query: operand, span };
    default:
      return undefined;
  }
}

/** What a searcher's `.Get()` returns: objects read over a connection to its scope's path. */
function searcherResults(it: PsInterpreter, s: Value & { k: 'searcher' }, span: Span): Value {
  const cls = s.query ? classOfQuery(sketchText(s.query)) : undefined;
  const path = s.scope?.path;
  if (!path) return NONE;
  const sketch = sketchText(path);
  if (!isClusterNamespace(sketch) && !isClusterNamespace(sketch.replace(/^(\\\\|\/\/)[^\\/]*/, ''))) return NONE;
  const conn = it.newConnection({
    api: '[wmisearcher]', span: s.span, transport: 'dcom',
    target: SERVER_PREFIX.test(sketch) ? { kind: 'hostOf', path, span: path.span } : undefined,
    delegation: s.scope?.options?.delegation,
    edit: { hostInPath: hostSpanIn(path, it.text) },
  });
  return { k: 'wmi', conn, cluster: isClusterClass(cls), trace: [{ span, message: 'the searcher returns the cluster object here' }] };
}

/**
 * `$obj.Member(args)` on a WMI object or searcher: a cluster method (directly or through InvokeMethod)
 * is recorded; `.Get()` and `.GetInstances()` give objects. Undefined when the base is neither.
 */
export function wmiMemberCall(
  it: PsInterpreter, n: Node, base: Value, member: string, memberNode: Node | undefined, args: Value[], argNodes: readonly Node[], ctx: Ctx,
): Value | undefined {
  if (base.k === 'wmi' && memberNode) {
    const method = methodOf(member);
    if (method && base.cluster) {
      it.recordWmiCall(method, spanOf(memberNode), n, base, ctx, args.map((a, i) => asExpr(a, spanOf(argNodes[i]))), argNodes.map(spanOf));
      return NONE;
    }
    if (member === 'invokemethod' && base.cluster && argNodes[0]) {
      const nameNode = unwrap(argNodes[0]);
      const name = args[0]?.k === 'expr' ? staticText(args[0].e) : undefined;
      const m = name ? methodOf(name) : undefined;
      if (m) {
        const rest = args[1] ? listItems(args[1], spanOf(argNodes[1])) : [];
        it.recordWmiCall(m, stringContentSpan(nameNode), n, base, ctx, rest);
      }
      return NONE;
    }
    if (member === 'getinstances' || member === 'get') return base;
  }
  if (base.k === 'searcher' && member === 'get') return searcherResults(it, base, spanOf(n));
  return undefined;
}
