// The command handlers, registered by the catalogue's command names: a command written any way the
// catalogue knows (name, alias, module-qualified) reaches the handler of its canonical name, or its
// family's when all commands of a family behave alike (a new cluster cmdlet needs only its catalogue
// entry). One module per family of commands, like ShellCheck's one check per command.
import type { Node } from '../../../parse/powershell';
import { derived } from '../../../catalogue/derive';
import type { CommandEntry, CommandFamily } from '../../../catalogue/index';
import { commandSpec, type Binding, type CommandSpec } from '../commands';
import type { Ctx, PsInterpreter } from '../interpreter';
import type { CommandElement } from '../syntax';
import type { HashEntry, Value } from '../values';
import { CIM_HANDLERS } from './cim';
import { clusterCmdlet } from './cluster';
import { OBJECT_HANDLERS } from './objects';
import { PASS_HANDLERS, PIPELINE_HANDLERS } from './pipeline';
import { PATH_HANDLERS, REACH_BOUND, REACH_PASS, recordReach } from './reach';
import { SESSION_HANDLERS } from './sessions';
import { WMI_HANDLERS } from './wmi';

/** A command being evaluated. */
export interface CommandCall {
  readonly cmd: Node;
  readonly nameNode: Node;
  readonly elements: CommandElement[];
  readonly ctx: Ctx;
  /** What the previous pipeline stage produced. */
  readonly input: Value | undefined;
  readonly entry: CommandEntry;
}

/** A command with a parameter list, bound to it. */
export interface BoundCall extends CommandCall {
  readonly spec: CommandSpec;
  readonly b: Binding<HashEntry>;
}

/** What a command evaluates to (and the facts it records on the way). */
export type CommandHandler = (it: PsInterpreter, call: BoundCall) => Value;
/** For commands hopcheck does not bind (no parameter list): values only pass through them. */
export type PassHandler = (it: PsInterpreter, call: CommandCall) => Value;

/** Handlers by the catalogue's canonical command name. */
export const BY_NAME: Readonly<Partial<Record<string, CommandHandler>>> = {
  ...WMI_HANDLERS, ...CIM_HANDLERS, ...SESSION_HANDLERS, ...OBJECT_HANDLERS, ...PIPELINE_HANDLERS, ...PATH_HANDLERS,
};

/** Families whose commands all behave alike. */
const BY_FAMILY: Partial<Record<CommandFamily, CommandHandler>> = { cluster: clusterCmdlet, reach: REACH_BOUND };
/** Commands of a family hopcheck does not bind, by family (the `reach` family's unbound native tools too). */
const PASS_BY_FAMILY: Partial<Record<CommandFamily, PassHandler>> = { ...PASS_HANDLERS, reach: REACH_PASS };

/**
 * A command of another family that also reaches a computer by itself (Invoke-Command, Get-WmiObject,
 * Get-Content…, catalogue `reaches`): what it reaches is recorded, then its own handler runs.
 */
function withReach<H extends CommandHandler | PassHandler>(entry: CommandEntry, run: H): H {
  if ((!entry.reaches && !entry.pathParams) || entry.family === 'reach') return run;
  return ((it: PsInterpreter, call: BoundCall) => {
    recordReach(it, call, 'b' in call ? call.b : undefined);
    return (run as CommandHandler)(it, call);
  }) as H;
}

export type ResolvedHandler =
  | { readonly entry: CommandEntry; readonly spec: CommandSpec; readonly run: CommandHandler }
  | { readonly entry: CommandEntry; readonly spec: undefined; readonly run: PassHandler };

const byWrittenName = derived((c) => {
  const out = new Map<string, ResolvedHandler>();
  for (const entry of c.commands) {
    let h: ResolvedHandler | undefined;
    if (entry.params) {
      const run = BY_NAME[entry.name] ?? BY_FAMILY[entry.family];
      const spec = commandSpec(entry.name);
      if (run && spec) h = { entry, spec, run: withReach(entry, run) };
    } else {
      const run = PASS_BY_FAMILY[entry.family];
      if (run) h = { entry, spec: undefined, run: withReach(entry, run) };
    }
    if (h) for (const n of [entry.name, ...entry.aliases]) out.set(n.toLowerCase(), h);
  }
  return out;
});

/** The handler of a command as written (lower case, without module), or undefined for commands hopcheck does not model. */
export function commandHandler(lowerName: string): ResolvedHandler | undefined {
  return byWrittenName().get(lowerName);
}
