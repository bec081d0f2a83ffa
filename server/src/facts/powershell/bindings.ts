// Which mentions of a variable may bind it, read from the text after each: relevance (relevance.ts) follows a
// name a relevant statement reads into the statements that can change what it holds, not into every statement
// that reads it too. In an admin script one `$Nodes` read by a session command made each of hundreds of
// `Get-Service -ComputerName $Nodes[0]` relevant, and every edit re-analysed them all.
//
// The interpreter changes a variable's value in an assignment (`$x = …`, `$x += …`, `[T]$x = …`, `$x.A.B = …`,
// `$x['k'] = …`), a foreach variable (`foreach ($x in …)`) and a hashtable's `.Add(k, v)`; parameters are bound
// whenever their function or block is walked, whatever the points say. The reading errs towards "may bind":
// a comma (`$a, $b = …`), any method call, any `(`, a comment, anything unclear or out of reach.
import { DASHES } from './syntax';

/** How far after a mention the reading looks (a longer index or member chain: may bind). */
const REACH = 2048;
/** How far after a mention's end mayBind reads at most (REACH, and a few characters ahead of its last step). */
export const BIND_READS = REACH + 4;
const OPERATOR = new Set(['+', '*', '/', '%', '?', ...DASHES]);
const BLANK = new Set([' ', '\t', '\r', '\n', '\f', '\v', '\u00a0', '`']);

/**
 * What may stand right after a variable the grammar reads as text-scan.ts's pattern does. Anything else (`$`,
 * `^`, `{`, a letter outside ASCII) may be read as part of the name, or glued to it by error recovery
 * (`$script:wql$= …` is an assignment to the grammar): may bind.
 */
const ENDS_NAME = /[\s\\`.[\]()};|,="'+*/%?!<>&#\-\u2013\u2014\u2015]/;

/**
 * ENDS_NAME and BLANK for ASCII, by character code: the closure asks mayBind of every mention of a relevant
 * name (5,000 of `$Nodes` in the bench's admin script, on each edit), and a regular expression or a set of
 * one-character strings a character cost most of it. Other characters are asked of those.
 */
const ASCII_ENDS_NAME = asciiTable((c) => ENDS_NAME.test(c));
const ASCII_BLANK = asciiTable((c) => BLANK.has(c));
/** `\w`'s characters (ASCII letters, digits, `_`), by code. */
export const ASCII_WORD = asciiTable((c) => /\w/.test(c));

function asciiTable(test: (c: string) => boolean): Uint8Array {
  const table = new Uint8Array(128);
  for (let i = 0; i < 128; i++) table[i] = test(String.fromCharCode(i)) ? 1 : 0;
  return table;
}

const endsName = (code: number, c: string) => (code < 128 ? ASCII_ENDS_NAME[code] === 1 : ENDS_NAME.test(c));
const blank = (code: number, c: string) => (code < 128 ? ASCII_BLANK[code] === 1 : BLANK.has(c));

/** May the variable mention that ends at `end` be bound by the statement it is in? */
export function mayBind(text: string, end: number): boolean {
  if (end >= text.length) return false;
  if (!endsName(text.charCodeAt(end), text[end])) return true;
  const limit = Math.min(text.length, end + REACH);
  for (let i = end; i < limit;) {
    const code = text.charCodeAt(i);
    const c = text[i];
    // Blanks, line breaks and continuations: an error-recovering parse may join lines a valid script keeps apart.
    // `)`: the end of a group around the variable (`($x) = …` is read as an assignment by the grammar).
    if (code === 41 || blank(code, c)) {
      i++;
      continue;
    }
    if (c === '=' || c === ',' || c === '(' || c === '#' || c === '<') return true;
    if (OPERATOR.has(c)) {
      // `+=`, `-=`, `??=`, `++`, `--`; not `-ne`, `-in`, `?? 'default'`, `+ 1`.
      const next = text[i + 1];
      return next === '=' || (c === '?' ? next === '?' && text[i + 2] === '=' : next === c);
    }
    if (c === '.') {
      if (text[i + 1] === '.') return false; // `$a..$b`, a range
      let j = i + 1;
      while (j < limit && text.charCodeAt(j) < 128 && ASCII_WORD[text.charCodeAt(j)] === 1) j++;
      if (j === i + 1) return true; // `.$name`, `."name"`, `.(…)`: a member named by a value
      i = j;
      continue;
    }
    if (c === '[') {
      const close = closingBracket(text, i, limit);
      if (close < 0) return true;
      i = close + 1;
      continue;
    }
    // `foreach ($x in …)`.
    if ((c === 'i' || c === 'I') && /^in(?![\w-])/i.test(text.slice(i, i + 3))) return true;
    return false;
  }
  return limit < text.length; // out of reach: may; at the end of the text: nothing binds it
}

/** The offset of the `]` that closes the `[` at `open`, or -1 before `limit`. */
function closingBracket(text: string, open: number, limit: number): number {
  let depth = 0;
  for (let i = open; i < limit; i++) {
    if (text[i] === '[') depth++;
    else if (text[i] === ']' && --depth === 0) return i;
  }
  return -1;
}
