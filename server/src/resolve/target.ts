// Turns a connection's target expression into local / remote / unknown (spec §4), remembering the
// chain of places it followed so a diagnostic can show where the value came from.
import type { CallSite, Expr, Facts, Span, TraceStep } from '../facts/model';

export type Locality = 'local' | 'remote' | 'unknown';

export interface Resolution {
  locality: Locality;
  /** The target as a person reads it: `node1`, `$Server`, `the local computer`. */
  shown: string;
  /** Why it is classed so (for unknown targets: what could not be known). */
  reason: string;
  /** Where the value came from, nearest first. */
  trace: TraceStep[];
}

export interface ResolveOptions {
  /** Extra names for the machine the scripts run on (setting `localNames`). */
  localNames?: readonly string[];
  /** WS-Man (CIM without -Protocol Dcom, PowerShell remoting): a loopback name still makes a network hop. */
  transport?: 'dcom' | 'wsman';
}

/** A piece of a possible value: literal text, or something whose locality is known but not its text. */
type Piece = { text: string } | { opaque: Locality; why: string; shown: string };

interface Alt {
  pieces: Piece[];
  trace: TraceStep[];
}

/** Bound on the alternatives followed, so a pathological file cannot blow up resolution. */
const MAX_ALTS = 64;
const MAX_DEPTH = 32;

export function resolveTarget(target: Expr | undefined, facts: Facts, opts: ResolveOptions = {}): Resolution {
  return targetResolver(facts)(target, opts);
}

/** Which of a target's alternatives a finding reports: a remote one over an unknown one over a local one. */
const RANK: Record<Locality, number> = { remote: 3, unknown: 2, local: 1 };

export type TargetResolver = (target: Expr | undefined, opts?: ResolveOptions) => Resolution;

/**
 * `resolveTarget` for the targets of one script's facts, which must not change meanwhile: a parameter reached
 * from no other is followed through the function's calls once, not once for each target that names it. Each
 * finding in the blocks a session helper runs (an admin script calls one 50 times) named the same parameter.
 */
export function targetResolver(facts: Facts): TargetResolver {
  const ctx: Ctx = { facts, params: new Map() };
  // A session's target is resolved twice (as the session's host over WinRM, and as the computer a command in it
  // reaches over DCOM): its alternatives are the same both times.
  const evaluated = new Map<Expr, Alt[]>();
  return (target, opts = {}) => {
    if (!target) return { locality: 'local', shown: 'the local computer', reason: 'no server is given', trace: [] };
    let alts = evaluated.get(target);
    if (!alts) evaluated.set(target, (alts = evaluate(target, ctx, 0, new Set())));
    let best: Resolution | undefined;
    for (const alt of alts) {
      const r = classify(alt, opts);
      if (!best || RANK[r.locality] > RANK[best.locality]) best = r;
      if (best.locality === 'remote') break; // the highest rank: no later alternative is reported instead
    }
    return best ?? { locality: 'unknown', shown: '?', reason: 'no value could be followed', trace: [] };
  };
}

/** What evaluation reads: the facts, and the alternatives of the parameters followed from no other, by expression and depth. */
interface Ctx {
  facts: Facts;
  params: Map<Expr, Alt[][]>;
}

function evaluate(e: Expr, ctx: Ctx, depth: number, seen: Set<string>): Alt[] {
  if (depth > MAX_DEPTH) return [{ pieces: [{ opaque: 'unknown', why: 'the value is too deeply nested to follow', shown: '?' }], trace: [] }];
  switch (e.kind) {
    case 'text': return [{ pieces: [{ text: e.value }], trace: [] }];
    case 'local': return [{ pieces: [{ opaque: 'local', why: e.why, shown: e.why }], trace: [] }];
    case 'unknown': return [{ pieces: [{ opaque: 'unknown', why: e.why, shown: e.text ?? e.why }], trace: [{ span: e.span, message: `the value comes from ${e.why}` }] }];
    case 'var': {
      const inner = evaluate(e.value, ctx, depth + 1, seen);
      return inner.map((a) => ({
        // A variable whose value is unknown reads best as its own name.
        pieces: a.pieces.length === 1 && 'opaque' in a.pieces[0] && a.pieces[0].opaque === 'unknown'
          ? [{ ...a.pieces[0], shown: e.name }] : a.pieces,
        trace: [e.via, ...a.trace],
      }));
    }
    case 'list': return cap(e.items.flatMap((i) => evaluate(i, ctx, depth + 1, seen)));
    case 'concat': {
      let acc: Alt[] = [{ pieces: [], trace: [] }];
      for (const part of e.parts) {
        const next = evaluate(part, ctx, depth + 1, seen);
        acc = cap(acc.flatMap((a) => next.map((n) => ({ pieces: [...a.pieces, ...n.pieces], trace: [...a.trace, ...n.trace] }))));
      }
      return acc;
    }
    case 'param': return evaluateParam(e, ctx, depth, seen);
    case 'hostOf': return evaluate(e.path, ctx, depth + 1, seen).map((a) => ({ pieces: hostPieces(a.pieces), trace: a.trace }));
  }
}

function evaluateParam(e: Expr & { kind: 'param' }, ctx: Ctx, depth: number, seen: Set<string>): Alt[] {
  // Reached from another parameter, the answer depends on the way here (`seen`): followed each time.
  if (seen.size > 0) return followParam(e, ctx, depth, seen);
  let byDepth = ctx.params.get(e);
  if (!byDepth) ctx.params.set(e, (byDepth = []));
  return (byDepth[depth] ??= followParam(e, ctx, depth, seen));
}

function followParam(e: Expr & { kind: 'param' }, ctx: Ctx, depth: number, seen: Set<string>): Alt[] {
  const { facts } = ctx;
  const key = `${e.fn}/${e.name}`;
  if (seen.has(key)) return [{ pieces: [{ opaque: 'unknown', why: `the parameter $${e.name} is passed to itself`, shown: `$${e.name}` }], trace: [] }];
  const inner = new Set(seen).add(key);
  const sites = facts.callSites.filter((s) => s.fn === e.fn);
  const names = facts.functions.get(e.fn) ?? [];
  const out: Alt[] = [];
  const viaDefault = (): Alt[] => e.default
    ? evaluate(e.default, ctx, depth + 1, inner).map((a) => ({ ...a, trace: [{ span: e.default!.span, message: `$${e.name} defaults to this value` }, ...a.trace] }))
    : [{ pieces: [{ opaque: 'unknown', why: `the parameter $${e.name} has no default value`, shown: `$${e.name}` }], trace: [{ span: e.span, message: `$${e.name} is a parameter without a default value` }] }];
  if (sites.length === 0) return viaDefault();
  for (const site of sites) {
    const arg = argumentFor(site, e, names);
    if (!arg) { out.push(...viaDefault()); continue; }
    const fnName = e.fn === '<script>' ? 'the script' : e.fn;
    out.push(...evaluate(arg, ctx, depth + 1, inner).map((a) => ({
      ...a, trace: [{ span: arg.span, message: `${fnName} is called with $${e.name} = this value` }, ...a.trace],
    })));
  }
  return cap(out);
}

/** The argument a call site passes for a parameter: by (prefix of) name, else by position among unnamed arguments. */
function argumentFor(site: CallSite, p: Expr & { kind: 'param' }, names: string[]): Expr | undefined {
  const named = site.args.find((a) => a.name !== undefined && a.name.length > 0 && p.name.startsWith(a.name)
    && names.filter((n) => n.startsWith(a.name!)).length <= 1);
  if (named) return named.value;
  const positional = site.args.filter((a) => a.name === undefined);
  // Positions count only the parameters not already given by name.
  const namedParams = new Set(site.args.filter((a) => a.name).map((a) => names.find((n) => n.startsWith(a.name!))));
  const free = names.filter((n) => !namedParams.has(n));
  const pos = free.indexOf(p.name);
  return pos >= 0 ? positional[pos]?.value : undefined;
}

/** The server part of a path or moniker (`winmgmts:{...}!\\node1\root\...`, `//node1/root`, `root\x`). */
function hostPieces(pieces: Piece[]): Piece[] {
  // Work on a flat copy where each piece keeps its identity; literal text is scanned character by character.
  const flat: Piece[] = [];
  for (const p of pieces) {
    if ('text' in p) for (const ch of p.text) flat.push({ text: ch });
    else flat.push(p);
  }
  let i = 0;
  const lit = (k: number) => (flat[k] && 'text' in flat[k] ? (flat[k] as { text: string }).text : undefined);
  // Skip a `winmgmts:` prefix and its `{...}!` security block.
  const head = flat.slice(0, 9).map((p) => ('text' in p ? p.text : '\0')).join('').toLowerCase();
  if (head === 'winmgmts:') {
    i = 9;
    if (lit(i) === '{') {
      while (i < flat.length && lit(i) !== '}') i++;
      i++;
    }
    while (lit(i) === '!' || lit(i) === ' ') i++;
  }
  const sep = (k: number) => lit(k) === '\\' || lit(k) === '/';
  if (!(sep(i) && sep(i + 1))) return [{ text: '' }]; // no server: the local machine
  i += 2;
  const host: Piece[] = [];
  while (i < flat.length && !sep(i)) host.push(flat[i++]);
  // Merge adjacent characters back into text pieces.
  const merged: Piece[] = [];
  for (const p of host) {
    const prev = merged[merged.length - 1];
    if ('text' in p && prev && 'text' in prev) prev.text += p.text;
    else merged.push('text' in p ? { text: p.text } : p);
  }
  return merged;
}

const LOOPBACK_IPS = new Set(['127.0.0.1', '::1', '[::1]', '0:0:0:0:0:0:0:1']);

function classify(alt: Alt, opts: ResolveOptions): Resolution {
  const wsman = opts.transport === 'wsman';
  const opaque = alt.pieces.filter((p): p is Extract<Piece, { opaque: Locality }> => 'opaque' in p);
  const text = alt.pieces.map((p) => ('text' in p ? p.text : '')).join('');
  const shown = alt.pieces.map((p) => ('text' in p ? p.text : p.shown)).join('');
  if (opaque.length === 0) {
    const host = text.trim().toLowerCase();
    const localNames = (opts.localNames ?? []).map((n) => n.toLowerCase());
    if (host === '' || host === '.' || host === 'localhost' || localNames.includes(host)) {
      if (wsman && host !== '') {
        return { locality: 'unknown', shown: text || '.', reason: `${text} is a WinRM loopback connection, which still counts as a network hop`, trace: alt.trace };
      }
      return { locality: 'local', shown: host === '' ? 'the local computer' : text, reason: 'the local computer', trace: alt.trace };
    }
    if (LOOPBACK_IPS.has(host) || /^127\./.test(host)) {
      return { locality: 'unknown', shown: text, reason: `${text} is a loopback address, which may still be a network connection`, trace: alt.trace };
    }
    return { locality: 'remote', shown: text, reason: `${text} is another computer`, trace: alt.trace };
  }
  const unknown = opaque.find((p) => p.opaque === 'unknown');
  if (unknown) return { locality: 'unknown', shown, reason: `the server comes from ${unknown.why}`, trace: alt.trace };
  // Only local pieces: the local name, possibly with its DNS suffix (`$env:COMPUTERNAME.contoso.com`).
  const rest = text.trim();
  if (rest === '' || rest.startsWith('.')) {
    if (wsman) return { locality: 'unknown', shown, reason: `${shown} is a WinRM loopback connection, which still counts as a network hop`, trace: alt.trace };
    return { locality: 'local', shown, reason: 'the local computer', trace: alt.trace };
  }
  return { locality: 'unknown', shown, reason: `the server name is built from ${shown}`, trace: alt.trace };
}

function cap(alts: Alt[]): Alt[] {
  return alts.length > MAX_ALTS ? alts.slice(0, MAX_ALTS) : alts;
}

/** Span helper for callers that show a trace step for the target itself. */
export function spanText(text: string, s: Span): string {
  return text.slice(s.start, s.end);
}
