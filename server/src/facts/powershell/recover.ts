// Tolerant re-reading of statements the grammar could not parse. About a quarter of real scripts
// contain syntax tree-sitter-powershell rejects (PowerShell 7 operators, odd argument tokens...), and
// its error recovery can swallow the following, perfectly good lines into the broken statement.
// So an erroneous region is cut into logical lines (brackets balanced, continuations joined) and each
// is parsed on its own; the fact extractor then reads those small trees like any other.
import { check, type Deadline } from '../../base/budget';
import { parsePowerShellRanges, viewOf, type SyntaxTree } from '../../parse/powershell';
import type { Span } from '../model';
import { maskPowerShell } from './mask';

/** Lines a single logical statement may span before we give up balancing its brackets. */
const MAX_LINES = 200;

/**
 * Splits `text[start, end)` into statement-sized chunks. A chunk ends at a newline or `;` outside
 * strings, comments and brackets, unless the line continues (backtick, trailing `|`). A chunk whose
 * brackets never close within the region is cut back to its first line, so one unclosed `(` cannot
 * hide the lines after it.
 */
export function logicalLines(text: string, start: number, end: number, deadline?: Deadline): Span[] {
  const out: Span[] = [];
  let pos = start;
  while (pos < end) {
    check(deadline); // each chunk can scan far ahead (an unclosed quote): check every one
    const stop = chunkEnd(text, pos, end);
    const chunkStop = stop ?? lineEnd(text, pos, end);
    if (text.slice(pos, chunkStop).trim()) out.push({ start: pos, end: chunkStop });
    pos = chunkStop + 1;
  }
  return out;
}

function lineEnd(text: string, pos: number, end: number): number {
  const nl = text.indexOf('\n', pos);
  return nl === -1 || nl > end ? end : nl;
}

/** End of the balanced statement starting at `pos`, or undefined if it does not balance in time. */
function chunkEnd(text: string, pos: number, end: number): number | undefined {
  let depth = 0;
  let lines = 0;
  let lastSignificant = '';
  for (let i = pos; i < end; i++) {
    const c = text[i];
    if (c === "'" || c === '\u2018' || c === '\u2019') {
      const close = skipQuoted(text, i, end, "'");
      if (close < 0) return undefined;
      i = close - 1;
      lastSignificant = "'";
      continue;
    }
    if (c === '"' || c === '\u201c' || c === '\u201d') {
      const close = skipQuoted(text, i, end, '"');
      if (close < 0) return undefined;
      i = close - 1;
      lastSignificant = '"';
      continue;
    }
    if (c === '@' && (text[i + 1] === '"' || text[i + 1] === "'") && (text[i + 2] === '\n' || text[i + 2] === '\r')) {
      const close = text.indexOf('\n' + text[i + 1] + '@', i + 2);
      if (close === -1 || close >= end) return undefined;
      i = close + 2;
      lastSignificant = '@';
      continue;
    }
    if (c === '<' && text[i + 1] === '#') {
      const close = text.indexOf('#>', i + 2);
      if (close === -1 || close >= end) return undefined;
      i = close + 1;
      continue;
    }
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = (nl === -1 ? end : nl) - 1;
      continue;
    }
    if (c === '`') {
      i++; // escaped character, including a line continuation
      continue;
    }
    if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') depth = Math.max(0, depth - 1);
    else if (c === '\n') {
      if (depth === 0 && lastSignificant !== '|') return i;
      if (++lines > MAX_LINES) return undefined;
      continue;
    } else if (c === ';' && depth === 0) return i;
    if (!/\s/.test(c)) lastSignificant = c;
  }
  return depth === 0 ? end : undefined;
}

function skipQuoted(text: string, i: number, end: number, q: "'" | '"'): number {
  const quotes = q === "'" ? "'\u2018\u2019" : '"\u201c\u201d';
  for (let j = i + 1; j < end; j++) {
    const c = text[j];
    if (q === '"' && c === '`') { j++; continue; }
    if (quotes.includes(c)) {
      if (quotes.includes(text[j + 1] ?? '')) { j++; continue; } // doubled quote
      return j + 1;
    }
  }
  return -1; // unclosed: the caller cuts the chunk back to one line
}

/** A "statement" longer than this is not code anyone wrote (a pasted blob, a fuzzed file): not re-read. */
const MAX_CHUNK = 64 * 1024;

/**
 * Parses each logical line of the region on its own (only those `keep` accepts: the extractor passes
 * its relevance test); the caller must `delete()` the trees.
 */
export function reparseRegion(text: string, region: Span, keep: (line: Span) => boolean = () => true, deadline?: Deadline, masks = true): SyntaxTree[] {
  const trees: SyntaxTree[] = [];
  try {
    for (const line of logicalLines(text, region.start, region.end, deadline)) {
      check(deadline);
      if (line.end - line.start > MAX_CHUNK || !keep(line)) continue;
      const t = parsePowerShellRanges(text, [line]);
      if (t?.rootNode.hasError) {
        // Try the line with the grammar's blind spots respelled (mask.ts: `-Node n1, n2` as `n1 ,n2`,
        // `{ }`, bare `$var\path`; same length, so every offset stays right). Only the line is
        // respelled: a copy of the whole text per broken line made a long broken file quadratic.
        const original = text.slice(line.start, line.end);
        const respelled = masks ? maskPowerShell(original, [{ start: 0, end: original.length }]) : original.replace(/,([ \t]+)(?=[\w.\\$'"@(-])/g, '$1,');
        const t2 = respelled !== original ? parsePowerShellRanges(text, [line], spliced(text, line, respelled)) : undefined;
        if (t2 && !t2.rootNode.hasError) {
          t.delete();
          trees.push(viewOf(t2, splicedSlice(text, line, respelled), true, deadline));
          continue;
        }
        t2?.delete();
      }
      if (t) trees.push(viewOf(t, (a, b) => text.slice(a, b), true, deadline));
    }
  } catch (e) {
    for (const t of trees) t.delete(); // past the deadline: the caller never sees these trees
    throw e;
  }
  return trees;
}

/** The characters of [a, b) of `text` with `span` replaced by `replacement` (same length). */
function splicedSlice(text: string, span: Span, replacement: string): (a: number, b: number) => string {
  return (a, b) => {
    const from = Math.max(a, span.start);
    const to = Math.min(b, span.end);
    if (from >= to) return text.slice(a, b);
    return text.slice(a, from) + replacement.slice(from - span.start, to - span.start) + text.slice(to, Math.max(to, b));
  };
}

/** Reads `text` with `span` replaced by `replacement` (same length), in chunks that never cross the span's edges. */
function spliced(text: string, span: Span, replacement: string): (index: number) => string {
  const CHUNK = 8192;
  return (index) => {
    if (index < span.start) return text.slice(index, Math.min(span.start, index + CHUNK));
    if (index < span.end) return replacement.slice(index - span.start, index - span.start + CHUNK);
    return text.slice(index, index + CHUNK);
  };
}
