// Same-length respellings of PowerShell that tree-sitter-powershell misreads, so a script is parsed the
// way PowerShell reads it and every offset (findings, fixes, suppressions) stays that of the file.
//  - Meaning (everywhere in code): PowerShell's tokenizer takes typographic quotes ‘ ’ ‚ ‛ and “ ” „ as
//    ' and ", and the dashes – — ― as -. The grammar does not: `“node1”` became a command named
//    `“node1”`, `$a = 3 – 1` an error. Text pasted from a word processor is full of them.
//  - Grammar (only where the tree has errors, so a statement the grammar reads is never respelled):
//    `-Node n1, n2` is read as `n1 ,n2` (the grammar rejects a space after the comma of a bare-word
//    list); a number suffix `1GB` as `1  `; an empty script block `{ }` as `{;}`; a bare path starting with a variable (`$PSScriptRoot\..\x`,
//    an expandable word to PowerShell) as a bare word `_PSScriptRoot\..\x`, whose value expressions.ts
//    reads back from the file's own text; a one-line `{ param($x) Get-X }` as `{ param($x);Get-X }`;
//    a bitwise operator `-bor`/`-band`/`-bxor` as `-eq` (the grammar rejects them in a method's
//    arguments, `$f.Invoke($a -bor $b)`; flags never name a computer, so the value does not matter);
//    the digits of a parameter name as `_` (`-Win32Types` as `-Win__Types`: the grammar's parameter
//    token has no digits; no parameter hopcheck reads has any); a type as a default value
//    (`$Type = [int],` before an attributed parameter, which the grammar reads as one array with the
//    attribute) as `0` and blanks (a type never names a computer); a switch clause's double-quoted
//    condition that expands nothing (`"a b" {`, `"^(;.*)$" {`) as single-quoted, the same value, which
//    the grammar reads whatever it holds. PowerView.ps1 (770 KB) was one ERROR.
// Strings, here-strings and comments are skipped (their content is not code), except that typographic
// quotes still open and close strings, as in PowerShell.
import type { Span } from '../model';

const SINGLE = "'\u2018\u2019\u201a\u201b";
const DOUBLE = '"\u201c\u201d\u201e';
const DASHES = '\u2013\u2014\u2015';
/** What can start a string, comment or here-string, or be respelled, outside the broken lines. */
const SPECIAL = /[#<@'"`\u2013-\u2015\u2018-\u201e]/g;
/** SPECIAL, and what can start a grammar respelling (`maskChanges`: each rule there starts at one of these). */
const GRAMMAR_SPECIAL = /[#<@'"`\u2013-\u2015\u2018-\u201e,\-[0-9{pP$]/g;
/** What ends (or escapes within) a single- or double-quoted string. */
const SINGLE_STOP = /['\u2018-\u201b]/g;
const DOUBLE_STOP = /["\u201c-\u201e`]/g;
/**
 * Where the next character of the one-character class `re` (global) is at or after `from`, or the text's
 * length. By `test`, which leaves `lastIndex` just past the match: `exec` made an array for each of
 * the hundreds of thousands of matches in a large script.
 */
function nextOf(re: RegExp, text: string, from: number): number {
  re.lastIndex = from;
  return re.test(text) ? re.lastIndex - 1 : text.length;
}

/** Any character a meaning mask rewrites (a file without one needs no re-parse for meaning). */
export const TYPOGRAPHIC = /[\u2013-\u2015\u2018-\u201e]/;

/**
 * `text` respelled (same length). `grammar` lists the ranges (broken statements) where the grammar
 * masks apply; typographic characters are read as ASCII everywhere. Returns `text` itself when nothing changed.
 */
export function maskPowerShell(text: string, grammar: Span[]): string {
  return applyMask(text, maskChanges(text, grammar));
}

/** The characters `maskPowerShell` replaces, as [offset, replacement] in offset order. */
export function maskChanges(text: string, grammar: Span[]): [number, string][] {
  if (!TYPOGRAPHIC.test(text) && grammar.length === 0) return [];
  const out: [number, string][] = [];
  let g = 0; // the next grammar range that can still hold `i`
  const put = (i: number, s: string) => { out.push([i, s]); };
  const inGrammar = (i: number) => {
    while (g < grammar.length && grammar[g].end <= i) g++;
    return g < grammar.length && grammar[g].start <= i;
  };
  const n = text.length;
  for (let i = 0; i < n; i++) {
    if (!inGrammar(i)) {
      // Outside the broken lines only quotes, comments, here-strings and dashes matter: jump to the next.
      const next = nextOf(SPECIAL, text, i);
      const stop = Math.min(next, g < grammar.length ? grammar[g].start : n);
      if (stop > i) { i = stop - 1; continue; }
    } else {
      // Inside them, jump to the next character a respelling below can start at (a program the grammar
      // gave up on whole is all broken lines: PowerView.ps1 is 770 KB).
      const next = nextOf(GRAMMAR_SPECIAL, text, i);
      const stop = Math.min(next, grammar[g].end);
      if (stop > i) { i = stop - 1; continue; }
    }
    const c = text[i];
    // Comments.
    if (c === '#') { const nl = text.indexOf('\n', i); i = (nl === -1 ? n : nl) - 1; continue; }
    if (c === '<' && text[i + 1] === '#') { const close = text.indexOf('#>', i + 2); i = (close === -1 ? n : close + 2) - 1; continue; }
    // Here-strings: @' or @" at a line end, closed by '@ or "@ at a line start.
    if (c === '@' && (SINGLE.includes(text[i + 1] ?? '\0') || DOUBLE.includes(text[i + 1] ?? '\0')) && /[\r\n]/.test(text[i + 2] ?? '')) {
      const dbl = DOUBLE.includes(text[i + 1]);
      if (text[i + 1] !== "'" && text[i + 1] !== '"') put(i + 1, dbl ? '"' : "'");
      const re = dbl ? /\n[ \t]*["\u201c\u201d\u201e]@/g : /\n[ \t]*['\u2018\u2019\u201a\u201b]@/g;
      re.lastIndex = i + 2;
      const m = re.exec(text);
      if (!m) break;
      const q = m.index + m[0].length - 2;
      if (text[q] !== "'" && text[q] !== '"') put(q, dbl ? '"' : "'");
      i = q + 1;
      continue;
    }
    if (SINGLE.includes(c) || DOUBLE.includes(c)) {
      const quotes = SINGLE.includes(c) ? SINGLE : DOUBLE;
      const ascii = quotes[0];
      if (c !== ascii) put(i, ascii);
      // The closing quote, found by a search rather than character by character (strings hold most of a script's text).
      const stop = ascii === '"' ? DOUBLE_STOP : SINGLE_STOP;
      let j = i + 1;
      for (;;) {
        j = nextOf(stop, text, j);
        if (j === n) break;
        if (text[j] === '`') { j += 2; continue; } // an escaped character (double quotes only)
        if (text[j] !== ascii) put(j, ascii);
        if (quotes.includes(text[j + 1] ?? '\0')) { j++; if (text[j] !== ascii) put(j, ascii); j++; continue; } // doubled: an escaped quote
        break;
      }
      if (c === '"' && text[j] === '"' && inGrammar(i) && isLiteralClauseCondition(text, i, j)) {
        // `"a b" {`, `"^(;.*)$" # c` + `{` as a switch clause: the grammar rejects blanks, `(`, `)`, `{`,
        // `}`, `;` and `&` in a double-quoted clause condition, not in a single-quoted one; the string
        // expands nothing, so single quotes give the same value.
        put(i, "'");
        put(j, "'");
      }
      i = j;
      continue;
    }
    if (DASHES.includes(c)) { put(i, '-'); continue; }
    if (c === '`') { i++; continue; }
    if (!inGrammar(i)) continue;
    if (c === ',' && (text[i + 1] === ' ' || text[i + 1] === '\t') && i > 0 && /[\w.\\'")\]]/.test(text[i - 1])) {
      // `a, b` → `a ,b`: move the comma past the blanks when a bare word follows.
      let j = i + 1;
      while (text[j] === ' ' || text[j] === '\t') j++;
      if (j < n && /[\w.\\$'"@(-]/.test(text[j])) {
        put(i, ' ');
        put(j - 1, ',');
        i = j - 1;
      }
      continue;
    }
    if (c === '-' && /[ \t]/.test(text[i - 1] ?? '')) {
      // A parameter name with digits (`-Win32Types`, `-IPv6Address:`): the digits become `_`.
      const m = /^-[A-Za-z_][A-Za-z_]*\d\w*(?=[\s:]|$)/.exec(text.slice(i, i + 100));
      if (m) {
        for (let k = 1; k < m[0].length; k++) if (text[i + k] >= '0' && text[i + k] <= '9') put(i + k, '_');
        i += m[0].length - 1;
        continue;
      }
    }
    if (c === '-' && /[ \t(]/.test(text[i - 1] ?? '') && /^-b(?:or|and|xor)(?![\w-])/i.test(text.slice(i, i + 6))) {
      // `-bor` → `-eq `, `-band`/`-bxor` → `-eq  ` (same length; see the header).
      const len = text[i + 2].toLowerCase() === 'o' ? 4 : 5;
      put(i + 1, 'e');
      put(i + 2, 'q');
      for (let k = 3; k < len; k++) put(i + k, ' ');
      i += len - 1;
      continue;
    }
    if (c === '[' && /=[ \t]*$/.test(text.slice(Math.max(0, i - 20), i))) {
      // `= [int],` / `= [System.Type])`: a type literal as a value, then `,` or `)` or the line's end.
      const m = /^\[[\w.]+(?:\[\])?\](?=[ \t]*(?:[,)]|\r?\n|$))/.exec(text.slice(i, i + 200));
      if (m) {
        put(i, '0');
        for (let k = 1; k < m[0].length; k++) put(i + k, ' ');
        i += m[0].length - 1;
        continue;
      }
    }
    if (c >= '0' && c <= '9' && !/[\w.$-]/.test(text[i - 1] ?? ' ')) {
      // `1GB`, `10kb`: a number with a multiplier suffix, which the grammar rejects in expressions. The
      // suffix becomes blanks (its magnitude does not matter to the double hop).
      const m = /^\d+(?:\.\d+)?([kmgtp]b)(?![\w.])/i.exec(text.slice(i, i + 40));
      if (m) { const at = i + m[0].length - 2; put(at, ' '); put(at + 1, ' '); i += m[0].length - 1; }
      continue;
    }
    if (c === '{' && text[i - 1] !== '@' && text[i - 1] !== '$') {
      // `{ }`, `{\n}`: an empty script block the grammar cannot read; one blank becomes `;`.
      let j = i + 1;
      while (j < n && (text[j] === ' ' || text[j] === '\t' || text[j] === '\r' || text[j] === '\n')) j++;
      if (text[j] === '}' && j > i + 1) put(i + 1, ';');
      continue;
    }
    if ((c === 'p' || c === 'P') && /^param\s*\(/i.test(text.slice(i, i + 12)) && /\{\s*$/.test(text.slice(Math.max(0, i - 40), i))) {
      // `{ param($x) Get-X … }` on one line: the grammar needs a separator after the param block.
      let depth = 0;
      let j = text.indexOf('(', i);
      for (; j < n; j++) {
        if (text[j] === '(') depth++;
        else if (text[j] === ')' && --depth === 0) break;
        else if (text[j] === '\n') break;
      }
      if (text[j] === ')' && (text[j + 1] === ' ' || text[j + 1] === '\t') && /[^\s;]/.test(text.slice(j + 1, j + 3).trim()[0] ?? ';')) put(j + 1, ';');
      continue; // the parameters are scanned as code like the rest
    }
    if (c === '$' && (i === 0 || /[ \t]/.test(text[i - 1]))) {
      // A command argument `$var\rest` (an expandable word): the whole token becomes a bare word.
      const m = /^\$[\w:]+\\[^\s;|)}]*/.exec(text.slice(i, i + 260));
      if (m) { put(i, '_'); i += m[0].length - 1; }
    }
  }
  out.sort((a, b) => a[0] - b[0]);
  return out;
}

/**
 * Is the double-quoted string [open, close] a switch clause's condition (first on its line, a `{` next,
 * maybe after a comment and line breaks) that expands nothing (no `$name`, `$(`, `${`, backtick or quote inside)?
 */
function isLiteralClauseCondition(text: string, open: number, close: number): boolean {
  if (!/(?:^|\n)[ \t]*$/.test(text.slice(Math.max(0, open - 200), open))) return false;
  if (!/^[ \t]*(?:#[^\r\n]*)?\s*\{/.test(text.slice(close + 1, close + 201))) return false;
  const content = text.slice(open + 1, close);
  return !/[`'"\u2018-\u201e]|\$(?=[\w{(:?^$])/.test(content);
}

/** `text` with the changes of `maskChanges` made. */
export function applyMask(text: string, out: [number, string][]): string {
  if (out.length === 0) return text;
  const pieces: string[] = [];
  let from = 0;
  for (const [i, r] of out) {
    if (i < from) continue;
    pieces.push(text.slice(from, i), r);
    from = i + 1;
  }
  pieces.push(text.slice(from));
  return pieces.join('');
}

/** `spans` widened to whole lines (the grammar masks apply to the lines a syntax error is on). */
export function wholeLines(text: string, spans: Span[]): Span[] {
  const out: Span[] = [];
  for (const sp of spans) {
    const start = text.lastIndexOf('\n', sp.start - 1) + 1;
    const nl = text.indexOf('\n', sp.end);
    const end = nl === -1 ? text.length : nl;
    const last = out.at(-1);
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else out.push({ start, end });
  }
  return out;
}

/** From the first typographic quote or dash to the last. */
export function typographicRange(text: string): Span | undefined {
  const first = text.search(TYPOGRAPHIC);
  if (first < 0) return undefined;
  let last = text.length - 1;
  while (last > first && !TYPOGRAPHIC.test(text[last])) last--;
  return { start: first, end: last + 1 };
}
