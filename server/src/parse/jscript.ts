// JScript parsing through @lezer/javascript, the maintained Lezer JavaScript parser. It reads modern
// JavaScript, a superset of the ES3 that Windows Script Host's JScript 5.x runs, with three
// differences that matter here: JScript's conditional compilation (`/*@cc_on … @*/`) is a comment to
// it (as it is to every non-IE engine; its code is not read), JScript-only syntax such as
// `function obj.event::onclick() {}` event handlers is an error node, and a few words JScript allows
// as names (`class`, `enum`, `let`… are reserved or contextual in ES5+) may parse differently.
// Also here: whether a standalone `.js` file is a WSH script at all (`isWshScript`).
import type { Tree } from '@lezer/common';
import type { LRParser } from '@lezer/lr';
import type { Deadline } from '../base/budget';
import { parseLezerWithin } from './lezer-within';

let loaded: LRParser | undefined;
/**
 * The grammar, loaded on first use, as VBScript's (parse/vbscript.ts): building its tables took 9 ms of
 * every analysis worker's start-up, on the cold start's critical path, for files that are rarely JScript.
 * Through a module of ours (jscript-grammar.ts): a `require` of the package took its CommonJS build and a
 * second copy of @lezer/common and @lezer/lr (6 MB more at the server's peak, measured).
 */
function jscript(): LRParser {
  return (loaded ??= (require('./jscript-grammar') as typeof import('./jscript-grammar')).parser);
}

/** Parses a JScript text, giving up with BudgetExceeded past the deadline. Never throws on bad input. */
export function parseJscriptWithin(text: string, deadline?: Deadline): Tree {
  return parseLezerWithin(jscript(), text, deadline);
}

/** Names whose use marks a Node.js module or a web page script. */
const NOT_WSH_OBJECTS = new Set(['module', 'exports', 'process', 'window', 'document', 'navigator', 'globalThis', 'self']);

/**
 * Is a standalone `.js` file a Windows Script Host script? A `.js` file is far more often a web page's
 * or a Node.js module than a WSH script, so it is read only when the first of these marks, in code
 * (comments and strings do not count), in document order, is a WSH one:
 * - WSH: `WScript.…`, `new ActiveXObject(…)`, `GetObject("winmgmts:…")`;
 * - not WSH: `import`/`export`, `require(…)`, or `module`, `exports`, `process`, `window`, `document`,
 *   `navigator`, `globalThis`, `self` used as an object.
 * A file with no mark at all is not read.
 */
export function isWshScript(tree: Tree, text: string): boolean {
  let verdict: boolean | undefined;
  const name = (from: number, to: number) => text.slice(from, to);
  tree.iterate({
    enter(n) {
      if (verdict !== undefined) return false;
      switch (n.name) {
        case 'ImportDeclaration':
        case 'ExportDeclaration':
          verdict = false;
          return false;
        case 'NewExpression': {
          const callee = n.node.getChild('VariableName');
          if (callee && name(callee.from, callee.to) === 'ActiveXObject') verdict = true;
          return undefined;
        }
        case 'CallExpression': {
          const callee = n.node.firstChild;
          if (callee?.name === 'VariableName') {
            const id = name(callee.from, callee.to);
            if (id === 'require') verdict = false;
            else if (id === 'GetObject') {
              // The moniker, or the literal that starts its concatenation ("winmgmts:\\\\" + server + …).
              let arg = n.node.getChild('ArgList')?.firstChild?.nextSibling;
              while (arg?.name === 'BinaryExpression' || arg?.name === 'ParenthesizedExpression') arg = arg.firstChild?.name === '(' ? arg.firstChild.nextSibling : arg.firstChild;
              if (arg?.name === 'String' && /^["']winmgmts:/i.test(name(arg.from, arg.to))) verdict = true;
            }
          }
          return undefined;
        }
        case 'MemberExpression': {
          const obj = n.node.firstChild;
          if (obj?.name === 'VariableName') {
            const id = name(obj.from, obj.to);
            if (id === 'WScript') verdict = true;
            else if (NOT_WSH_OBJECTS.has(id)) verdict = false;
          }
          return undefined;
        }
      }
      return undefined;
    },
  });
  return verdict === true;
}
