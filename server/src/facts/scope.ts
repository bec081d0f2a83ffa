// Variables in scopes, for both languages' extractors: lookups fall back to the enclosing scope
// (the script's for functions and blocks), assignments stay in their own.

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
