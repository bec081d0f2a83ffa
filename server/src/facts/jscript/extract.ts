// The JScript fact extractor: the JScript tree converted to the shared script model (from-lezer.ts),
// walked by the VBScript interpreter, which models the same WSH and WMI scripting objects.
import type { Tree } from '@lezer/common';
import type { Deadline } from '../../base/budget';
import type { Facts } from '../model';
import { extractVbscript } from '../vbscript/extract';
import { jscriptToIr } from './from-lezer';

/** Facts of a JScript text; `offset` is where it starts in the document (a .wsf/.hta block). */
export function extractJscript(
  tree: Tree, text: string, document: string, offset = 0, parse?: (text: string) => Tree, deadline?: Deadline,
): Facts {
  const facts = extractVbscript(jscriptToIr(tree, text, offset, parse, deadline), document, deadline);
  facts.language = 'jscript';
  return facts;
}
