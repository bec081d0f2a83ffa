// WMI paths, monikers and queries, and the static text of expressions: shared by both languages'
// fact extractors.
import { literalOffsets } from './literals';
import type { Expr, Span } from './model';

/**
 * The literal text of an expression when it has exactly one known value, else undefined.
 * Used for namespaces, class names and method names, never for targets (those go to the resolver).
 */
export function staticText(e: Expr): string | undefined {
  switch (e.kind) {
    case 'text': return e.value;
    case 'var': return staticText(e.value);
    case 'concat': {
      let s = '';
      for (const p of e.parts) {
        const t = staticText(p);
        if (t === undefined) return undefined;
        s += t;
      }
      return s;
    }
    case 'param': return e.default ? staticText(e.default) : undefined;
    default: return undefined;
  }
}

/** Like staticText, but unknown pieces become U+FFFD so patterns on the known parts still match. */
export function sketchText(e: Expr): string {
  switch (e.kind) {
    case 'text': return e.value;
    case 'var': return sketchText(e.value);
    case 'concat': return e.parts.map(sketchText).join('');
    case 'param': return e.default ? sketchText(e.default) : '\uFFFD';
    default: return '\uFFFD';
  }
}

/** Is this WMI namespace root\MSCluster (either slash, any case, optionally behind \\server\)? */
export function isClusterNamespace(ns: string): boolean {
  return /(^|[\\/])root[\\/]+mscluster$/i.test(ns.trim());
}

/** The class named by a WMI object path (`\\n1\root\MSCluster:MSCluster_Cluster.Name="c1"`). */
export function classOfPath(path: string): string | undefined {
  const m = /:\s*([A-Za-z_][\w]*)/.exec(path.replace(/^[A-Za-z]:\\/, ''));
  return m?.[1];
}

/** The namespace part of a WMI path (`\\n1\root\MSCluster:Class` → `\\n1\root\MSCluster`). */
export function namespaceOfPath(path: string): string {
  const colon = path.indexOf(':');
  return colon === -1 ? path : path.slice(0, colon);
}

/** The class a WQL query reads (`SELECT * FROM MSCluster_Cluster WHERE ...`). */
export function classOfQuery(q: string): string | undefined {
  return /\bfrom\s+([A-Za-z_]\w*)/i.exec(q)?.[1];
}

export const isClusterClass = (cls: string | undefined): boolean => cls?.toLowerCase() === 'mscluster_cluster';

/**
 * Where the server is written inside a path or moniker (`node1` of '\\\\node1\\root\\MSCluster', or the
 * `$node`/`strComputer` part of a concatenation), when the path is written literally enough to point at it.
 */
export function hostSpanIn(path: Expr, text: string): (Span & { code?: boolean }) | undefined {
  if (path.kind === 'var') return undefined; // a path held in a variable is edited where it is assigned
  const parts = path.kind === 'concat' ? path.parts : [path];
  const first = parts[0];
  if (first?.kind !== 'text') return undefined;
  const at = literalOffsets(first, text); // JScript escapes the backslashes: offsets, not one start
  if (at === undefined) return undefined;
  const m = /^(?:winmgmts:(?:\{[^}]*\}!?)?)?(\\\\|\/\/)/i.exec(first.value);
  if (!m) return undefined;
  const hostStart = m[0].length;
  const rest = first.value.slice(hostStart);
  const stop = rest.search(/[\\/]/);
  if (stop > 0) return { start: at[hostStart], end: at[hostStart + stop] };
  if (stop === -1 && rest === '' && parts[1] && (parts[1].kind === 'var' || parts[1].kind === 'local' || parts[1].kind === 'unknown' || parts[1].kind === 'param' || parts[1].kind === 'text')
    && parts[2]?.kind === 'text' && /^[\\/]/.test(parts[2].value)) {
    // Inside an expandable string ("\\$node\root") the part touches the literal; between concatenation
    // operators it is code ("\\" & s & "\root", "\\" & "node1" & ..., also over VBScript ` _` line
    // continuations). Anything else ("\\$($nodes[0])\...") is not pointed at.
    const gap = text.slice(first.span.end, parts[1].span.start);
    if (gap === '' && parts[1].kind !== 'text') return { ...parts[1].span };
    if (/^[\s_]*[&+][\s_]*$/.test(gap)) return { ...parts[1].span, code: true }; // `&` VBScript, `+` PowerShell and JScript
  }
  return undefined;
}

/** Offset of a text literal's first character in the source, if its value is written there as-is. */
export function literalStart(t: Expr & { kind: 'text' }, text: string): number | undefined {
  const raw = text.slice(t.span.start, t.span.end);
  const q = /^['"\u2018\u2019\u201c\u201d]/.test(raw) ? 1 : 0;
  return raw.slice(q, q + t.value.length) === t.value ? t.span.start + q : undefined;
}
