// Remote sessions (WinRM), the first hop: Invoke-Command with an inline, stored or -FilePath script,
// New-PSSession, and Enter-/Exit-PSSession, which move the statements between them into the session.
import type { Node } from '../../../parse/powershell';
import { commandNamedLower } from '../../../catalogue/derive';
import { bindCommand, commandSpec, type Binding } from '../commands';
import type { Ctx, PsInterpreter } from '../interpreter';
import { commandElements, commandName, spanOf, unwrap } from '../syntax';
import { argNameSpan, argSpan, blockStatements, statementOf } from '../tree';
import { Env, NONE, asExpr, type HashEntry, type Value } from '../values';
import type { Expr, SessionTraits } from '../../model';
import type { BoundCall, CommandHandler } from './index';
import { credsspOf, isBoundElsewhere, paramStep, unknownTarget } from './shared';
import { recordReach } from './reach';
import { argExpr, argText, argValue } from '../arguments';

function invokeCommand(it: PsInterpreter, { cmd, b, elements, ctx, entry }: BoundCall): Value {
  // Positional arguments: a script block is -ScriptBlock; a value before it is -ComputerName.
  let blockValue = argValue(it, b, 'ScriptBlock', ctx);
  let computer = argExpr(it, b, 'ComputerName', ctx);
  for (const a of elements) {
    if (a.kind !== 'arg' || isBoundElsewhere(b, a.value)) continue;
    const v = it.evalArg(a.value, ctx);
    if (v.k === 'block' && !blockValue) blockValue = v;
    else if (!computer && !blockValue && !b.named.has('Session')) computer = asExpr(v, argSpan(a.value));
  }
  const sessionValue = argValue(it, b, 'Session', ctx);
  const stored = sessionValue?.k === 'psSession' ? sessionValue : undefined;
  const traits = mergeTraits(sessionTraits(it, b, ctx), stored?.traits);
  const script = entry.runsScript ? b.named.get(entry.runsScript) : undefined;
  let sessionId: number | undefined;
  // PowerShell Direct is an interactive logon inside the VM: the block runs with no remote session around it.
  let inner: number | undefined = traits.direct ? undefined : ctx.session;
  if (!traits.direct && (computer || sessionValue || otherTarget(it, b, ctx, cmd))) {
    const target = computer ?? stored?.target ?? otherTarget(it, b, ctx, cmd)
      ?? (sessionValue ? asExpr(sessionValue, b.named.get('Session')?.span ?? spanOf(cmd)) : undefined);
    sessionId = it.newId();
    it.facts.sessions.push({
      id: sessionId, api: entry.name, span: spanOf(cmd), target, ...withoutDirect(traits),
      body: blockValue?.k === 'block' ? spanOf(blockValue.node) : script?.span,
      statement: statementOf(cmd),
      appendAt: stored ? stored.appendAt : sessionValue ? undefined : cmd.endIndex,
      bodyStatements: blockValue?.k === 'block' ? blockStatements(blockValue.node) : undefined,
    });
    inner = sessionId;
  }
  if (blockValue?.k === 'block') {
    it.walkBlock(blockValue.node, { ...ctx, env: new Env(blockValue.env), session: inner });
  } else if (script?.arg && entry.runsScript) {
    remoteScriptFile(it, b, ctx, entry.runsScript, inner);
  }
  return it.unknown(`the output of ${entry.name}`, spanOf(cmd));
}

/** The parameters that give Invoke-Command a computer to run on, or another script to run (read by invokeCommand). */
const WHERE_IT_RUNS = ['ComputerName', 'Session', 'HostName', 'ConnectionUri', 'FilePath'];

/**
 * Does this command, as written, run `Invoke-Command` (or `icm`) on this machine whatever its values hold?
 * Read from its syntax alone, bound as invokeCommand and recordReach bind it: none of WHERE_IT_RUNS, no
 * splat (it could hold them), and no argument that no parameter took but literal script blocks (a value
 * before the block is the computer, and a variable may hold either). Such a command opens no session and reaches
 * nothing: whatever its walk finds comes from what is written inside it (relevance.ts needs no seed for it).
 */
export function invokesLocally(cmd: Node): boolean {
  const nameNode = cmd.childForFieldName('command_name');
  if (cmd.type !== 'command' || !nameNode || cmd.hasError) return false;
  const entry = commandNamedLower(commandName(nameNode));
  const spec = entry?.session === 'invoke' ? commandSpec(entry.name) : undefined;
  if (!spec) return false;
  const elements = commandElements(cmd);
  if (elements.some((e) => e.kind === 'splat')) return false;
  const b = bindCommand<HashEntry>(spec, elements, () => undefined, argSpan);
  if (WHERE_IT_RUNS.some((p) => b.named.has(p))) return false;
  // invokeCommand reads every argument no parameter took (also one after a parameter it does not know).
  return elements.every((e) => e.kind !== 'arg' || isBoundElsewhere(b, e.value) || ('node' in e.value && unwrap(e.value.node).type === 'script_block_expression'));
}

/**
 * `Invoke-Command -FilePath script.ps1`: the calls of that script run in the session. They are
 * reported at the -FilePath argument, naming the line of the other file.
 */
function remoteScriptFile(it: PsInterpreter, b: Binding<HashEntry>, ctx: Ctx, param: string, session: number | undefined): void {
  const arg = b.named.get(param)!;
  const path = argText(it, b, param, ctx);
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
    // Ranges of the other file mean nothing here: no statement to move, nothing to append to.
    const hop = call.hop && { ...call.hop, appendAt: undefined, readPath: undefined };
    it.facts.calls.push({ ...call, span: at, callSpan: at, session, connection, trace: [step], args: [], hop, statement: undefined });
  }
}

function newPSSession(it: PsInterpreter, { cmd, b, ctx }: BoundCall): Value {
  const traits = sessionTraits(it, b, ctx);
  const target = argExpr(it, b, 'ComputerName', ctx) ?? otherTarget(it, b, ctx, cmd);
  return { k: 'psSession', target, credssp: traits.credssp, span: spanOf(cmd), appendAt: cmd.endIndex, traits };
}

/** Enter-PSSession: records the session; returns its id (undefined without a target, or for PowerShell Direct). */
function enterSession(it: PsInterpreter, { cmd, b, ctx, entry }: BoundCall): number | undefined {
  const sessionValue = argValue(it, b, 'Session', ctx);
  const stored = sessionValue?.k === 'psSession' ? sessionValue : undefined;
  const traits = mergeTraits(sessionTraits(it, b, ctx), stored?.traits);
  if (traits.direct) return undefined;
  const target = argExpr(it, b, 'ComputerName', ctx) ?? stored?.target ?? otherTarget(it, b, ctx, cmd);
  if (!target && !sessionValue) return undefined;
  const id = it.newId();
  it.facts.sessions.push({
    id, api: entry.name, span: spanOf(cmd), target, statement: statementOf(cmd),
    appendAt: stored ? stored.appendAt : sessionValue ? undefined : cmd.endIndex,
    ...withoutDirect(traits),
  });
  return id;
}

/** Endpoints every computer has: not a custom identity. */
const DEFAULT_ENDPOINT = /^(?:microsoft\.powershell(?:32)?|powershell\.\d[\w.]*)$/i;

/** What the session command's own parameters say about the second hop (spec §9 "Remote session"). */
function sessionTraits(it: PsInterpreter, b: Binding<HashEntry>, ctx: Ctx): SessionTraits {
  const traits: SessionTraits = {};
  for (const p of ['VMName', 'VMId', 'ContainerId']) if (b.named.has(p)) traits.direct = p;
  traits.credssp = credsspOf(it, b, ctx);
  const step = (p: string, message: string) => paramStep(b, p, message)!; // asked only for parameters it has
  if (/^basic$/i.test((argText(it, b, 'Authentication', ctx) ?? '').trim())) {
    traits.basic = step('Authentication', 'Basic authentication sends the password to the remote computer, which can then use it for the next hop');
  }
  if (b.named.has('EnableNetworkAccess')) {
    traits.networkAccess = step('EnableNetworkAccess', '-EnableNetworkAccess gives a loopback session a token that can reach other computers');
  }
  const endpoint = b.named.has('ConfigurationName') ? argText(it, b, 'ConfigurationName', ctx) : undefined;
  if (b.named.has('ConfigurationName') && !DEFAULT_ENDPOINT.test((endpoint ?? '').trim())) {
    traits.endpoint = step('ConfigurationName', 'a custom session configuration: the identity it runs as is not visible in the script');
  }
  if (b.named.has('HostName')) traits.ssh = true;
  return traits;
}

/** A session command's own traits, with those of the New-PSSession session it uses (its own win). */
function mergeTraits(own: SessionTraits, stored: SessionTraits | undefined): SessionTraits {
  if (!stored) return own;
  const out: SessionTraits = { ...stored };
  for (const [k, v] of Object.entries(own)) if (v !== undefined) Object.assign(out, { [k]: v });
  return out;
}

function withoutDirect(t: SessionTraits): Omit<SessionTraits, 'direct'> {
  const { direct: _direct, ...rest } = t;
  return rest;
}

/**
 * The computer of a session named otherwise than by -ComputerName: SSH's -HostName (`user@host` as written)
 * and -ConnectionUri, shown as written; unknown when it cannot be read.
 */
function otherTarget(it: PsInterpreter, b: Binding<HashEntry>, ctx: Ctx, cmd: Node): Expr | undefined {
  for (const p of ['HostName', 'ConnectionUri']) {
    if (!b.named.has(p)) continue;
    return argExpr(it, b, p, ctx) ?? unknownTarget(b, cmd);
  }
  return undefined;
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
  const call = { cmd: u, nameNode: u.childForFieldName('command_name') ?? u, elements, ctx, input: undefined, entry, spec, b: it.bind(spec, elements, ctx) };
  recordReach(it, call, call.b); // Enter-PSSession from inside a session is itself a second hop
  return { session: enterSession(it, call) };
}
