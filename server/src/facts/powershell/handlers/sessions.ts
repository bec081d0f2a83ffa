// Remote sessions (WinRM), the first hop: Invoke-Command with an inline, stored or -FilePath script,
// New-PSSession, and Enter-/Exit-PSSession, which move the statements between them into the session.
import type { Node } from '../../../parse/powershell';
import { commandNamedLower } from '../../../catalogue/derive';
import { commandSpec, type Binding } from '../commands';
import type { Ctx, PsInterpreter } from '../interpreter';
import { commandElements, commandName, spanOf } from '../syntax';
import { argNameSpan, argSpan, blockStatements, statementOf } from '../tree';
import { Env, NONE, asExpr, type HashEntry, type Value } from '../values';
import type { BoundCall, CommandHandler } from './index';
import { credsspOf, isBoundElsewhere, unknownTarget } from './shared';

function invokeCommand(it: PsInterpreter, { cmd, b, elements, ctx, entry }: BoundCall): Value {
  // Positional arguments: a script block is -ScriptBlock; a value before it is -ComputerName.
  let blockValue = it.argValue(b, 'ScriptBlock', ctx);
  let computer = it.argExpr(b, 'ComputerName', ctx);
  for (const a of elements) {
    if (a.kind !== 'arg' || isBoundElsewhere(b, a.value)) continue;
    const v = it.evalArg(a.value, ctx);
    if (v.k === 'block' && !blockValue) blockValue = v;
    else if (!computer && !blockValue && !b.named.has('Session')) computer = asExpr(v, argSpan(a.value));
  }
  const sessionValue = it.argValue(b, 'Session', ctx);
  const credssp = credsspOf(it, b, ctx) ?? (sessionValue?.k === 'psSession' ? sessionValue.credssp : undefined);
  const script = entry.runsScript ? b.named.get(entry.runsScript) : undefined;
  let sessionId: number | undefined;
  if (computer || sessionValue || unknownTarget(b, cmd)) {
    const target = computer ?? (sessionValue?.k === 'psSession' ? sessionValue.target : undefined) ?? unknownTarget(b, cmd)
      ?? (sessionValue ? asExpr(sessionValue, b.named.get('Session')?.span ?? spanOf(cmd)) : undefined);
    sessionId = it.newId();
    it.facts.sessions.push({
      id: sessionId, api: entry.name, span: spanOf(cmd), target, credssp,
      body: blockValue?.k === 'block' ? spanOf(blockValue.node) : script?.span,
      statement: statementOf(cmd, it.up),
      appendAt: sessionValue?.k === 'psSession' ? sessionValue.appendAt : sessionValue ? undefined : cmd.endIndex,
      bodyStatements: blockValue?.k === 'block' ? blockStatements(blockValue.node) : undefined,
    });
  }
  if (blockValue?.k === 'block') {
    it.walkBlock(blockValue.node, { ...ctx, env: new Env(blockValue.env), session: sessionId ?? ctx.session });
  } else if (script?.arg && entry.runsScript) {
    remoteScriptFile(it, b, ctx, entry.runsScript, sessionId ?? ctx.session);
  }
  return it.unknown(`the output of ${entry.name}`, spanOf(cmd));
}

/**
 * `Invoke-Command -FilePath script.ps1`: the calls of that script run in the session. They are
 * reported at the -FilePath argument, naming the line of the other file.
 */
function remoteScriptFile(it: PsInterpreter, b: Binding<HashEntry>, ctx: Ctx, param: string, session: number | undefined): void {
  const arg = b.named.get(param)!;
  const path = it.argText(b, param, ctx);
  const content = path ? it.options.readScript?.(path) : undefined;
  if (!path || content === undefined || !arg.arg) return;
  const at = argNameSpan(arg.arg);
  const inner = it.extractOther(content);
  const lineOf = (offset: number) => content.slice(0, offset).split('\n').length;
  for (const call of inner.calls) {
    const conn = call.connection !== undefined ? inner.connections.find((c) => c.id === call.connection) : undefined;
    if (call.via === 'wmi' && conn?.target !== undefined) continue; // its own remote connection: reported when that file is checked
    const step = { span: at, message: `${path} calls ${call.method} on line ${lineOf(call.span.start)}` };
    const connection = conn ? it.newConnection({ api: `${conn.api} in ${path}`, span: at, transport: conn.transport, delegation: conn.delegation }) : undefined;
    it.facts.calls.push({ ...call, span: at, callSpan: at, session, connection, trace: [step], args: [] });
  }
}

function newPSSession(it: PsInterpreter, { cmd, b, ctx }: BoundCall): Value {
  const target = it.argExpr(b, 'ComputerName', ctx);
  return { k: 'psSession', target: target ?? unknownTarget(b, cmd), credssp: credsspOf(it, b, ctx), span: spanOf(cmd), appendAt: cmd.endIndex };
}

/** Enter-PSSession: records the session; returns its id (undefined without a target). */
function enterSession(it: PsInterpreter, { cmd, b, ctx, entry }: BoundCall): number | undefined {
  const sessionValue = it.argValue(b, 'Session', ctx);
  const target = it.argExpr(b, 'ComputerName', ctx) ?? (sessionValue?.k === 'psSession' ? sessionValue.target : undefined) ?? unknownTarget(b, cmd);
  if (!target && !sessionValue) return undefined;
  const id = it.newId();
  it.facts.sessions.push({
    id, api: entry.name, span: spanOf(cmd), target, statement: statementOf(cmd, it.up),
    appendAt: sessionValue?.k === 'psSession' ? sessionValue.appendAt : sessionValue ? undefined : cmd.endIndex,
    credssp: credsspOf(it, b, ctx) ?? (sessionValue?.k === 'psSession' ? sessionValue.credssp : undefined),
  });
  return id;
}

export const SESSION_HANDLERS: Record<string, CommandHandler> = {
  'Invoke-Command': invokeCommand,
  'New-PSSession': newPSSession,
  // Inside an expression: the session is recorded, but only a statement moves what follows into it.
  'Enter-PSSession': (it, call) => { enterSession(it, call); return NONE; },
};

/**
 * A statement that is Enter-PSSession or Exit-PSSession: the statements after it (in the same list)
 * run in the session it enters (an id; undefined when it names none), or no longer do ('exit-session').
 * Undefined for other statements. Only the full command names count here: `etsn`/`exsn` are recorded
 * like any command but do not move statements (as before the catalogue; docs/architecture.md).
 */
export function sessionStatement(it: PsInterpreter, u: Node, ctx: Ctx): { session: number | 'exit-session' | undefined } | undefined {
  const name = commandName(u.childForFieldName('command_name') ?? u);
  const entry = commandNamedLower(name);
  if (!entry || name !== entry.name.toLowerCase()) return undefined;
  if (entry.session === 'exit') return { session: 'exit-session' };
  if (entry.session !== 'enter') return undefined;
  const spec = commandSpec(entry.name)!;
  const elements = commandElements(u);
  const call = { cmd: u, nameNode: u, elements, ctx, input: undefined, entry, spec, b: it.bind(spec, elements, ctx) };
  return { session: enterSession(it, call) };
}
