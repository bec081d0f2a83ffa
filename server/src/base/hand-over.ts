// Handing a value from a loader to the bundle it runs (server-loader.ts, lsp/analysis-worker-loader.ts): the two
// are separate module graphs in one thread, so the value goes on the global object under a registered symbol,
// and is taken from there once.
const keyOf = (name: string): symbol => Symbol.for(`hopcheck.${name}`);

export function handOver(name: string, value: unknown): void {
  (globalThis as Record<symbol, unknown>)[keyOf(name)] = value;
}

/** The value handed over under `name`, taken once (undefined when none was: the bundle ran without its loader). */
export function takeHandedOver<T>(name: string): T | undefined {
  const g = globalThis as Record<symbol, unknown>;
  const value = g[keyOf(name)] as T | undefined;
  delete g[keyOf(name)];
  return value;
}
