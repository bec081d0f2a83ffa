// Small readers over tree-sitter-powershell's concrete syntax tree. The grammar wraps every expression
// in a long chain of single-child precedence nodes; these helpers hide that and the token quirks
// (en/em dashes, `-Param:value`, module-qualified command names) from the fact extractor.
import type { Node } from '../../parse/powershell';
import type { Span } from '../model';

export const spanOf = (n: Node): Span => ({ start: n.startIndex, end: n.endIndex });

/** Precedence wrappers that carry no meaning of their own when they have a single child. */
const WRAPPERS = new Set([
  'pipeline', 'pipeline_chain', 'logical_expression', 'bitwise_expression', 'comparison_expression',
  'additive_expression', 'multiplicative_expression', 'format_expression', 'range_expression',
  'array_literal_expression', 'unary_expression', 'argument_expression', 'logical_argument_expression',
  'bitwise_argument_expression', 'comparison_argument_expression', 'additive_argument_expression',
  'multiplicative_argument_expression', 'format_argument_expression', 'range_argument_expression',
  'argument_expression_list', 'statement_list', 'script_block_body', 'string_literal', 'type_spec',
  'attribute_list', 'key_expression', 'script_parameter_default', 'left_assignment_expression',
]);

/**
 * Descends through single-child wrappers to the node that means something. The answer is kept on the
 * node: the interpreter unwraps the same expression again and again (each walk of a function, each
 * reading of a value: four times per node on real scripts).
 */
export function unwrap(n: Node): Node {
  return (n.unwrapped ??= unwrapUncached(n));
}

/**
 * The wrappers of an expression's precedence levels, each a node with the next level as its only child
 * when the expression has no operator at that level: read through in wasm memory (SyntaxTree.chainEnd).
 */
export const PRECEDENCE: ReadonlySet<string> = new Set([
  'logical_expression', 'bitwise_expression', 'comparison_expression', 'additive_expression', 'multiplicative_expression',
  'format_expression', 'range_expression', 'array_literal_expression', 'unary_expression', 'argument_expression', 'logical_argument_expression',
  'bitwise_argument_expression', 'comparison_argument_expression', 'additive_argument_expression',
  'multiplicative_argument_expression', 'format_argument_expression', 'range_argument_expression',
]);

function unwrapUncached(n: Node): Node {
  let cur = n;
  for (;;) {
    if (!WRAPPERS.has(cur.type)) return cur;
    // Its only child, or through that child's precedence levels to where they end (a pipeline's `$x`).
    const end = cur.tree.chainEnd(cur, PRECEDENCE);
    if (end) { cur = end; continue; }
    const count = cur.namedChildCount;
    let only: Node | null = null;
    if (count === 1) only = cur.namedChild(0);
    else if (count === 2) {
      // A comment beside the single item does not count.
      const a = cur.namedChild(0);
      const b = cur.namedChild(1);
      if (a?.type === 'comment') only = b;
      else if (b?.type === 'comment') only = a;
    }
    if (!only) return cur;
    // A pipeline of one stage or an expression list of one item is that item.
    cur = only;
  }
}

/** The named children but comments (the node's own array when it has no comment: read-only). */
export function namedChildren(n: Node): readonly Node[] {
  const k = n.namedChildren;
  return k.some((c) => c.type === 'comment') ? k.filter((c) => c.type !== 'comment') : k;
}

export function childOfType(n: Node, type: string): Node | undefined {
  return namedChildren(n).find((c) => c.type === type);
}

/** Dashes PowerShell accepts before a parameter name: hyphen-minus, en dash, em dash, horizontal bar. */
export const DASHES = '-\u2013\u2014\u2015';

/** A regular-expression source for `word` in which every `-` may be written as any of DASHES. */
export function dashTolerant(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/-/g, `[${DASHES}]`);
}

/**
 * A regular-expression source matching any of `words` (dash-tolerant, for the `i` flag), factored by
 * common prefixes: `Add(?:Node|-Cluster(?:Node)?)…`. Scanning a text for a flat alternation of a hundred
 * words tries every word at every position; the factored form decides on the first letters, about three
 * times faster on long scripts. Where several words match at a position the longest one is tried first,
 * so callers look at where matches start (and check boundaries with lookarounds), not at their length.
 */
export function wordsPattern(words: readonly string[]): string {
  interface Trie { next: Map<string, Trie>; end: boolean }
  const root: Trie = { next: new Map(), end: false };
  for (const w of words) {
    let node = root;
    for (const ch of w.toLowerCase()) {
      let child = node.next.get(ch);
      if (!child) node.next.set(ch, (child = { next: new Map(), end: false }));
      node = child;
    }
    node.end = true;
  }
  const source = (node: Trie): string => {
    const arms = [...node.next].map(([ch, child]) => dashTolerant(ch) + source(child));
    if (arms.length === 0) return '';
    const body = arms.length === 1 ? arms[0] : `(?:${arms.join('|')})`;
    return node.end ? `(?:${body})?` : body;
  };
  return words.length ? source(root) : '(?!)';
}

/** A word wordsPattern matched, spelt as its words are looked up: lower case, with ASCII dashes (it accepts any dash). */
export function matchedWord(matched: string): string {
  return matched.toLowerCase().replace(/[\u2013-\u2015]/g, '-');
}

/**
 * Variables (as variableName spells them) whose value no assignment changes: `$true` and `$false` are
 * constants, and `$null = …` discards. The interpreter answers them without a scope (expressions.ts), and
 * relevance follows no assignment to them (relevance.ts).
 */
export const CONSTANT_VARIABLES: ReadonlySet<string> = new Set(['true', 'false', 'null']);

/** Lower-case variable name without `$`, braces or scope (`$script:Node` and `${Node}` are `node`). */
export function variableName(text: string): string {
  let t = text.startsWith('$') || text.startsWith('@') ? text.slice(1) : text;
  if (t.startsWith('{') && t.endsWith('}')) t = t.slice(1, -1);
  const m = /^(global|script|local|private|using):(.*)$/i.exec(t);
  return (m ? m[2] : t).toLowerCase();
}

/** The cmdlet name without module qualification, lower-case (`FailoverClusters\Remove-ClusterNode`). */
export function commandName(n: Node): string {
  const raw = n.text.replace(/^['"]|['"]$/g, '');
  const last = raw.split('\\').pop() ?? raw;
  return last.toLowerCase();
}

export type CommandElement =
  /** `-Name`, `–Name`, `-Name:value` (value then bound regardless of switch-ness). */
  | { kind: 'param'; name: string; span: Span; colonValue?: ArgValue }
  | { kind: 'arg'; value: ArgValue }
  /** `@params` */
  | { kind: 'splat'; name: string; span: Span };

/**
 * An argument: a syntax node, literal text cut out of a token such as `–Class:MSCluster_Cluster`, or a
 * list re-assembled from `a ,b` (how a re-read line spells `a, b`, see recover.ts).
 */
export type ArgValue = { node: Node } | { text: string; span: Span } | { items: ArgValue[]; span: Span };

/** Reads a command's elements into parameters, arguments and splats, in order. */
export function commandElements(command: Node): CommandElement[] {
  const list = command.childForFieldName('command_elements');
  if (!list) return [];
  const out: CommandElement[] = [];
  const kids = list.children;
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i];
    if (k.type === 'command_argument_sep' || k.type === 'comment' || !k.isNamed) continue;
    if (k.type === 'command_parameter') {
      const name = k.text.slice(1).replace(/:$/, '').toLowerCase();
      // `-Name:value` is a parameter, a ':' separator, then the value.
      const sep = kids[i + 1];
      if (sep && sep.type === 'command_argument_sep' && sep.text === ':' && kids[i + 2]) {
        out.push({ kind: 'param', name, span: spanOf(k), colonValue: { node: kids[i + 2] } });
        i += 2;
      } else {
        out.push({ kind: 'param', name, span: spanOf(k) });
      }
      continue;
    }
    if (k.type === 'generic_token' && DASHES.includes(k.text[0]) && k.text.length > 1 && /[a-z]/i.test(k.text[1])) {
      // The grammar reads an en/em dash parameter as a bare word; so does `–Name:value` in one token.
      const colon = k.text.indexOf(':');
      if (colon > 0) {
        const name = k.text.slice(1, colon).toLowerCase();
        const span = { start: k.startIndex, end: k.startIndex + colon };
        out.push({ kind: 'param', name, span, colonValue: { text: k.text.slice(colon + 1), span: { start: k.startIndex + colon + 1, end: k.endIndex } } });
      } else {
        out.push({ kind: 'param', name: k.text.slice(1).toLowerCase(), span: spanOf(k) });
      }
      continue;
    }
    // `a ,b`: a list continued by a token that starts with a comma.
    const prev = out[out.length - 1];
    if (k.type === 'generic_token' && k.text.startsWith(',') && k.text.length > 1 && prev?.kind === 'arg') {
      const item: ArgValue = { text: k.text.slice(1), span: { start: k.startIndex + 1, end: k.endIndex } };
      const items = 'items' in prev.value ? [...prev.value.items, item] : [prev.value, item];
      const first = 'node' in prev.value ? prev.value.node.startIndex : prev.value.span.start;
      prev.value = { items, span: { start: first, end: k.endIndex } };
      continue;
    }
    const inner = unwrap(k);
    if (inner.type === 'variable' && inner.text.startsWith('@')) {
      out.push({ kind: 'splat', name: variableName(inner.text), span: spanOf(inner) });
      continue;
    }
    out.push({ kind: 'arg', value: { node: k } });
  }
  return out;
}

/** Unescapes the body of a PowerShell string token; returns undefined if `n` is not a string. */
export function verbatimText(n: Node): string | undefined {
  const t = n.text;
  if (n.type === 'verbatim_string_characters') return t.slice(1, -1).replace(/''/g, "'").replace(/[\u2018\u2019]{2}/g, "'");
  if (n.type === 'verbatim_here_string_characters') return t.replace(/^@'\r?\n?/, '').replace(/\r?\n?'@$/, '');
  return undefined;
}

/** The first character of a string's content and its delimiter length (for spans without quotes). */
export function stringContentSpan(n: Node): Span {
  const t = n.text;
  if (/^@["']/.test(t)) return { start: n.startIndex + 2, end: n.endIndex - 2 };
  if (/^["'\u2018\u2019\u201c\u201d]/.test(t)) return { start: n.startIndex + 1, end: n.endIndex - 1 };
  return spanOf(n);
}

/** Expands PowerShell's backtick escapes in the literal pieces of a double-quoted string. */
export function unescapeExpandable(s: string): string {
  return s.replace(/`(.)/g, (_m, c: string) => ({ n: '\n', r: '\r', t: '\t', '0': '\0' } as Record<string, string>)[c] ?? c).replace(/""/g, '"');
}

/** Does `prefix` name `full`? PowerShell accepts any unambiguous prefix of a parameter name. */
export function isPrefixOf(prefix: string, full: string): boolean {
  return prefix.length > 0 && full.toLowerCase().startsWith(prefix.toLowerCase());
}

/**
 * A regex source for `-Name` as PowerShell accepts it written: any prefix of at least `least` letters
 * (`-Cl`, `-Clus`… for `Cluster` with 2), as a whole word.
 */
export function parameterPrefixSource(name: string, least: number): string {
  const rest = [...name.slice(least)].reduceRight((inner, c) => `(?:${c}${inner})?`, '');
  return `-${name.slice(0, least)}${rest}\\b`;
}
