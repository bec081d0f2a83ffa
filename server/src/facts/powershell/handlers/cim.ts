// CIM: Get-CimInstance, Get-CimClass and Invoke-CimMethod over WS-Man (or DCOM when the session was
// built with `New-CimSessionOption -Protocol Dcom`), -ComputerName or -CimSession from New-CimSession.
import { spanOf } from '../syntax';
import { argNameSpan } from '../tree';
import { NONE, asExpr, classOfQuery, isClusterClass, isClusterNamespace, type Value } from '../values';
import type { PsInterpreter } from '../interpreter';
import type { BoundCall, CommandHandler } from './index';
import { cmdletEdit, credsspOf, delegationOf, wholeCall } from './shared';
import { methodOf } from './wmi';
import { argExpr, argText, argValue } from '../arguments';

/** The connection a CIM cmdlet uses: its -CimSession's, or its own to -ComputerName. */
function cimConnection(it: PsInterpreter, { cmd, b, ctx, entry }: BoundCall): number {
  const session = argValue(it, b, 'CimSession', ctx);
  if (session?.k === 'cimSession') {
    return it.newConnection({
      api: 'New-CimSession', span: session.span, transport: session.dcom ? 'dcom' : 'wsman', target: session.target,
      delegation: session.delegation, edit: session.edit,
    });
  }
  if (session) {
    return it.newConnection({ api: entry.name, span: spanOf(cmd), transport: 'wsman', target: asExpr(session, b.named.get('CimSession')?.span ?? spanOf(cmd)) });
  }
  return it.newConnection({ api: entry.name, span: spanOf(cmd), transport: 'wsman', target: argExpr(it, b, 'ComputerName', ctx), edit: cmdletEdit(cmd, b, 'cim-cmdlet') });
}

/** Get-CimInstance / Get-CimClass: objects or the class of root/MSCluster. */
function getCim(it: PsInterpreter, call: BoundCall): Value {
  const { cmd, b, ctx } = call;
  const ns = argText(it, b, 'Namespace', ctx) ?? 'root/cimv2';
  if (!isClusterNamespace(ns)) return it.unknown('CIM objects', spanOf(cmd));
  const query = argText(it, b, 'Query', ctx);
  const cls = argText(it, b, 'ClassName', ctx) ?? (query ? classOfQuery(query) : undefined);
  return { k: 'wmi', conn: cimConnection(it, call), cluster: isClusterClass(cls), trace: [] };
}

function invokeCimMethod(it: PsInterpreter, call: BoundCall): Value {
  const { cmd, b, ctx, input } = call;
  const methodArg = b.named.get('MethodName');
  const method = argText(it, b, 'MethodName', ctx);
  const known = method ? methodOf(method) : undefined;
  let obj = argValue(it, b, 'InputObject', ctx) ?? argValue(it, b, 'CimClass', ctx) ?? input;
  if (obj?.k !== 'wmi') {
    const ns = argText(it, b, 'Namespace', ctx) ?? 'root/cimv2';
    if (!isClusterNamespace(ns)) return NONE;
    obj = { k: 'wmi', conn: cimConnection(it, call), cluster: isClusterClass(argText(it, b, 'ClassName', ctx)), trace: [] };
  }
  if (known && obj.cluster && methodArg?.arg) {
    const args = argValue(it, b, 'Arguments', ctx);
    // -Arguments @{…}: the values in the order written.
    const values = args?.k === 'hash' ? [...args.entries.values()].map((e) => asExpr(e.value, e.valueSpan)) : [];
    it.recordWmiCall(known, argNameSpan(methodArg.arg), wholeCall(it, cmd, input), obj, ctx, values);
  }
  return NONE;
}

function newCimSession(it: PsInterpreter, { cmd, b, ctx }: BoundCall): Value {
  const opt = argValue(it, b, 'SessionOption', ctx);
  const options = opt?.k === 'options' ? opt : undefined;
  const credssp = credsspOf(it, b, ctx);
  return {
    k: 'cimSession', target: argExpr(it, b, 'ComputerName', ctx), dcom: options?.dcom ?? false,
    delegation: options?.delegation ?? credssp, span: spanOf(cmd),
    edit: cmdletEdit(cmd, b, b.named.has('SessionOption') ? undefined : 'cim-session'),
  };
}

function newCimSessionOption(it: PsInterpreter, { b, ctx }: BoundCall): Value {
  const protocol = argText(it, b, 'Protocol', ctx);
  return { k: 'options', dcom: /^dcom$/i.test(protocol ?? ''), delegation: delegationOf(it, b, 'Impersonation', ctx) };
}

export const CIM_HANDLERS: Record<string, CommandHandler> = {
  'Get-CimInstance': getCim,
  'Get-CimClass': getCim,
  'Invoke-CimMethod': invokeCimMethod,
  'New-CimSession': newCimSession,
  'New-CimSessionOption': newCimSessionOption,
};
