// Values across branches and procedures in VBScript (spec §4): the arms of `If`/`ElseIf`/`Else` and
// `Select Case` are alternatives, so after the statement a variable holds every value any arm assigned
// (and the value from before when an arm may not assign it; remote if any is). Inside a Sub or Function,
// a name that is neither a parameter nor Dim'd there but exists at script level is the script's variable
// (VBScript resolves it to the global), so a global set in `Main` is seen by the other procedures.
import type { Span } from '../model';
import { joinBindings, type Binding } from '../scope';
import type { VbStmt } from './ir';
import { Env, type Value } from './values';

/** The scope of one arm of a branching statement: its assignments are joined afterwards. */
export class ArmEnv extends Env {}

/** Every variable the arms assigned, joined with what it held before when some arm may leave it. */
export function joinArms(before: Env, arms: ReadonlyMap<string, Binding<Value>>[], exhaustive: boolean, span: Span): Map<string, Binding<Value>> {
  const out = new Map<string, Binding<Value>>();
  const names = new Set<string>();
  for (const a of arms) for (const k of a.keys()) names.add(k);
  for (const name of names) {
    const assigned = arms.map((a) => a.get(name)).filter((b): b is Binding<Value> => b !== undefined);
    const prior = before.get(name);
    const all = (assigned.length < arms.length || !exhaustive) && prior ? [prior, ...assigned] : assigned;
    out.set(name, join(all, span));
  }
  return out;
}

function join(bs: Binding<Value>[], span: Span): Binding<Value> {
  return joinBindings(bs, span, (v) => (v.k === 'expr' ? v.e : undefined), (e): Value => ({ k: 'expr', e }));
}

/** The names a procedure declares for itself: its parameters and every `Dim` in its body. */
export function localNames(p: VbStmt & { k: 'procedure' }): Set<string> {
  const out = new Set(p.params.map((x) => x.name.toLowerCase()));
  const visit = (stmts: VbStmt[]) => {
    for (const s of stmts) {
      if (s.k === 'dim') for (const n of s.names) out.add(n.name.toLowerCase());
      else if (s.k === 'if') for (const b of s.branches) visit(b.body);
      else if (s.k === 'select') for (const c of s.cases) visit(c.body);
      else if (s.k === 'loop' || s.k === 'foreach' || s.k === 'with') visit(s.body);
    }
  };
  visit(p.body);
  return out;
}

/** The names the script itself declares or assigns at its top level (outside procedures). */
export function scriptNames(body: VbStmt[]): Set<string> {
  const out = new Set<string>();
  const visit = (stmts: VbStmt[]) => {
    for (const s of stmts) {
      if (s.k === 'dim') for (const n of s.names) out.add(n.name.toLowerCase());
      else if (s.k === 'const') for (const n of s.items) out.add(n.name.toLowerCase());
      else if (s.k === 'assign' && s.target.k === 'ident') out.add(s.target.lower);
      else if (s.k === 'if') for (const b of s.branches) visit(b.body);
      else if (s.k === 'select') for (const c of s.cases) visit(c.body);
      else if (s.k === 'loop' || s.k === 'foreach' || s.k === 'with') visit(s.body);
    }
  };
  visit(body);
  return out;
}
