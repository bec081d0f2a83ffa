// PowerShell's parameter binding rules, over the commands of the catalogue (server/src/catalogue):
// names and aliases are case-insensitive, any unambiguous prefix names a parameter, arguments without
// a name bind by position, and a hashtable splat (`@p`) supplies named arguments.
import type { ParamDef } from '../../catalogue/index';
import { derived } from '../../catalogue/derive';
import type { Span } from '../model';
import type { ArgValue, CommandElement } from './syntax';

export type ParamSpec = ParamDef;

/** A command as the binder sees it: the catalogue's entry with the parameters every cmdlet of its kind has. */
export interface CommandSpec {
  name: string;
  aliases: readonly string[];
  params: readonly ParamSpec[];
}

const sw = (name: string, aliases?: string[]): ParamSpec => ({ name, aliases, switch: true });
const p = (name: string, aliases?: string[]): ParamSpec => ({ name, aliases });

/**
 * Parameters every cmdlet accepts; listed so they never steal a positional argument. (-WhatIf and
 * -Confirm exist only on cmdlets that change things, `shouldProcess` in the catalogue: on Get-WmiObject
 * `-Co` is -ComputerName, on Invoke-WmiMethod it is ambiguous.)
 */
const COMMON: ParamSpec[] = [
  sw('Verbose', ['vb']), sw('Debug', ['db']),
  p('ErrorAction', ['ea']), p('WarningAction', ['wa']), p('InformationAction', ['infa']),
  p('ErrorVariable', ['ev']), p('WarningVariable', ['wv']), p('InformationVariable', ['iv']),
  p('OutVariable', ['ov']), p('OutBuffer', ['ob']), p('PipelineVariable', ['pv']),
];
const SHOULD_PROCESS: ParamSpec[] = [sw('WhatIf', ['wi']), sw('Confirm', ['cf'])];

/** Every catalogue command that has a parameter list, by lower-case name and alias. */
const specs = derived((c) => {
  const byName = new Map<string, CommandSpec>();
  for (const e of c.commands) {
    if (!e.params) continue;
    const spec: CommandSpec = { name: e.name, aliases: e.aliases, params: e.shouldProcess ? [...e.params, ...SHOULD_PROCESS] : e.params };
    for (const n of [e.name, ...e.aliases]) byName.set(n.toLowerCase(), spec);
  }
  return byName;
});

/** The spec of a command by name or alias (case-insensitive), or undefined for commands hopcheck does not bind. */
export function commandSpec(name: string): CommandSpec | undefined {
  return specs().get(name.toLowerCase());
}

/**
 * A parameter's name and aliases in lower case, made once per parameter: the binder asks for every argument of
 * every command it walks, and copying the lists and lower-casing every name on each call was about half of what
 * binding allocated on an edit of the PowerShell benchmark (173 KB, 95 since).
 */
const lowerNames = new WeakMap<ParamSpec, string[]>();

function namesOf(x: ParamSpec): string[] {
  let names = lowerNames.get(x);
  if (!names) lowerNames.set(x, (names = [x.name, ...(x.aliases ?? [])].map((n) => n.toLowerCase())));
  return names;
}

/** Canonical parameter name for what was written (`comp` → `ComputerName`), or undefined if unknown/ambiguous. */
export function resolveParam(spec: CommandSpec, written: string): ParamSpec | undefined {
  const w = written.toLowerCase();
  // The first parameter named exactly so, else the only one named so by a prefix.
  let prefixed: ParamSpec | undefined;
  let prefixes = 0;
  for (const list of [spec.params, COMMON]) {
    for (const x of list) {
      const names = namesOf(x);
      if (names.includes(w)) return x;
      if (names.some((n) => n.startsWith(w))) {
        prefixed = x;
        prefixes++;
      }
    }
  }
  return prefixes === 1 ? prefixed : undefined;
}

/** One bound argument: from the command line (`arg`) or from a splatted hashtable entry (`splat`). */
export interface Bound<S> {
  param: string;
  /** The `-Name` as written (absent for positional and splatted arguments). */
  nameSpan?: Span;
  arg?: ArgValue;
  splat?: S;
  /** Where the argument sits (for fixes and traces). */
  span?: Span;
}

export interface Binding<S> {
  named: Map<string, Bound<S>>;
  /** Positional arguments that no positional parameter took. */
  rest: ArgValue[];
}

/**
 * Binds a command's elements to its parameters. `expandSplat` turns `@name` into hashtable entries
 * (key as written, value payload); unknown splats are ignored.
 */
export function bindCommand<S>(
  spec: CommandSpec,
  elements: CommandElement[],
  expandSplat: (name: string) => { key: string; keySpan: Span; payload: S }[] | undefined,
  argSpan: (a: ArgValue) => Span,
): Binding<S> {
  const named = new Map<string, Bound<S>>();
  const positional: ArgValue[] = [];
  for (let i = 0; i < elements.length; i++) {
    const e = elements[i];
    if (e.kind === 'splat') {
      for (const entry of expandSplat(e.name) ?? []) {
        const ps = resolveParam(spec, entry.key);
        if (ps) named.set(ps.name, { param: ps.name, splat: entry.payload, span: entry.keySpan });
      }
      continue;
    }
    if (e.kind === 'arg') {
      positional.push(e.value);
      continue;
    }
    const ps = resolveParam(spec, e.name);
    if (e.colonValue) {
      if (ps) named.set(ps.name, { param: ps.name, nameSpan: e.span, arg: e.colonValue, span: argSpan(e.colonValue) });
      continue;
    }
    if (ps?.switch) {
      named.set(ps.name, { param: ps.name, nameSpan: e.span, span: e.span });
      continue;
    }
    // A value parameter (or one we do not know: assume it takes a value rather than misbind it as positional).
    const next = elements[i + 1];
    if (next && next.kind === 'arg') {
      i++;
      if (ps) named.set(ps.name, { param: ps.name, nameSpan: e.span, arg: next.value, span: argSpan(next.value) });
    } else if (ps) {
      named.set(ps.name, { param: ps.name, nameSpan: e.span, span: e.span });
    }
  }
  const rest: ArgValue[] = [];
  const byPosition = spec.params.filter((x) => x.position !== undefined && !named.has(x.name)).sort((a, b) => a.position! - b.position!);
  for (const a of positional) {
    const ps = byPosition.shift();
    if (ps) named.set(ps.name, { param: ps.name, arg: a, span: argSpan(a) });
    else rest.push(a);
  }
  return { named, rest };
}
