// What a PowerShell variable or expression holds, as far as the double hop is concerned, and the
// lexical environment the extractor keeps while it walks a script in order.
import type { ConnectionEdit, Expr, SessionTraits, Span, TraceStep } from '../model';
import { staticText } from '../wmi';
export { classOfPath, classOfQuery, isClusterClass, isClusterNamespace, namespaceOfPath, sketchText, staticText } from '../wmi';
import type { Node } from '../../parse/powershell';
import { spanOf } from './syntax';
import { Scope } from '../scope';

export type Value =
  /** A string, host name, path or list of them. */
  | { k: 'expr'; e: Expr }
  /** Objects or classes read from root\MSCluster through connection `conn`; `cluster` if of MSCluster_Cluster. */
  | { k: 'wmi'; conn: number; cluster: boolean; trace: TraceStep[] }
  /** A hashtable literal (for splatting and -Arguments @{...}). */
  | { k: 'hash'; entries: Map<string, HashEntry> }
  /** A script block, with the environment it was written in. */
  | { k: 'block'; node: Node; env: Env }
  /** New-CimSession / New-PSSession results. */
  | { k: 'cimSession'; target?: Expr; dcom: boolean; delegation?: TraceStep; span: Span; edit?: ConnectionEdit }
  | { k: 'psSession'; target?: Expr; credssp?: TraceStep; span: Span; appendAt?: number; traits?: SessionTraits }
  /** New-CimSessionOption, System.Management.ConnectionOptions. */
  | { k: 'options'; dcom: boolean; delegation?: TraceStep }
  /** System.Management.ManagementScope (path and options), also the Scope of a ManagementObjectSearcher. */
  | { k: 'scope'; path?: Expr; options?: Value & { k: 'options' }; span: Span }
  /** [wmisearcher] / ManagementObjectSearcher: objects come from its scope when `.Get()` runs. */
  | { k: 'searcher'; query?: Expr; scope?: Value & { k: 'scope' }; span: Span }
  | { k: 'none' };

export interface HashEntry {
  key: string;
  keySpan: Span;
  value: Value;
  valueSpan: Span;
}

/** A scope of variables (script, function or block). */
export class Env extends Scope<Value> {}

export const NONE: Value = { k: 'none' };

/** The host/string view of a value, for -ComputerName and friends. */
export function asExpr(v: Value, span: Span): Expr {
  if (v.k === 'expr') return v.e;
  return { kind: 'unknown', why: 'not a host name', span };
}

/** The scope of a script block run on pipeline input: `$_` and `$PSItem` are the input. */
export function pipelineScope(env: Env, input: Value | undefined, block: Node): Env {
  const scope = new Env(env);
  if (input) {
    scope.set('_', { value: input, span: spanOf(block), written: '$_' });
    scope.set('psitem', { value: input, span: spanOf(block), written: '$PSItem' });
  }
  return scope;
}

/** `$h.Add(k, v)`, `$h[k] = v`, `$h.k = v`: the entry a later splat binds (a key that is not literal is ignored). */
export function setHashEntry(h: Value & { k: 'hash' }, key: Value, keySpan: Span, value: Value, valueSpan: Span): void {
  const k = key.k === 'expr' ? staticText(key.e) : undefined;
  if (k) h.entries.set(k.toLowerCase(), { key: k, keySpan, value, valueSpan });
}
