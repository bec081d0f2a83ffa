// The words a PowerShell script's relevance starts from (relevance.ts), found in its text: the seeds (words
// of every construct that can start a finding), every variable mention and the function definitions'
// keywords. All are matches of regular expressions that never cross a line, so an open document keeps them
// across an edit and reads again only the edited lines (`TextScan.edited`, core/document-analysis.ts):
// scanning the whole text was over a third of the analysis of an edit on a line that matters in the
// 5,000-line benchmark.
import { lineEnd, lineStart } from '../../base/lines';
import { firstAtOrAfter, splicedInts } from '../points';
import { IntList } from '../../base/int-lists';
import { commandNamedLower, derived, powershellCommandSeedWords, powershellSeedWords, sessionStartWords } from '../../catalogue/derive';
import { DASHES, matchedWord, variableName, wordsPattern } from './syntax';
import { ASCII_WORD, BIND_READS, mayBind } from './bindings';

/**
 * Words of every construct that can start a finding (catalogue/derive.ts): the cluster methods (also as
 * InvokeMethod or -Name arguments), the cluster cmdlets, remote sessions (which make later statements
 * remote, and run other scripts with -FilePath). Connections, options, scopes and targets matter only
 * through a variable or function a call mentions, or in the call's own statement, so the closure brings them in.
 * As whole words, as the pre-filter reads them (core/prefilter.ts): the interpreter knows a method or a
 * command only by a whole name (`icm` inside `DefineDynamicModule` or `ICMP`, `nsn` inside `$NSName` are none).
 */
const seedRe = derived((c) => new RegExp(`(?<![\\w${DASHES}])(?:${wordsPattern(powershellSeedWords(c))})(?![\\w${DASHES}])`, 'gi'));
/**
 * With the commands that reach other computers by themselves (catalogue/derive.ts), as whole words: they
 * are seeds only in a script that can run code remotely (runs as -FilePath, or has a session command that
 * can open a session: TextScan.seeds, narrowSeeds). Group 1: a word of seedRe. One pattern for both, so the text
 * is scanned once (with one boundary test in front, it also scans faster than seedRe alone).
 */
const hopSeedRe = derived((c) => new RegExp(
  `(?<![\\w${DASHES}])(?:(${wordsPattern(powershellSeedWords(c))})|${wordsPattern(powershellCommandSeedWords(c))})(?![\\w${DASHES}])`, 'gi'));
/** The words that start a remote session (lower case, ASCII dashes): those of `Invoke-Command` may turn out to run locally (invokesLocally). */
const sessionStarts = derived((c) => new Map(sessionStartWords(c).map((w) => [w.toLowerCase(), commandNamedLower(w.toLowerCase())?.session === 'invoke' ? 'invoke' as const : 'other' as const])));
/** The same without the global flag: `test` on a global regex moves its lastIndex, which matchAll then copies. */
export const seedTest = derived(() => new RegExp(seedRe().source, 'i'));

/** Where the commands that reach other computers by themselves are written in `piece` (offsets in it; no other seed word). */
export function reachingWordsIn(piece: string): number[] {
  const out: number[] = [];
  for (const m of piece.matchAll(hopSeedRe())) if (m[1] === undefined) out.push(m.index);
  return out;
}
/**
 * `$name`, `${any name}`, `$scope:name`, `@splat` (emails and the like only add harmless extra points): what a
 * variable mention is. Read by eachVariable without the pattern (faster); the test holds the two to each other.
 */
export const VARIABLE_RE = /\$\{[^}\n]*\}|[$@][\w:?]+/g; // not `@{`: a hashtable's entries hold variables of their own

const SIMPLE = /^\$\w+$/;

/**
 * Where a script's seeds are, found from its text alone; with `hops`, the commands that reach other
 * computers are seeds too (TextScan.seeds). Relevance.of narrows them with the tree (narrowSeeds).
 */
export interface Seeds {
  hops: boolean;
  /** Ascending offsets. */
  at: ArrayLike<number>;
  /**
   * Where a word that starts a session is written (ascending; `invoke`: Invoke-Command or icm, else
   * Enter-PSSession or etsn): narrowSeeds drops those the tree shows can open none.
   */
  starts: { at: number; invoke: boolean }[];
  /** The script runs remotely whatever it names (as `Invoke-Command -FilePath`). */
  remote: boolean;
  /** The offsets of `at` that are seeds only because of `hops` (ascending). */
  hopOnly: Int32Array;
}

export interface VariableMentions {
  /** Where each mention starts, ascending (a scoped one twice: once for each of its names). */
  at: ArrayLike<number>;
  /** The name of the mention at index `i` of `at`. */
  nameAt(i: number): string;
  /** The offsets of a name's mentions, ascending. */
  of(name: string): ArrayLike<number>;
  /** For each of `of(name)`: 1 if it may bind the name (bindings.ts mayBind), else 0. */
  binding(name: string): ArrayLike<number>;
  /** Does no mention start before [start, end) and reach into it, or start inside and reach past it? */
  readAlone(start: number, end: number): boolean;
}

/** Where a function definition starts: its keyword, blanks and a name's first character (not `-Filter x`). */
export const FUNCTION_RE = /(?<![-\w$.])(?:function|filter|workflow)\s+[^\s{(]/gi;
/** FUNCTION_RE's keyword alone, which stays on its line (the blanks after it may not). */
const FUNCTION_KEYWORD_RE = /(?<![-\w$.])(?:function|filter|workflow)(?=\s)/gi;
const BLANK = /\s/;

/** A seed's kind: a command that reaches other computers only (hopSeedRe without group 1), another seed word, or a word that starts a session. */
const REACHES = 0;
const SEED = 1;
const STARTS_INVOKE = 2;
const STARTS_OTHER = 3;

/**
 * Small numbers for the variable names of a text and the texts edited from it, so a name's mentions are
 * gathered by counting rather than in a map of lists: that map, built again after each edit, was 0.5 ms of
 * each edit of a line that matters in the 5,000-line benchmark. Names typed and gone since stay until
 * there are many of them (compacted).
 */
class NameIds {
  readonly ids = new Map<string, number>();
  /** The name of each id. */
  readonly names: string[] = [];
  idOf(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      this.ids.set(name, (id = this.ids.size));
      this.names.push(name);
    }
    return id;
  }
}

/**
 * A scan's lists, typed: an edit of a line that matters copies each of them (TextScan.edited), and as arrays of
 * numbers those copies were a quarter of what such an edit of the admin benchmark allocated, which the young
 * generation's collections then copied again while the document's scan was live.
 */
interface Lists {
  seedAt: Int32Array;
  /** REACHES, SEED, STARTS_INVOKE or STARTS_OTHER. */
  seedKind: Int32Array;
  /** Where each mention starts (a scoped one once for each of its names), where it ends, and its name's id. */
  mentionAt: Int32Array;
  mentionEnd: Int32Array;
  mentionId: Int32Array;
  /** Where each function keyword starts, and its length. */
  keywordAt: Int32Array;
  keywordLength: Int32Array;
}

const EMPTY: ArrayLike<number> = [];

/** The seed words, variable mentions and function keywords of one text, each in text order. */
export class TextScan {
  private readonly seedAt: Int32Array;
  private readonly seedKind: Int32Array;
  private readonly mentionAt: Int32Array;
  private readonly mentionEnd: Int32Array;
  private readonly mentionId: Int32Array;
  private readonly keywordAt: Int32Array;
  private readonly keywordLength: Int32Array;

  private constructor(
    readonly text: string,
    private readonly names: NameIds,
    lists: Lists,
    /**
     * Each mention's mayBind verdict (1 or 0), -1 until asked: relevance asks it of every mention of a relevant
     * name on each analysis (5,000 of `$Nodes` in the bench's admin script), and it reads only the text after
     * the mention, so a verdict holds across an edit that left that text alone (edited).
     */
    private binds?: Int8Array,
  ) {
    this.seedAt = lists.seedAt;
    this.seedKind = lists.seedKind;
    this.mentionAt = lists.mentionAt;
    this.mentionEnd = lists.mentionEnd;
    this.mentionId = lists.mentionId;
    this.keywordAt = lists.keywordAt;
    this.keywordLength = lists.keywordLength;
  }

  static of(text: string): TextScan {
    const names = new NameIds();
    return new TextScan(text, names, scan(text, 0, text.length, names));
  }

  /**
   * The scan of `text`, which is this scan's text with [edit.start, edit.oldEnd) replaced by
   * text[edit.start, edit.newEnd): the edited lines are scanned again, the matches of the others moved.
   * Whole lines are enough: no match holds a line break, and a seed looks one character back and ahead.
   */
  edited(text: string, edit: { start: number; oldEnd: number; newEnd: number }): TextScan {
    const delta = text.length - this.text.length;
    const from = lineStart(this.text, edit.start);
    const oldTo = lineEnd(this.text, edit.oldEnd);
    const seeds = [firstAtOrAfter(this.seedAt, from), firstAtOrAfter(this.seedAt, oldTo)];
    const mentions = [firstAtOrAfter(this.mentionAt, from), firstAtOrAfter(this.mentionAt, oldTo)];
    const keywords = [firstAtOrAfter(this.keywordAt, from), firstAtOrAfter(this.keywordAt, oldTo)];
    // Names typed and gone since (each keystroke in a name makes one) are dropped when they outnumber the text's mentions.
    const compact = this.names.ids.size > Math.max(4096, 2 * this.mentionAt.length);
    const names = compact ? new NameIds() : this.names;
    const ids = compact ? this.mentionId.map((id) => names.idOf(this.names.names[id])) : this.mentionId;
    // The edited lines scanned alone, then each list put together at its final length.
    const mid = scan(text, from, oldTo + delta, names);
    return new TextScan(text, names, {
      seedAt: splicedInts(this.seedAt, seeds, mid.seedAt, delta), seedKind: splicedInts(this.seedKind, seeds, mid.seedKind, 0),
      mentionAt: splicedInts(this.mentionAt, mentions, mid.mentionAt, delta), mentionEnd: splicedInts(this.mentionEnd, mentions, mid.mentionEnd, delta),
      mentionId: splicedInts(ids, mentions, mid.mentionId, 0),
      keywordAt: splicedInts(this.keywordAt, keywords, mid.keywordAt, delta), keywordLength: splicedInts(this.keywordLength, keywords, mid.keywordLength, 0),
    }, this.binds && movedVerdicts(this.binds, this.mentionEnd, mentions, mid.mentionAt.length, from));
  }

  /** The seeds; `remote`: the script runs remotely (as `Invoke-Command -FilePath`). */
  seeds(remote = false): Seeds {
    const starts: Seeds['starts'] = [];
    // Typed, and each at its length: an admin script names thousands of commands that reach other computers.
    let reaching = 0;
    for (let i = 0; i < this.seedKind.length; i++) if (this.seedKind[i] === REACHES) reaching++;
    const base = new Int32Array(this.seedAt.length - reaching); // without the commands that reach other computers
    const hopOnly = new Int32Array(reaching);
    for (let i = 0, b = 0, h = 0; i < this.seedAt.length; i++) {
      const at = this.seedAt[i];
      const kind = this.seedKind[i];
      if (kind === REACHES) { hopOnly[h++] = at; continue; }
      base[b++] = at;
      if (kind !== SEED) starts.push({ at, invoke: kind === STARTS_INVOKE });
    }
    const hops = remote || starts.length > 0;
    // With them: every seed, the scan's own list (read only).
    return { hops, at: hops ? this.seedAt : base, starts, remote, hopOnly: hops ? hopOnly : new Int32Array(0) };
  }

  /**
   * Where FUNCTION_RE matches, from the keywords: the blanks after a keyword may run over lines, so they are
   * read here, in the current text. A match takes the name's first character, so the next starts after it.
   */
  functionStarts(): number[] {
    const out: number[] = [];
    const text = this.text;
    let end = 0;
    for (let i = 0; i < this.keywordAt.length; i++) {
      const at = this.keywordAt[i];
      if (at < end) continue;
      let k = at + this.keywordLength[i];
      while (k < text.length && BLANK.test(text[k])) k++;
      if (k >= text.length || text[k] === '{' || text[k] === '(') continue;
      out.push(at);
      end = k + 1;
    }
    return out;
  }

  /** The variable mentions, by name too. */
  mentions(): VariableMentions {
    const text = this.text;
    const at = this.mentionAt;
    const ends = this.mentionEnd;
    const ids = this.mentionId;
    const names = this.names.ids;
    const binds = (this.binds ??= new Int8Array(at.length).fill(-1));
    // Each name's mentions side by side in `grouped`, from first[id] on, in text order (a counting sort), and
    // where each stands in text order.
    const first = new Int32Array(names.size + 1);
    for (let i = 0; i < ids.length; i++) first[ids[i] + 1]++;
    for (let id = 1; id <= names.size; id++) first[id] += first[id - 1];
    const next = first.slice(0, names.size);
    const grouped = new Int32Array(ids.length);
    const order = new Int32Array(ids.length);
    for (let i = 0; i < ids.length; i++) {
      const k = next[ids[i]]++;
      grouped[k] = at[i];
      order[k] = i;
    }
    const nameOf = this.names.names;
    return {
      at,
      nameAt: (i) => nameOf[ids[i]],
      of(name: string): ArrayLike<number> {
        const id = names.get(name);
        return id === undefined ? EMPTY : grouped.subarray(first[id], first[id + 1]);
      },
      binding(name: string): ArrayLike<number> {
        const id = names.get(name);
        if (id === undefined) return EMPTY;
        const out = new Uint8Array(first[id + 1] - first[id]);
        for (let k = first[id]; k < first[id + 1]; k++) {
          const i = order[k];
          if (binds[i] < 0) binds[i] = mayBind(text, ends[i]) ? 1 : 0;
          out[k - first[id]] = binds[i];
        }
        return out;
      },
      readAlone(start: number, end: number): boolean {
        const first = firstAtOrAfter(at, start);
        if (first > 0 && ends[first - 1] > start) return false;
        const last = firstAtOrAfter(at, end) - 1;
        return last < first || ends[last] <= end;
      },
    };
  }
}

/** Scans [from, to) of `text`, whole lines (a piece read alone: the characters around it are line breaks or none). */
function scan(text: string, from: number, to: number, names: NameIds): Lists {
  const whole = from === 0 && to === text.length;
  const piece = whole ? text : text.slice(from, to);
  const keywordAt = new IntList();
  const keywordLength = new IntList();
  // With the line break after the lines, which a keyword's lookahead reads.
  for (const m of (whole ? piece : text.slice(from, to + 1)).matchAll(FUNCTION_KEYWORD_RE)) {
    if (m.index >= to - from) break;
    keywordAt.push(from + m.index);
    keywordLength.push(m[0].length);
  }
  const words = sessionStarts();
  const seedAt = new IntList();
  const seedKind = new IntList();
  for (const m of piece.matchAll(hopSeedRe())) {
    seedAt.push(from + m.index);
    const start = m[1] === undefined ? undefined : words.get(matchedWord(m[1]));
    seedKind.push(m[1] === undefined ? REACHES : start === 'invoke' ? STARTS_INVOKE : start ? STARTS_OTHER : SEED);
  }
  // A capacity of one mention in 32 characters (scripts hold about one in 20 to 40) spares most of the growth.
  const mentionAt = new IntList((to - from) >> 5);
  const mentionEnd = new IntList((to - from) >> 5);
  const mentionId = new IntList((to - from) >> 5);
  const mention = (at: number, end: number, name: string) => {
    mentionAt.push(at);
    mentionEnd.push(end);
    mentionId.push(names.idOf(name));
  };
  eachVariableName(text, from, to, mention);
  return {
    seedAt: seedAt.take(), seedKind: seedKind.take(), mentionAt: mentionAt.take(), mentionEnd: mentionEnd.take(), mentionId: mentionId.take(),
    keywordAt: keywordAt.take(), keywordLength: keywordLength.take(),
  };
}

/**
 * VARIABLE_RE's matches in [from, to) of `text` read alone (as the pattern over that slice finds them, in
 * order), each as its start and end, and whether it is a simple `$name` (SIMPLE): the whole text's scan read
 * without a match object, a token or a name list for each of its mentions, most of what it allocated.
 * test/facts/powershell/text-scan.test.ts holds it to the pattern.
 */
export function eachVariable(text: string, from: number, to: number, found: (at: number, end: number, simple: boolean) => void): void {
  if (from > 0 || to < text.length) {
    // A stretch (an edit's lines) is read as a text of its own: indexOf would search on past its end.
    const piece = text.slice(from, to);
    eachVariable(piece, 0, piece.length, (at, end, simple) => found(from + at, from + end, simple));
    return;
  }
  // The next `$` and `@` from where the reading is, each found with indexOf (native, where a loop over every
  // character in JavaScript made the scan slower than the pattern's).
  let dollar = text.indexOf('$', from);
  let at = text.indexOf('@', from);
  for (let i = from; ;) {
    if (dollar >= 0 && dollar < i) dollar = text.indexOf('$', i);
    if (at >= 0 && at < i) at = text.indexOf('@', i);
    i = dollar < 0 ? at : at < 0 ? dollar : Math.min(dollar, at);
    if (i < 0 || i >= to - 1) return;
    const c = text.charCodeAt(i);
    let j = i + 1;
    if (c === DOLLAR && text.charCodeAt(j) === OPEN_BRACE) {
      // `${any name}`, closed before the line ends; else no match here (`{` is not a name's character).
      j++;
      while (j < to && text.charCodeAt(j) !== CLOSE_BRACE && text.charCodeAt(j) !== NEWLINE) j++;
      if (j < to && text.charCodeAt(j) === CLOSE_BRACE) {
        found(i, j + 1, false);
        i = j + 1;
      } else {
        i++;
      }
      continue;
    }
    let simple = c === DOLLAR;
    for (; j < to; j++) {
      const d = text.charCodeAt(j);
      if (d < 128 && ASCII_WORD[d] === 1) continue;
      if (d === COLON || d === QUESTION) simple = false;
      else break;
    }
    if (j > i + 1) found(i, j, simple);
    i = j > i + 1 ? j : i + 1;
  }
}

/** Each name (namesOf) of each variable mention in [from, to) of `text` read alone (eachVariable), with the mention's span. */
export function eachVariableName(text: string, from: number, to: number, found: (at: number, end: number, name: string) => void): void {
  eachVariable(text, from, to, (at, end, simple) => {
    // The common `$name` needs no token: its one name is the text after the `$` (namesOf's first case).
    if (simple) found(at, end, text.slice(at + 1, end).toLowerCase());
    else for (const name of namesOf(text.slice(at, end))) found(at, end, name);
  });
}

const [DOLLAR, OPEN_BRACE, CLOSE_BRACE, NEWLINE, COLON, QUESTION] = ['$', '{', '}', '\n', ':', '?'].map((c) => c.charCodeAt(0));

/**
 * The mayBind verdicts of a scan moved across an edit (TextScan.edited): the mentions in the edited lines
 * (`cut`, now `added` of them) are unread, and so are those before the lines (which start at `from`) whose
 * verdict read text up to there; every other mention's verdict read only text the edit left as it was.
 */
function movedVerdicts(old: Int8Array, oldEnds: Int32Array, cut: number[], added: number, from: number): Int8Array {
  const [a, b] = cut;
  const out = new Int8Array(a + added + old.length - b);
  out.set(old.subarray(0, a));
  out.fill(-1, a, a + added);
  out.set(old.subarray(b), a + added);
  // Mentions end in text order (they do not overlap), so the ones to forget are the last before the lines.
  for (let i = a - 1; i >= 0 && oldEnds[i] + BIND_READS > from; i--) out[i] = -1;
  return out;
}

/**
 * The names a variable token may be looked up under (with and without a scope or drive prefix). An
 * environment variable is never a shell variable (`$env:ComputerName` is not `$ComputerName`, in
 * PowerShell as in lookupName): it keeps its prefix. VARIABLE_RE takes every colon, where the grammar ends
 * the variable at a second or trailing one (`@h:` is the splat `@h`, `$a:b:c` is `$a:b`): those readings
 * count too.
 */
export function namesOf(token: string): string[] {
  if (SIMPLE.test(token)) return [token.slice(1).toLowerCase()]; // the common `$name`, without variableName's regex
  const name = variableName(token);
  const scoped = (n: string): string[] => {
    const colon = n.lastIndexOf(':');
    return colon >= 0 && !n.startsWith('env:') ? [n, n.slice(colon + 1)] : [n];
  };
  const parts = name.split(':');
  if (parts.length < 2 || (parts.length === 2 && parts[0] && parts[1])) return scoped(name);
  const out = [...scoped(name)];
  if (parts[0]) out.push(parts[0]);
  if (parts[0] && parts[1]) out.push(...scoped(`${parts[0]}:${parts[1]}`));
  return out;
}
