// The WMI scripting API as VBScript uses it: GetObject monikers and SWbemLocator.ConnectServer open
// connections; an SWbemServices object's Get/InstancesOf/ExecQuery/ExecMethod reach MSCluster_Cluster;
// the catalogue's methods called on it (directly or through ExecMethod_) are the calls; Security_ sets
// the impersonation level.
import { methodNamed } from '../../catalogue/derive';
import { literalOffsets } from '../literals';
import type { Connection, Expr, Span, TraceStep } from '../model';
import {
  classOfPath, classOfQuery, hostSpanIn, isClusterClass, isClusterNamespace, namespaceOfPath, sketchText, staticText,
} from '../wmi';
import type { VbExtractor } from './extract';
import type { VbExpr, VbStmt } from './ir';
import { NONE, type Ctx, type Value } from './values';

/** The catalogue's name of a cluster method written in any case. */
export const methodOf = (name: string): string | undefined => methodNamed(name)?.name;

/** CreateObject(progId): the locator and WScript.Network are the objects that matter. */
export function createdObject(progId: string | undefined): Value {
  if (progId === 'wbemscripting.swbemlocator') return { k: 'locator' };
  if (progId === 'wscript.network') return { k: 'network' };
  return NONE;
}

/** GetObject("winmgmts:{...}!\\server\root\MSCluster[:Class[.Key=...]]") */
export function getObject(x: VbExtractor, e: VbExpr & { k: 'call' }, ctx: Ctx): Value {
  const arg = e.args[0];
  const v = arg ? x.eval(arg, ctx) : NONE;
  for (const a of e.args.slice(1)) if (a) x.eval(a, ctx);
  if (v.k !== 'expr') return NONE;
  const sketch = sketchText(v.e);
  const m = /^winmgmts:\s*(\{[^}]*\})?\s*!?/i.exec(sketch);
  if (!m) return NONE; // LDAP://, WinNT://, a file...
  const path = sketch.slice(m[0].length);
  const ns = namespaceOfPath(path).replace(/^(\\\\|\/\/)[^\\/]*/, '');
  if (!isClusterNamespace(ns)) return NONE;
  const cls = classOfPath(path);
  const first = v.e.kind === 'concat' ? v.e.parts[0] : v.e;
  const edit: Connection['edit'] = { delegationStyle: 'vbs-moniker', hostInPath: hostSpanIn(v.e, x.text) };
  if (first?.kind === 'text') {
    const at = literalOffsets(first, x.text); // per character: JScript literals escape backslashes
    const block = /^winmgmts:\s*\{([^}]*)\}/i.exec(first.value);
    if (at !== undefined && block) edit.monikerSecurity = { start: at[block[0].indexOf('{') + 1], end: at[block[0].length - 1] };
    else if (at !== undefined && /^winmgmts:/i.test(first.value)) edit.monikerInsertAt = at['winmgmts:'.length];
  }
  const conn = x.newConnection({
    api: 'GetObject', span: e.span, transport: 'dcom', target: { kind: 'hostOf', path: v.e, span: v.e.span },
    delegation: /impersonationLevel\s*=\s*delegate/i.test(m[1] ?? '') ? { span: v.e.span, message: 'the moniker requests impersonationLevel=delegate' } : undefined,
    edit,
  });
  if (cls) return { k: 'wmi', conn, cluster: isClusterClass(cls), trace: [] };
  return { k: 'service', conn, trace: [] };
}

/** locator.ConnectServer(strServer, strNamespace, strUser, strPassword, strLocale, strAuthority, iSecurityFlags, objwbemNamedValueSet) */
function connectServer(x: VbExtractor, args: (VbExpr | undefined)[], vals: (Value | undefined)[], callSpan: Span, ctx: Ctx): Value {
  const ns = vals[1]?.k === 'expr' ? sketchText(vals[1].e) : 'root\\cimv2';
  if (!isClusterNamespace(ns)) return NONE;
  const server = vals[0]?.k === 'expr' ? vals[0].e : undefined;
  const stmt = ctx.stmt;
  const conn = x.newConnection({
    api: 'ConnectServer', span: callSpan, transport: 'dcom', target: server,
    edit: {
      delegationStyle: 'vbs-locator', serverArg: args[0]?.span,
      credentialArgs: [args[2], args[3]].filter((a): a is VbExpr => a !== undefined).map((a) => a.span),
      afterStatement: stmt?.span.end,
      variable: stmt?.k === 'assign' && stmt.target.k === 'ident' ? stmt.target.name : undefined,
    },
  });
  return { k: 'service', conn, trace: [] };
}

/**
 * `obj.name(args)` on an object of the WMI scripting API (`vals` are the evaluated `args`; `here` the
 * call's range): what it returns, or undefined when `obj` is not one.
 */
export function wmiMethod(
  x: VbExtractor, obj: Value, name: string, nameSpan: Span, args: (VbExpr | undefined)[], vals: (Value | undefined)[], callSpan: Span, ctx: Ctx, here: Span,
): Value | undefined {
  const textArg = (i: number) => { const v = vals[i]; return v?.k === 'expr' ? staticText(v.e) : undefined; };
  const exprArg = (i: number): Expr | undefined => { const v = vals[i]; return v?.k === 'expr' ? v.e : undefined; };
if (obj.k === 'locator' && name === 'connectserver') return connectServer(x, args, vals, callSpan, ctx);
if (obj.k === 'service') {
  const step = (what: string): TraceStep[] => [{ span: here, message: what }, ...obj.trace];
  if (name === 'get' || name === 'getobject') {
    const path = textArg(0) ?? (exprArg(0) ? sketchText(exprArg(0)!) : undefined);
    const cls = path ? classOfPath(':' + path) : undefined;
    return { k: 'wmi', conn: obj.conn, cluster: isClusterClass(cls), trace: step('the MSCluster_Cluster object is read here') };
  }
  if (name === 'instancesof') {
    return { k: 'collection', conn: obj.conn, cluster: isClusterClass(textArg(0)), trace: step('the MSCluster_Cluster instances are read here') };
  }
  if (name === 'execquery') {
    const q = exprArg(0) ? sketchText(exprArg(0)!) : '';
    return { k: 'collection', conn: obj.conn, cluster: isClusterClass(classOfQuery(q)), trace: step('the MSCluster_Cluster instances are queried here') };
  }
  if (name === 'execmethod') {
    const path = textArg(0);
    const m = textArg(1);
    const method = m ? methodOf(m) : undefined;
    if (path && method && isClusterClass(classOfPath(':' + path)) && args[1]?.k === 'string') {
      x.recordCall(method, contentSpan(args[1].span), callSpan, obj.conn, obj.trace, [], ctx);
    }
    return NONE;
  }
}
if (obj.k === 'wmi' && obj.cluster) {
  const method = methodOf(name);
  if (method) {
    x.recordCall(method, nameSpan, callSpan, obj.conn, obj.trace, vals.map((v, i) => (v?.k === 'expr' ? v.e : { kind: 'unknown', why: 'an object', span: args[i]?.span ?? nameSpan })), ctx);
    return NONE;
  }
  if (name === 'execmethod_') {
    const m = textArg(0);
    const method = m ? methodOf(m) : undefined;
    if (method && args[0]?.k === 'string') x.recordCall(method, contentSpan(args[0].span), callSpan, obj.conn, obj.trace, [], ctx);
    return NONE;
  }
}
if (obj.k === 'collection' && (name === 'itemindex' || name === 'item')) {
  return { k: 'wmi', conn: obj.conn, cluster: obj.cluster, trace: [{ span: here, message: 'one MSCluster_Cluster object is taken here' }, ...obj.trace] };
}
  return undefined;
}

/** `svc.Security_.ImpersonationLevel = 4` (Delegate) / `= 3` (Impersonate): recorded on the connection. */
export function setMember(x: VbExtractor, t: VbExpr & { k: 'member' }, value: Value, s: VbStmt & { k: 'assign' }, ctx: Ctx): void {
// svc.Security_.ImpersonationLevel = 4 (Delegate) / = 3 (Impersonate)
if (t.lower === 'impersonationlevel' && t.object?.k === 'member' && t.object.lower === 'security_') {
  const holder = t.object.object ? x.eval(t.object.object, ctx) : ctx.with;
  if (holder && (holder.k === 'service' || holder.k === 'wmi')) {
    const conn = x.connection(holder.conn);
    const level = value.k === 'expr' ? staticText(value.e)?.trim().toLowerCase() : undefined;
    if (conn) {
      conn.edit = { ...conn.edit, impersonation: s.value.span };
      if (level === '4' || level === 'wbemimpersonationleveldelegate') {
        conn.delegation = { span: s.span, message: 'impersonation level Delegate is requested here' };
      }
    }
  }
}
}

/** A string literal's content, without its quotes. */
function contentSpan(s: Span): Span {
  return { start: s.start + 1, end: s.end - 1 };
}
