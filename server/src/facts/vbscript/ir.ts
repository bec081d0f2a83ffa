// A small syntax model of VBScript that the fact extractor reads. The Lezer tree is converted into
// it once (from-lezer.ts), so the extractor does not depend on the grammar's node names, and spans
// are already offsets into the original document (a .wsf/.hta block's offset is added there).
import type { Span } from '../model';

export type VbExpr =
  | { k: 'string'; value: string; span: Span }
  | { k: 'number'; text: string; span: Span }
  /** A plain name; `lower` is the case-folded name used for lookups. */
  | { k: 'ident'; name: string; lower: string; span: Span }
  /** `object.name`; `object` is undefined for the leading-dot form inside a With block. */
  | { k: 'member'; object?: VbExpr; name: string; lower: string; nameSpan: Span; span: Span }
  /** `callee(args)`: a call or an index; an omitted argument (`f(a, , b)`) is undefined. */
  | { k: 'call'; callee: VbExpr; args: (VbExpr | undefined)[]; span: Span }
  | { k: 'binary'; op: string; left: VbExpr; right: VbExpr; span: Span }
  | { k: 'unary'; op: string; operand: VbExpr; span: Span }
  | { k: 'new'; className: string; span: Span }
  /** Nothing, Empty, Null, True, False, Me, a date literal... */
  | { k: 'literal'; text: string; span: Span }
  /** Anything the converter could not read. */
  | { k: 'other'; span: Span };

export type VbStmt =
  /** `x = v` or `Set x = v` (also members and indexes on the left). */
  | { k: 'assign'; set: boolean; target: VbExpr; value: VbExpr; span: Span }
  /**
   * A statement that calls something: `obj.EvictNode "n2"`, `Call obj.EvictNode("n2")`, `EvictFrom a, b`.
   * `target` is the called expression as written (a member, ident or call expression); `args` are the
   * arguments written without parentheses after it (empty when they are inside `target`'s call).
   */
  | { k: 'call'; target: VbExpr; args: (VbExpr | undefined)[]; span: Span }
  | { k: 'dim'; names: { name: string; span: Span }[]; span: Span }
  | { k: 'const'; items: { name: string; value: VbExpr; span: Span }[]; span: Span }
  | { k: 'procedure'; kind: 'sub' | 'function' | 'property'; name: string; params: { name: string; span: Span }[]; body: VbStmt[]; span: Span }
  | { k: 'if'; branches: { cond?: VbExpr; body: VbStmt[] }[]; span: Span }
  | { k: 'select'; subject: VbExpr; cases: { values: VbExpr[]; body: VbStmt[] }[]; span: Span }
  | { k: 'foreach'; variable: string; variableSpan: Span; collection: VbExpr; body: VbStmt[]; span: Span }
  | { k: 'loop'; conditions: VbExpr[]; body: VbStmt[]; span: Span }
  | { k: 'with'; object: VbExpr; body: VbStmt[]; span: Span }
  | { k: 'class'; name: string; body: VbStmt[]; span: Span }
  | { k: 'other'; span: Span };

export interface VbProgram {
  body: VbStmt[];
  /** The comments that name hopcheck (suppressions); no other comment is read. */
  comments: { text: string; span: Span }[];
  /** Ranges the parser could not read, in the statements that were converted (all of them when exhaustive). */
  errors: Span[];
}
