// Variables in scopes, for both languages' extractors: lookups fall back to the enclosing scope
// (the script's for functions and blocks), assignments stay in their own.

import type { Expr, Span } from './model';

/** What a variable holds, where it got it, and its name as written (for messages). */
export interface Binding<V> {
  value: V;
  /** The assignment (or parameter, or loop) that gave the variable this value. */
  span: { start: number; end: number };
  written: string;
}

export class Scope<V> {
  private readonly vars = new Map<string, Binding<V>>();
  constructor(readonly parent?: Scope<V>) {}

  get(name: string): Binding<V> | undefined {
    return this.vars.get(name) ?? this.parent?.get(name);
  }

  set(name: string, binding: Binding<V>): void {
    this.vars.set(name, binding);
  }

  /** The variables assigned in this scope itself (not its parents'). */
  own(): ReadonlyMap<string, Binding<V>> {
    return this.vars;
  }
}

/**
 * One binding holding the values a variable got in the arms of an `if`/`switch`/`try` (both languages):
 * host expressions as a list (remote if any is); else the last object assigned (WMI object, session,
 * block), which the caller may widen (PowerShell runs the other arms' script blocks too).
 */
export function joinBindings<V extends { k: string }>(bs: Binding<V>[], span: Span, expr: (v: V) => Expr | undefined, list: (e: Expr) => V): Binding<V> {
  const last = bs[bs.length - 1];
  if (bs.length === 1) return last;
  const exprs = bs.map((b) => expr(b.value));
  if (exprs.every((e) => e !== undefined)) {
    return { value: list({ kind: 'list', items: exprs as Expr[], span }), span: last.span, written: last.written };
  }
  const objects = bs.filter((b) => expr(b.value) === undefined && b.value.k !== 'none');
  return objects[objects.length - 1] ?? last;
}
