// What a rule reports. Language-neutral: a span into the document, a message, and the trace.
import type { RuleCode } from '../catalogue/index';
import type { Language, Span, TraceStep } from '../facts/model';
import type { Locality } from '../resolve/target';
import type { ResolvedCall } from './context';

export type { RuleCode };
export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = Severity | 'off';

export interface Finding {
  code: RuleCode;
  /** The rule's default severity; front doors apply the user's settings. */
  severity: Severity;
  message: string;
  /** The method or cmdlet name as written. */
  span: Span;
  /** The whole call, for fixes. */
  callSpan: Span;
  /** From the call back to the connection (or session) and to where its target came from. */
  related: TraceStep[];
  /** Canonical method or cmdlet name. */
  method: string;
  /** The connection's or session's target as a person reads it. */
  target: string;
  locality: Locality;
  /** The resolved facts behind the finding, for quick fixes. */
  context?: ResolvedCall;
  /** Where the script starts in the document (a .wsf/.hta block), for file-wide comments. */
  scriptStart?: number;
  /**
   * The call is in a script a .wsf job includes: the finding is placed on the include's `src` (the
   * document's own text), the call is the first related step, and no fix is offered (its edits
   * would belong to the other file).
   */
  inInclude?: string;
  /** The script language of a .wsf/.hta block or .js file (VBScript when absent in those), for fixes that write code. */
  language?: Language;
}
