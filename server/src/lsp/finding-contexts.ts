// The findings of an open document cross from its analysis worker to the main thread after every edit,
// but only code actions and hover read their `context` (the resolved facts fixes are built from), and it
// is most of their size: cloning it was about 1.5 ms of each edit of the 5,000-line benchmark, where the
// rest cost 0.5. So the worker sends the findings without it first, then the contexts as bytes (v8's
// serializer: the same structured clone, its decoding deferred), which the main thread decodes only
// when a code action or a hover first needs them for that version (docs/decisions.md, "Finding contexts").
import type { ResolvedCall } from '../rules/context';
import type { Finding } from '../rules/types';

/** `node:v8`, loaded on first use: loading it took 1–2 ms of each start (docs/decisions.md, "Start-up and memory"). */
let v8: typeof import('node:v8') | undefined;
const v8Module = () => (v8 ??= require('node:v8') as typeof import('node:v8'));

/** The contexts of some findings, in their order (undefined where one has none). */
export type Contexts = (ResolvedCall | undefined)[];

/** The findings without their contexts, and the contexts. */
export function detachContexts(findings: readonly Finding[]): { findings: Finding[]; contexts: Contexts } {
  const contexts: Contexts = [];
  const bare = findings.map(({ context, ...f }) => {
    contexts.push(context);
    return f;
  });
  return { findings: bare, contexts };
}

export function encodeContexts(contexts: Contexts): Uint8Array {
  return v8Module().serialize(contexts);
}

/** The findings with the contexts encodeContexts encoded for them put back. */
export function attachContexts(findings: readonly Finding[], encoded: Uint8Array): Finding[] {
  const contexts = v8Module().deserialize(encoded) as Contexts;
  if (contexts.length !== findings.length) throw new Error(`finding contexts: ${contexts.length} for ${findings.length} findings`);
  return findings.map((f, i) => (contexts[i] === undefined ? f : { ...f, context: contexts[i] }));
}
