// Which statements of a PowerShell script can matter to the double hop, decided from the text so the
// extractor never reads the rest. Reading a tree from JavaScript costs calls into wasm for every node
// (reading a whole 5,000-line script takes about half as long as parsing it: parse/syntax-tree.ts), so
// evaluating every statement of a long script dominates the analysis; most statements of real scripts
// never touch a WMI connection, a session or a cluster call.
//
// The rule is exact, not a heuristic. Every finding is about a call named in the text (the pre-filter
// in core/analyze.ts relies on the same), so a top-level statement is relevant when its text contains
//   - a seed: a word of every construct that can start a finding (the catalogue's methods, cluster cmdlets
//     and remote-session commands: Invoke-Command, Enter-/Exit-/New-PSSession and their aliases; not a
//     session word that opens no session, an Invoke-Command written to run here or a word that is no
//     command's name; in a script that can run code remotely, the commands that reach other computers too,
//     but not where no session can run them: narrowSeeds), or
//   - a mention that may bind a variable (`$x`, `${x}`, `$script:x`, `@x`) that a relevant statement mentions:
//     the closure brings in every statement that can assign what a relevant statement reads, told from the
//     text after each mention (bindings.ts; in a statement with a syntax error, every mention), not those that
//     only read it too (`$true`, `$false` and `$null` read the same whatever is assigned, so they bring in
//     nothing), or
//   - the name of a function whose definition is relevant (its call sites bind its parameters).
// Statements that are not relevant contain none of these, so they can neither create a call nor change
// a value a call's finding is built from; skipping them leaves the findings as they were (a WMI query
// of another class, for one, now creates no connection fact: none of the rules would read it). Nested statement lists are
// gated by the same points (a nested statement without any of them cannot matter either).
// test/facts/relevance.test.ts checks that gated and exhaustive extraction agree on every fixture.
import type { Node } from '../../parse/powershell';
import type { TopIndex } from './top-index';
import type { Span } from '../model';
import { check, type Deadline } from '../../base/budget';
import { firstAtOrAfter, hasPointIn, offsetsOf, sortedPoints } from '../points';
import { invokesLocally } from './handlers/sessions';
import { CONSTANT_VARIABLES, matchedWord, wordsPattern } from './syntax';
import { eachVariableName, reachingWordsIn, seedTest, type Seeds, type VariableMentions } from './text-scan';
import { TYPOGRAPHIC } from './mask';
import { runHolding } from './tree';
import { mayBind } from './bindings';
import type { OutsideVerdicts, VerdictsFound } from './outside-verdicts';


export class Relevance {
  private constructor(
    /** Every statement relevant: the extractor walks the whole tree (for comparison tests). */
    readonly exhaustive: boolean,
    /** Sorted offsets of seeds, relevant variables and relevant function names. */
    private readonly points: ArrayLike<number> = [],
    /** Relevant children of the program's statement list(s), in order (keyed by the list's start). */
    private readonly tops = new Map<number, Node[]>(),
    private readonly names = new Set<string>(),
    private readonly functionNames = new Set<string>(),
    private readonly index?: TopIndex,
    /** The commands that reach other computers were seeds (the script can run code remotely). */
    private readonly hops = false,
    /** Bodies of functions a relevant statement calls, relevant whole (sorted by start). */
    private readonly bodies = new Ranges([]),
    /** Invoke-Command commands read as local from their syntax (narrowSeeds). */
    private readonly localInvokes: Span[] = [],
    /** Those commands were seeds only where a session can run them (narrowSeeds). */
    private readonly narrowed = false,
  ) {}

  static all(): Relevance {
    return new Relevance(true);
  }

  static of(
    index: TopIndex, text: string, functions: Node[], deadline: Deadline | undefined, seeds: Seeds, mentions: VariableMentions,
    verdicts?: { carried?: OutsideVerdicts; found?: VerdictsFound },
  ): Relevance {
    const narrowed = narrowSeeds(index, seeds, text, deadline, verdicts);
    const { points, tops, names, functionNames, bodies } = computeRelevance(index, text, functions, deadline, narrowed.at, mentions);
    return new Relevance(false, points, tops, names, functionNames, index, narrowed.hops, new Ranges(bodies), narrowed.local, narrowed.narrowed);
  }

  /** Does [start, end) contain a relevant point, or overlap a relevant function body? */
  touches(start: number, end: number): boolean {
    return this.exhaustive || hasPointIn(this.points, start, end) || this.bodies.overlaps(start, end);
  }

  /** The relevant statements of one of the program's statement lists, or undefined to walk it normally. */
  topStatements(list: Node): Node[] | undefined {
    if (this.exhaustive || !this.index?.isTopList(list)) return undefined;
    return this.tops.get(list.startIndex) ?? [];
  }

  /** What decided relevance, as plain data that outlives the tree (see core/reuse.ts). */
  summary(): RelevanceSummary {
    const tops: Span[] = [];
    for (const list of this.tops.values()) for (const n of list) tops.push({ start: n.startIndex, end: n.endIndex });
    return {
      language: 'powershell', names: this.names, functionNames: this.functionNames, tops, hops: this.hops, localInvokes: this.localInvokes,
      points: this.points, narrowed: this.narrowed,
    };
  }
}

export interface RelevanceSummary {
  language: 'powershell';
  /** Variables (lower case) whose every mention is relevant. */
  names: ReadonlySet<string>;
  /** Relevant functions (lower case): their call sites are relevant. */
  functionNames: ReadonlySet<string>;
  /** The relevant top-level statements. */
  tops: Span[];
  /** The commands that reach other computers were seeds too (hopSeedRe). */
  hops?: boolean;
  /** ... but only where a session can run them (narrowSeeds: no Enter-PSSession, not run remotely). */
  narrowed?: boolean;
  /** Where what made a statement relevant is (sorted offsets): the seeds kept, the mentions that may bind a relevant name, the relevant functions' call sites. */
  points: ArrayLike<number>;
  /**
   * Invoke-Command commands that were no seeds because they are written to run locally: an edit of one
   * may make it remote, which no word of the edit need show (`-Cn n1` typed on a continued line).
   */
  localInvokes?: Span[];
}

/**
 * Could the edited lines of the old text, `piece` (from `at`), have made a statement relevant? Used to prove that
 * an edit cannot change the analysis (core/reuse.ts): they must hold no seed word, no point of the last
 * relevance (a seed kept, a mention that may bind a relevant name, a relevant function's call site), no function
 * definition and no suppression. A command that reaches other computers or a relevant name's mention that was
 * no point made nothing relevant, so its going changes nothing.
 */
export function couldHaveMattered(piece: string, at: number, summary: RelevanceSummary): boolean {
  return hasPointIn(summary.points, at, at + piece.length) || mattersAsWritten(piece, summary);
}

/**
 * Could the edited lines of the new text, [lines.start, lines.end) of `text`, make a statement relevant? True when
 * they may as written (a seed word, a mention that may bind a relevant name, a relevant function's name, a
 * function definition, a suppression); undefined when they cannot. Else the commands that reach other computers
 * written there (offsets in `text`), which they make relevant unless the new tree shows each outside every script
 * block (narrowSeeds, runsOutsideSessions): the caller must prove that, on a tree with no syntax error (a broken
 * statement's mentions all count, and its commands are read as seeds).
 */
export function couldMatter(text: string, lines: Span, summary: RelevanceSummary): true | { outsideBlocks: number[] } | undefined {
  const piece = text.slice(lines.start, lines.end);
  if (mattersAsWritten(piece, summary)) return true;
  // A mention of a relevant name that may bind it makes the lines matter; one that may not is for the tree to say.
  let binds = false;
  let deferred = false;
  eachVariableName(piece, 0, piece.length, (_at, end, name) => {
    if (binds || !summary.names.has(name)) return;
    if (mayBind(text, lines.start + end)) binds = true;
    else deferred = true;
  });
  if (binds) return true;
  const outsideBlocks = summary.hops ? reachingWordsIn(piece).map((at) => lines.start + at) : [];
  if (outsideBlocks.length && !summary.narrowed) return true;
  return deferred || outsideBlocks.length ? { outsideBlocks } : undefined;
}

/** Do the lines matter whatever the tree: a seed word (not counting the commands that reach other computers), a relevant function's name, a function definition, a suppression? */
function mattersAsWritten(piece: string, summary: RelevanceSummary): boolean {
  // A typographic quote opens or closes a string (mask.ts): it can change how every later line reads.
  if (seedTest().test(piece) || /(?:function|filter|workflow)|hopcheck/i.test(piece) || TYPOGRAPHIC.test(piece)) return true;
  // Each name as a whole word, as relevance finds call sites (not words split at a letter outside ASCII).
  const lower = piece.toLowerCase();
  for (const name of summary.functionNames) if (!wordMentions(lower, name).next().done) return true;
  return false;
}

/**
 * The seeds over this tree. A session word that is no command's name (an argument such as
 * `Mock Invoke-Command`, a string, a comment) opens no session: the interpreter runs a command only by the
 * name of a command node (its `command_name` field, also `& "Invoke-Command"`). Nor does an Invoke-Command
 * written to run here whatever its values (invokesLocally). Neither is a seed, and when no session word is
 * left, no code runs remotely and the commands that reach other computers are no seeds either (they are
 * recorded only inside a session: reach.ts); when one is left, nor are those written where no session can run
 * them (runsOutsideSessions). Only words in a statement without syntax errors are read so:
 * a broken one is re-read line by line (recover.ts), where it may split differently.
 */
export function narrowSeeds(
  index: TopIndex, seeds: Seeds, text: string, deadline?: Deadline, verdicts?: { carried?: OutsideVerdicts; found?: VerdictsFound },
): { at: ArrayLike<number>; hops: boolean; local: Span[]; narrowed: boolean } {
  const local: Span[] = [];
  const dropped: number[] = []; // ascending, as seeds.starts
  let opening = 0;
  let entering = 0; // Enter-PSSession, which moves the statements after it into a session
  for (const { at: p, invoke } of seeds.starts) {
    const top = index.statementAt(p);
    const named = top && !top.node.hasError && !index.brokenProgramAt(p) ? commandNamedAt(top.node, p) : undefined;
    if (named === 'none') {
      dropped.push(p);
    } else if (named && invoke && named.childForFieldName('command_name')?.startIndex === p && invokesLocally(named)) {
      dropped.push(p);
      local.push({ start: named.startIndex, end: named.endIndex });
    } else {
      opening++;
      if (!invoke) entering++;
    }
  }
  const hops = seeds.remote || opening > 0;
  let outside: ArrayLike<number> = []; // ascending, as seeds.hopOnly
  const narrowed = hops && !seeds.remote && entering === 0;
  if (!hops) outside = seeds.hopOnly;
  else if (narrowed) {
    const hopOnly = seeds.hopOnly;
    // Typed and at their length: an admin script names thousands of these, on each edit of a line that matters.
    const runs = new Int32Array(hopOnly.length);
    const verdict = new Int32Array(hopOnly.length);
    let n = 0;
    let braces: number[] | undefined;
    const carried = verdicts?.carried?.reader();
    for (let i = 0; i < hopOnly.length; i++) {
      if ((i & 255) === 255) check(deadline);
      const p = hopOnly[i];
      const out = carried?.(p) ?? runsOutsideSessions(index, p, text, (braces ??= offsetsOf(text, '{')));
      verdict[i] = out ? 1 : 0;
      if (out) runs[n++] = p;
    }
    verdicts?.found?.set(hopOnly, verdict);
    outside = runs.subarray(0, n);
  }
  if (!dropped.length && !outside.length) return { at: seeds.at, hops: seeds.hops, local, narrowed };
  return { at: withoutSorted(seeds.at, dropped, outside), hops, local, narrowed };
}

/** The ascending `all` without the items of `a` and of `b` (each ascending, each a subset of `all`). */
function withoutSorted(all: ArrayLike<number>, a: readonly number[], b: ArrayLike<number>): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  for (let k = 0; k < all.length; k++) {
    const p = all[k];
    if (i < a.length && a[i] === p) { i++; continue; }
    if (j < b.length && b[j] === p) { j++; continue; }
    out.push(p);
  }
  return out;
}

/** The syntax a session runs code from (runsOutsideSessions). */
const SCRIPT_BLOCK = 'script_block_expression';

/**
 * Does the command at `p` run outside every remote session, whatever the script's values, in a script no one
 * runs remotely and with no Enter-PSSession? Then handlers/reach.ts records nothing for it. Code runs in a
 * session only inside a script block (`{ … }`, which Invoke-Command runs there, maybe after passing through
 * variables and functions). A function's body is one too, but it runs in a session only when it is taken
 * as a block (`${function:Name}`), which names the function: the statement doing so is relevant, and so the
 * body, whole (computeRelevance). Only a statement walked as written qualifies (statementAsWritten).
 * In a script with a session command, most statements of an admin script name such a command (`Get-Service`,
 * `Copy-Item`): as seeds they made every edit of it re-analyse all of them.
 */
function runsOutsideSessions(index: TopIndex, p: number, text: string, braces: ArrayLike<number>): boolean {
  const top = statementAsWritten(index, p, text);
  if (!top) return false;
  // A script block starts with `{`: with none before `p` in the statement, none holds it (no descent needed).
  const before = firstAtOrAfter(braces, p) - 1;
  return before < 0 || braces[before] < top.startIndex || !top.hasOnPathTo(p, SCRIPT_BLOCK);
}

/**
 * Do the commands at `offsets` run outside every session, as runsOutsideSessions decides, on a tree the caller
 * reads (core/reuse.ts asks it of a new parse, not of a view): the tree has no syntax error (a broken statement
 * is not walked as written), and none of them is `inside` a script block.
 */
export function runOutsideSessions(offsets: readonly number[], hasError: boolean, inside: (p: number, type: string) => boolean): boolean {
  return !hasError && !offsets.some((p) => inside(p, SCRIPT_BLOCK));
}

/**
 * The top-level statement holding `p` when the interpreter walks it as it is written: not in a program the
 * grammar gave up on, with no syntax error, and not re-read line by line with a broken neighbour (recover.ts),
 * where error recovery may read it otherwise than the tree shows.
 */
function statementAsWritten(index: TopIndex, p: number, text: string): Node | undefined {
  if (index.brokenProgramAt(p)) return undefined;
  const top = index.statementAt(p);
  return top && !top.node.hasError && runHolding(top.node, text) === undefined ? top.node : undefined;
}

/**
 * The command whose name holds offset `p` of statement `top`, or 'none' when `p` is in no command's name
 * (descending towards `p`, as TopIndex does: where no child holds `p`, it is in the text of a token).
 */
function commandNamedAt(top: Node, p: number): Node | 'none' {
  let command: Node | undefined;
  for (let n: Node = top; ;) {
    if (command) {
      const name = command.childForFieldName('command_name');
      if (name && name.startIndex === n.startIndex && name.endIndex === n.endIndex) return command;
    }
    command = n.type === 'command' ? n : undefined;
    const child = n.firstChildForIndex(p);
    if (!child || child.startIndex > p) return 'none';
    n = child;
  }
}

function computeRelevance(index: TopIndex, text: string, functions: Node[], deadline: Deadline | undefined, seeds: ArrayLike<number>, mention: VariableMentions): {
  points: Int32Array; tops: Map<number, Node[]>; names: Set<string>; functionNames: Set<string>; bodies: Span[];
} {
  // Every variable mention, found in one pass (text-scan.ts): in text order with its name (a statement's names
  // are read back from here rather than by scanning its text again), and by name (the closure adds all of a name's).
  const points: number[] = [];
  const queue: number[] = [];
  const add = (p: number) => { points.push(p); queue.push(p); };
  for (let i = 0; i < seeds.length; i++) add(seeds[i]);

  const seenTop = new Set<number>(); // top statements already read for names (by start)
  const tops = new Map<number, Map<number, Node>>(); // list start -> statement start -> statement
  const seenNames = new Set<string>();
  /** A name a relevant statement mentions: every mention of it that may bind it becomes relevant. */
  const see = (name: string) => {
    // `$null`, `$true`, `$false`: no statement can change what is read from them. Following them made every
    // statement naming `$null` relevant after a relevant `if ($x -eq $null)`.
    if (seenNames.has(name) || CONSTANT_VARIABLES.has(name)) return;
    seenNames.add(name);
    const all = mention.of(name);
    const binds = mention.binding(name);
    for (let i = 0; i < all.length; i++) if (binds[i] === 1 || broken(all[i])) add(all[i]);
  };
  // Error recovery may read a broken statement otherwise than its text shows (`$h['k']0= 'v'` and
  // `$h['k'] End If= 'v'` are assignments to it): there every mention may bind.
  const clean = !index.tree.rootNode.hasError;
  const broken = (p: number): boolean => !clean && !statementAsWritten(index, p, text);
  const functionNames = new Set<string>();
  const fnDone = new Set<number>();
  const fns = functionsByStart(functions);
  const fnByName = new Map<string, FunctionEntry[]>();
  for (const f of fns.all) {
    const name = f.name?.text.toLowerCase();
    if (!name) continue;
    const list = fnByName.get(name);
    if (list) list.push(f); else fnByName.set(name, [f]);
  }
  const bodyDone = new Set<number>();
  const bodies: Span[] = [];
  let found: NameMentions | undefined;
  /** Where the file's function names occur, found on first need. */
  const calls = () => (found ??= nameMentions(text, [...fnByName.keys()]));
  let steps = 0;
  /** The statement of the point before: a statement's points are queued together, and a lookup descends the tree. */
  let last: ReturnType<TopIndex['statementAt']>;

  while (queue.length) {
    if ((++steps & 255) === 0) check(deadline);
    const p = queue.pop()!;
    // A point in a program the grammar gave up on whole (one ERROR): the walk re-reads all of it line by
    // line, and the ERROR's children are as often tokens as statements (`EvictNode` alone, or a string left
    // open), whose own names say nothing of the line they are read in, so all of it counts.
    const broken = index.brokenProgramAt(p);
    const statement = broken ? undefined
      : last && p >= last.node.startIndex && p < last.node.endIndex ? last : (last = index.statementAt(p));
    const top = broken ?? statement;
    const key = statement ? statement.node.startIndex : -1; // the program starts where its first statement does
    if (top && top.node.type !== 'comment' && !seenTop.has(key)) {
      seenTop.add(key);
      if (top.list) {
        let byStart = tops.get(top.list.startIndex);
        if (!byStart) tops.set(top.list.startIndex, (byStart = new Map()));
        byStart.set(top.node.startIndex, top.node);
      }
      // A function this statement calls may hand it a value (its output, spec §4): its whole body is relevant.
      if (fnByName.size) {
        const { at: offsets, name: names } = calls();
        for (let i = firstAtOrAfter(offsets, top.node.startIndex); i < offsets.length && offsets[i] < top.node.endIndex; i++) {
          const at = offsets[i];
          for (const f of fnByName.get(names[i]) ?? []) {
            if (f.name?.startIndex === at || bodyDone.has(f.start)) continue;
            bodyDone.add(f.start);
            // Every statement of the body, whatever it names (an output may be a bare `'clu01'`): a
            // point on each line missed statements that do not start their line, such as indented ones.
            bodies.push({ start: f.start, end: f.end });
            add(f.start); // and the closure over what the function's statement names
            // Functions defined in the body are relevant too (their call sites then are).
            for (let i = firstAtOrAfter(fns.starts, f.start + 1); i < fns.all.length && fns.all[i].start < f.end; i++) add(fns.all[i].start);
          }
        }
      }
      // Every name this statement mentions: their mentions that may bind them become relevant.
      const { startIndex: start, endIndex: end } = top.node;
      if (mention.readAlone(start, end)) {
        for (let i = firstAtOrAfter(mention.at, start); i < mention.at.length && mention.at[i] < end; i++) see(mention.nameAt(i));
      } else {
        // A mention of the whole text crosses the statement's edge (a `${` left open in a string before
        // it on its line): read the statement's own text, as the statement alone reads.
        eachVariableName(text, start, end, (_at, _end, name) => see(name));
      }
    }
    // A function defined around this point is relevant: its call sites are too.
    for (const f of fns.around(p)) {
      if (fnDone.has(f.node.startIndex) || !f.name) continue;
      fnDone.add(f.node.startIndex);
      const name = f.name.text.toLowerCase();
      functionNames.add(name);
      for (const at of calls().byName.get(name) ?? []) add(at);
    }
  }
  const ordered = new Map<number, Node[]>();
  for (const [list, byStart] of tops) ordered.set(list, [...byStart.values()].sort((a, b) => a.startIndex - b.startIndex));
  return { points: sortedPoints(points), tops: ordered, names: seenNames, functionNames, bodies };
}

/** Ranges that may nest or overlap, asked whether any overlaps a span (binary search over starts, and the furthest end so far). */
class Ranges {
  private readonly starts: number[];
  private readonly reach: number[] = [];

  constructor(ranges: Span[]) {
    const sorted = [...ranges].sort((a, b) => a.start - b.start);
    this.starts = sorted.map((r) => r.start);
    for (let i = 0; i < sorted.length; i++) this.reach.push(Math.max(sorted[i].end, i ? this.reach[i - 1] : 0));
  }

  /** Does some range share a character with [start, end)? */
  overlaps(start: number, end: number): boolean {
    // The ranges starting before `end`: the furthest any of them reaches must be past `start`.
    const before = firstAtOrAfter(this.starts, end);
    return before > 0 && this.reach[before - 1] > start;
  }
}

interface FunctionEntry {
  node: Node;
  name: Node | null;
  start: number;
  end: number;
}

/**
 * The function definitions, sorted, able to list those around an offset without visiting all of them
 * (asking each of thousands of functions about each of tens of thousands of points was quadratic).
 * Functions nest, so a definition that starts earlier can still hold the point: `reach[i]`, the
 * furthest end among the first i+1 definitions, says when no earlier one can.
 */
function functionsByStart(functions: Node[]): { all: FunctionEntry[]; starts: number[]; around(p: number): FunctionEntry[] } {
  const fns: FunctionEntry[] = functions
    .map((f) => ({ node: f, name: f.childForFieldName('function_name') ?? f.namedChildren.find((c) => c.type === 'function_name') ?? null, start: f.startIndex, end: f.endIndex }))
    .sort((a, b) => a.start - b.start);
  const reach: number[] = [];
  for (let i = 0; i < fns.length; i++) reach.push(Math.max(fns[i].end, i ? reach[i - 1] : 0));
  const starts = fns.map((f) => f.start);
  return {
    all: fns,
    starts,
    around(p: number): FunctionEntry[] {
      const last = firstAtOrAfter(starts, p + 1) - 1; // the last definition starting at or before p
      const out: FunctionEntry[] = [];
      for (let i = last; i >= 0 && reach[i] > p; i--) if (p < fns[i].end) out.push(fns[i]);
      return out;
    },
  };
}

interface NameMentions {
  /** Offsets of the mentions, ascending, and the (lower-case) name at each. */
  at: number[];
  name: string[];
  /** The offsets of each name's mentions. */
  byName: Map<string, number[]>;
}

/** Names longer than this are looked for one by one (a name can be a megabyte long in a broken file). */
const LONG_NAME = 256;

/**
 * Every mention of `names` (lower case) as a whole word, in one pass over the text: looking for each
 * name in turn (and reading every word of every relevant statement) took a pass per function, which
 * made relevance grow with functions × text (PowerView.ps1: 100 functions, 770 KB).
 */
function nameMentions(text: string, names: string[]): NameMentions {
  const out: NameMentions = { at: [], name: [], byName: new Map(names.map((n) => [n, []])) };
  const short = names.filter((n) => n.length <= LONG_NAME);
  if (short.length) {
    const re = new RegExp(`(?<![\\w-])(?:${wordsPattern(short)})(?![\\w-])`, 'gi');
    for (const m of text.matchAll(re)) {
      const name = matchedWord(m[0]);
      out.at.push(m.index);
      out.name.push(name);
      out.byName.get(name)?.push(m.index);
    }
  }
  const long = names.filter((n) => n.length > LONG_NAME);
  if (long.length) {
    const lower = text.toLowerCase();
    const found: [number, string][] = out.at.map((at, i) => [at, out.name[i]]);
    for (const name of long) {
      const list = [...wordMentions(lower, name)];
      out.byName.set(name, list);
      for (const at of list) found.push([at, name]);
    }
    found.sort((a, b) => a[0] - b[0]);
    out.at = found.map(([at]) => at);
    out.name = found.map(([, name]) => name);
  }
  return out;
}

/**
 * Where `name` (lower case) occurs in `lower` as a whole command word (not inside a longer name). By
 * indexOf, not a RegExp built from the name: a name can be a megabyte long in a broken file.
 */
function* wordMentions(lower: string, name: string): Generator<number> {
  if (!name) return;
  for (let at = lower.indexOf(name); at !== -1; at = lower.indexOf(name, at + 1)) {
    if (!isNamePart(lower.charCodeAt(at - 1)) && !isNamePart(lower.charCodeAt(at + name.length))) yield at;
  }
}

/** Letters, digits, `_` and `-`: characters a function name continues with. */
function isNamePart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 45 || (c >= 65 && c <= 90);
}


