// What a VBScript variable holds, as far as the double hop is concerned, and the scopes the extractor
// keeps while it walks a script in order.
import type { Expr, TraceStep } from '../model';
import type { VbStmt } from './ir';
import { Scope } from '../scope';

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

/** A scope of variables (the script's, or a procedure's). */
export class Env extends Scope<Value> {}

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
