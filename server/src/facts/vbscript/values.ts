// What a VBScript variable holds, as far as the double hop is concerned, and the scopes the extractor
// keeps while it walks a script in order.
import type { Expr, Span, TraceStep } from '../model';
import type { VbStmt } from './ir';

export type Value =
  | { k: 'expr'; e: Expr }
  | { k: 'locator' }
  | { k: 'network' }
  /** An SWbemServices object connected to root\MSCluster. */
  | { k: 'service'; conn: number; trace: TraceStep[] }
  /** A class or instance from root\MSCluster (`cluster` when it is MSCluster_Cluster). */
  | { k: 'wmi'; conn: number; cluster: boolean; trace: TraceStep[] }
  /** InstancesOf / ExecQuery results, iterated with For Each. */
  | { k: 'collection'; conn: number; cluster: boolean; trace: TraceStep[] }
  | { k: 'none' };

export interface Binding {
  value: Value;
  span: Span;
  written: string;
}

export class Env {
  private readonly vars = new Map<string, Binding>();
  constructor(readonly parent?: Env) {}
  get(name: string): Binding | undefined {
    return this.vars.get(name) ?? this.parent?.get(name);
  }
  set(name: string, b: Binding): void {
    this.vars.set(name, b);
  }
}

export interface Ctx {
  env: Env;
  /** The object of the innermost With block. */
  with?: Value;
  /** The procedure being walked (lower-case), whose name receives its return value. */
  fn?: string;
  /** The statement being walked (for fixes that insert after it). */
  stmt?: VbStmt;
}

export const NONE: Value = { k: 'none' };
