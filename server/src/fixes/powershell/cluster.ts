// How a connection's or session's target is written, for `-Cluster <C>` in a rewritten command.
import type { Expr } from '../../facts/model';
import type { ResolvedCall } from '../../rules/context';
import { slice } from '../text';

/** The target as a PowerShell argument, as written in the script; undefined when it cannot be pointed at. */
export function clusterArgument(rc: ResolvedCall, text: string): string | undefined {
  const c = rc.connection;
  if (c?.edit?.hostInPath) return asArgument(slice(text, c.edit.hostInPath));
  const written = c?.target ? exprArgument(c.target, text) : undefined;
  if (written) return written;
  // A path built elsewhere ($p = '\\' + $node + '\root\...'): the host as resolved, when it is one plain name.
  const shown = rc.target?.shown;
  return shown && /^[\w.-]+$/.test(shown) ? shown : undefined;
}

export function sessionTargetArgument(rc: ResolvedCall, text: string): string | undefined {
  const written = rc.session?.target ? exprArgument(rc.session.target, text) : undefined;
  if (!written) return undefined;
  if (/:\/\//.test(written)) return uriHost(written); // -ConnectionUri
  return /^\(?[\w.-]+@([\w.-]+)\)?$/.exec(written)?.[1] ?? written; // SSH's user@host: the host
}

/** The computer of a literal -ConnectionUri (`http://node1:5985/wsman` → `node1`); undefined for anything else. */
function uriHost(written: string): string | undefined {
  const literal = written.replace(/^\((.*)\)$/, '$1').replace(/^(['"])(.*)\1$/, '$2');
  if (!/^https?:\/\/[^\s$'"()]+$/i.test(literal)) return undefined;
  try {
    const host = new URL(literal).hostname;
    return /^[\w.-]+$/.test(host) ? host : undefined;
  } catch {
    return undefined;
  }
}

function exprArgument(e: Expr, text: string): string | undefined {
  switch (e.kind) {
    case 'hostOf': return undefined; // a path without a pointable host (e.g. built elsewhere)
    case 'list': return e.items[0] ? exprArgument(e.items[0], text) : undefined;
    default: return asArgument(slice(text, e.span));
  }
}

/** Bare words, variables, quoted strings and parenthesised expressions stand as they are; anything else is parenthesised. */
function asArgument(written: string): string {
  const w = written.trim();
  if ((/^[\w.$:-]+$/.test(w) || /^\$\{[^}]+\}$/.test(w)) && !w.startsWith('-')) return w;
  if (/^'[^']*'$/.test(w) || /^"[^"]*"$/.test(w)) return w;
  if (w.startsWith('(') && w.endsWith(')')) return w;
  return `(${w})`;
}
