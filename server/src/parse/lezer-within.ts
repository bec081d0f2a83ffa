// A Lezer parse under the per-file budget, shared by the VBScript and JScript parsers: the deadline is
// checked between parse steps, and a tree too deep to build is reported as such.
import type { Tree, TreeFragment } from '@lezer/common';
import type { LRParser } from '@lezer/lr';
import { check, TooDeeplyNested, type Deadline } from '../base/budget';

/** Parses `text` with `parser`, giving up with BudgetExceeded past the deadline. Never throws on bad input. */
export function parseLezerWithin(parser: LRParser, text: string, deadline?: Deadline, fragments?: readonly TreeFragment[]): Tree {
  try {
    if (!deadline) return parser.parse(text, fragments);
    const parse = parser.startParse(text, fragments);
    for (let steps = 0; ; steps++) {
      const tree = parse.advance();
      if (tree) return tree;
      if ((steps & 63) === 0) check(deadline); // often: on a pathological line one step can take milliseconds
    }
  } catch (e) {
    // @lezer/common builds trees recursively: thousands of nested parentheses exhaust the stack.
    if (e instanceof RangeError) throw new TooDeeplyNested();
    throw e;
  }
}
