// Resilience fuzzing: mutates the test fixtures and examples (byte flips, truncation, deep nesting,
// 1 MB lines, NUL bytes, unbalanced quotes and blocks, spliced lines, UTF-16) and runs each result
// through the whole pipeline: decode → parse → facts → rules → every quick fix built and applied,
// and the fixed texts analysed again (PowerShell: incrementally, from the edited tree, as the
// language server does when the editor applies a fix). Any exception is a crash; any single
// analysis over 2 × the per-file budget is a hang. Each input is also analysed with every statement
// walked: findings or fixes that differ from the shipped (relevance-gated) walk are a difference, since
// relevance must never change a result (facts/*/relevance.ts). PowerShell and VBScript inputs are also
// opened as a document and typed in, as the language server analyses them (incrementally, keeping
// findings an edit provably cannot change): a result that differs from the same document analysed in full
// after every edit is a difference too.
//
//   npm run fuzz -- --iterations N [--seed S] [--lang powershell|vbscript|jscript] [--jobs N] [--mutation a,b]
//   npm run fuzz -- --lang L --replay SEED --mutation KIND [--dump FILE]   (one input, in detail)
//
// Determinism: iteration i of a run uses seed S + i; the input file, the mutation's random choices and
// (for the ordinary kinds) the kind itself come from rng(S + i) alone, so a run gives the same inputs
// and results whatever --jobs is (except whether an input at the very edge of the stack or of the
// time budget is stopped: that can depend on the JIT's state and the machine's load), and every
// failure prints the seed and kind that reproduce it. FUZZ_TRACE=1 prints a line per input to stderr.
// Inputs run in worker threads (--jobs, default: one per CPU), each with the main thread's stack
// size, so that deep nesting overflows where the server and the CLI would; a watchdog stops a
// worker stuck in one analysis for KILL_MS and reports a hang.
// Cost: the two giant-input kinds take 100-1000× longer than the others (a 1 MB line is 0.1-5 s
// of parsing and extraction), so they run at fixed slots rather than by draw: hugeLine at every
// 200th iteration (0.5%), deepNesting at every 50th (2%), from iterations 0 and 25, so every run of
// 26 or more iterations has both. For them every fix is built and applied, but only the "fix all"
// text is analysed again (each re-analysis of a 1 MB text costs as much as the first); for the
// other kinds, every fix of the first REANALYSED_FINDINGS findings is. The summary prints each
// kind's rate, count and timing.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { analyzeText, findingsFromFacts, initParsers } from '../server/src/core/analyze';
import { DocumentAnalysis, type TextEditRecord } from '../server/src/core/document-analysis';
import { DEFAULT_BUDGET_MS, deadlineIn, SkippedInput } from '../server/src/base/budget';
import { kindOf, type DocKind } from '../server/src/core/language';
import { extractPowerShell } from '../server/src/facts/powershell/extract';
import { fixesFor, preferredEdits } from '../server/src/fixes/index';
import { applyEdits, type TextEditAt } from '../server/src/fixes/types';
import { editTree, initPowerShell, parsePowerShell, pointAt, type Tree } from '../server/src/parse/powershell';
import type { Finding } from '../server/src/rules/types';
import { decode } from '../server/src/base/decode';
import { rng } from './rng';

export type Lang = 'powershell' | 'vbscript' | 'jscript';

/** The per-file budget the front doors use; an analysis still running at twice this is a hang. */
export const BUDGET_MS = DEFAULT_BUDGET_MS;
export const HANG_MS = 2 * BUDGET_MS;
/** A worker stuck this long in one analysis is stopped (an endless loop) and the input reported as a hang. */
const KILL_MS = 30_000;
/** Findings (in file order) whose fixes are each analysed again; later ones' fixes are built and applied. */
export const REANALYSED_FINDINGS = 3;
/**
 * Worker threads get a 4 MB stack by default, the main thread (where the server and the CLI run)
 * ~1 MB: a worker would survive nesting that overflows the real thing. 1.167 MB gives a worker the
 * main thread's recursion depth (measured on Node 20: 13,963 vs 13,955 frames).
 */
const WORKER_STACK_MB = 1.167;

type Mutation = (bytes: Buffer, r: () => number) => Buffer;

const int = (r: () => number, n: number) => Math.floor(r() * n);

export const MUTATIONS: Record<string, Mutation> = {
  byteFlips: (b, r) => {
    const out = Buffer.from(b);
    for (let i = 0, n = 1 + int(r, 16); i < n && out.length; i++) out[int(r, out.length)] ^= 1 << int(r, 8);
    return out;
  },
  truncate: (b, r) => b.subarray(0, int(r, b.length + 1)),
  deepNesting: (b, r) => {
    const open = ['(', '{', '[', '@(', '$(', '@{a='][int(r, 6)];
    const close = { '(': ')', '{': '}', '[': ']', '@(': ')', '$(': ')', '@{a=': '}' }[open]!;
    const n = 1000 + int(r, 20000);
    const at = int(r, b.length + 1);
    const balanced = r() < 0.5;
    return Buffer.concat([b.subarray(0, at), Buffer.from(open.repeat(n) + (balanced ? 'x' + close.repeat(n) : '')), b.subarray(at)]);
  },
  hugeLine: (b, r) => {
    const at = int(r, b.length + 1);
    const unit = ['a', '"', "'", ' & ', '$x.', '-'][int(r, 6)];
    const filler = unit.repeat(Math.ceil(1_000_000 / unit.length)).slice(0, 1_000_000);
    return Buffer.concat([b.subarray(0, at), Buffer.from(filler), b.subarray(at)]);
  },
  nulBytes: (b, r) => {
    const out = Buffer.from(b);
    for (let i = 0, n = 1 + int(r, 8); i < n && out.length; i++) out[int(r, out.length)] = 0;
    return out;
  },
  unbalanced: (b, r) => {
    const at = int(r, b.length + 1);
    const junk = ['"', "'", '{', '}', '(', ')', 'End If', 'End Sub', 'If x Then', '<#', '@"\n', '_\n', ':', 'With o', 'Next'][int(r, 15)];
    return Buffer.concat([b.subarray(0, at), Buffer.from(junk), b.subarray(at)]);
  },
  splice: (b, r) => {
    // A line of the file repeated or moved elsewhere.
    const lines = b.toString('latin1').split('\n');
    const l = lines[int(r, lines.length)];
    lines.splice(int(r, lines.length + 1), 0, ...Array(1 + int(r, 50)).fill(l));
    return Buffer.from(lines.join('\n'), 'latin1');
  },
  utf16: (b) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(b.toString('latin1'), 'utf16le')]),
};

/** The giant-input kinds, at fixed iteration slots: `i % every === at`. */
export const SCHEDULED: Record<string, { every: number; at: number }> = {
  hugeLine: { every: 200, at: 0 },
  deepNesting: { every: 50, at: 25 },
};

/** The kind of iteration `index` (of a run) given its draw in [0, 1); `allowed` narrows the kinds (--mutation). */
export function mutationFor(index: number, draw: number, allowed: readonly string[] = Object.keys(MUTATIONS)): string {
  for (const [kind, slot] of Object.entries(SCHEDULED)) {
    if (index % slot.every === slot.at && allowed.includes(kind)) return kind;
  }
  const ordinary = allowed.filter((k) => !(k in SCHEDULED));
  const pool = ordinary.length ? ordinary : allowed;
  return pool[Math.floor(draw * pool.length)];
}

export interface SeedFile {
  file: string;
  bytes: Buffer;
  kind: DocKind;
}

/** The inputs to mutate: fixtures and examples of the language, read once, in a fixed order. */
export function seedFiles(lang: Lang): SeedFile[] {
  const roots = [join(__dirname, '..', 'test', 'fixtures', lang), join(__dirname, '..', 'examples')];
  const out: SeedFile[] = [];
  const walk = (d: string) => {
    let entries: string[];
    try { entries = readdirSync(d).sort(); } catch { return; }
    for (const e of entries) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) { walk(p); continue; }
      const kind = kindOf(p);
      // jscript: the JScript fixtures and examples (.js, and .wsf/.hta with JScript blocks); vbscript: every WSH file.
      const wanted = lang === 'powershell' ? kind === 'powershell' : lang === 'jscript' ? /[\\/]jscript[\\/]/.test(p) : kind !== 'powershell';
      if (!kind || !wanted) continue;
      out.push({ file: p, bytes: readFileSync(p), kind });
    }
  };
  roots.forEach(walk);
  if (out.length === 0) throw new Error(`no ${lang} fixtures to mutate`);
  return out;
}

export interface Crash { seed: number; mutation: string; file: string; step: string; error: string }
/**
 * A result the shipped path gave (`gated`) that its reference (`every`) does not: the same text with every
 * statement walked, or (`against: 'typed'`) an open document typed in, analysed in full after every edit,
 * where the shipped document may have kept its findings (core/reuse.ts).
 */
export interface Difference { seed: number; mutation: string; file: string; gated: string; every: string; against?: 'typed' }
export interface Hang { seed: number; mutation: string; file: string; step: string; ms: number }

export interface KindStats {
  count: number;
  /** Wall time of the whole iteration (mutation, decode, every analysis and fix). */
  totalMs: number;
  maxMs: number;
  maxSeed: number;
  maxFile: string;
  /** Analyses run (the input itself, then each fixed text). */
  analyses: number;
  /** Inputs stopped on purpose (over the time budget, or nested too deeply). */
  skipped: number;
  /** Inputs the decoder refuses as binary: analysed as the text an editor would show. */
  binary: number;
  findings: number;
}

export interface FuzzResult {
  iterations: number;
  crashes: Crash[];
  differences: Difference[];
  /** Analyses that were not stopped by the per-file budget in time (2 × the budget). */
  hangs: Hang[];
  /** Inputs skipped by design (over the per-file time budget, or nested too deeply), with a notice in the editor and CLI. */
  overBudget: number;
  slowestMs: number;
  findings: number;
  /** Quick fixes built and applied (every fix of every finding, and each "fix all"). */
  fixes: number;
  /** Fixed texts analysed again. */
  reanalysed: number;
  byMutation: Record<string, KindStats>;
  /** Worker threads used. */
  jobs: number;
  wallMs: number;
}

export interface FuzzOptions {
  /** Worker threads (default 1). */
  jobs?: number;
  /** Only these mutation kinds. */
  mutations?: readonly string[];
  /** Called now and then with the iterations done. */
  onProgress?: (done: number) => void;
}

// ---- one iteration ------------------------------------------------------------------------

/** What an editor shows for bytes the decoder refuses (it opens them anyway and sends that text). */
const editorText = new TextDecoder('utf-8');

interface Outcome {
  ms: number;
  analyses: number;
  skipped: boolean;
  binary: boolean;
  findings: number;
  fixes: number;
  reanalysed: number;
  crash?: { step: string; error: string };
  hang?: { step: string; ms: number };
  difference?: { gated: string; every: string; against?: 'typed' };
}

/** Called before each analysis with its start time, and with -1 after it (the watchdog of a worker reads it). */
type Beat = (startedAt: number) => void;

/** The input of iteration (seed, mutation): the same bytes every time. */
export function mutatedInput(corpus: readonly SeedFile[], seed: number, index: number, allowed?: readonly string[], forced?: string): { src: SeedFile; mutation: string; bytes: Buffer } {
  const r = rng(seed);
  const src = corpus[int(r, corpus.length)];
  const draw = r();
  const mutation = forced ?? mutationFor(index, draw, allowed);
  const m = MUTATIONS[mutation];
  if (!m) throw new Error(`unknown mutation ${mutation}; one of ${Object.keys(MUTATIONS).join(', ')}`);
  return { src, mutation, bytes: m(src.bytes, r) };
}

function runInput(src: SeedFile, bytes: Buffer, giant: boolean, beat: Beat, log?: (line: string) => void): Outcome {
  const t0 = performance.now();
  const out: Outcome = { ms: 0, analyses: 0, skipped: false, binary: false, findings: 0, fixes: 0, reanalysed: 0 };
  let step = 'decode';
  // One analysis: timed, a hang past HANG_MS, SkippedInput is "skipped by design" (returns undefined).
  const timed = <T>(name: string, f: () => T): T | undefined => {
    step = name;
    const start = Date.now();
    beat(start);
    try {
      out.analyses++;
      return f();
    } catch (e) {
      if (e instanceof SkippedInput) {
        out.skipped = true;
        log?.(`  ${name}: skipped by design: ${e.message}`);
        return undefined;
      }
      throw e;
    } finally {
      beat(-1);
      const ms = Date.now() - start;
      log?.(`  ${name}: ${ms} ms`);
      if (ms > HANG_MS && (!out.hang || ms > out.hang.ms)) out.hang = { step: name, ms };
    }
  };
  const trees: Tree[] = [];
  try {
    const decoded = decode(bytes);
    out.binary = !decoded.ok;
    const text = decoded.ok ? decoded.text : editorText.decode(bytes);
    log?.(`${src.file}: ${bytes.length} bytes, ${decoded.ok ? decoded.encoding : `refused by the decoder (${decoded.reason}); analysed as an editor shows it`}`);
    const powershell = src.kind === 'powershell';
    const afterStop = () => {
      step = 'the next parse after a stopped one';
      checkParserReset();
    };
    const a = timed('analyse', () => analyzeText(text, src.kind, { noPrefilter: true, budgetMs: BUDGET_MS }));
    if (a === undefined && powershell) afterStop();
    if (a && !giant) {
      // The same text with every statement walked; over the budget (it walks more) there is nothing to compare.
      const every = timed('analyse, every statement walked', () => {
        try {
          return analyzeText(text, src.kind, { noPrefilter: true, budgetMs: BUDGET_MS, exhaustive: true });
        } catch (e) {
          if (e instanceof SkippedInput) return undefined;
          throw e;
        }
      });
      const differs = every && firstDifference(a.findings, every.findings, text, src.kind);
      if (differs) {
        out.difference = differs;
        log?.(`  DIFFERENCE: the gated walk gives ${differs.gated}; every statement walked gives ${differs.every}`);
      }
      const stale = !differs && (src.kind === 'powershell' || src.kind === 'vbscript') ? typedDifference(text, src.kind, timed) : undefined;
      if (stale) {
        out.difference = { ...stale, against: 'typed' };
        log?.(`  DIFFERENCE: the open document, after ${stale.after}, gives ${stale.gated}; analysed in full it gives ${stale.every}`);
      }
    }
    const findings = a?.findings ?? [];
    out.findings = findings.length;
    if (!findings.length) return out;
    // PowerShell, ordinary inputs: the language server's tree of the document, which each applied fix edits.
    let base: Tree | undefined;
    if (powershell && !giant) {
      base = timed('parse for incremental re-analysis', () => { const t = parsePowerShell(text, undefined, deadlineIn(BUDGET_MS)); trees.push(t); return t; });
      if (!base) afterStop();
    }
    const seen = new Set<string>();
    const apply = (title: string, edits: readonly TextEditAt[], reanalyse: boolean) => {
      step = `apply "${title}"`;
      const fixed = applyEdits(text, edits);
      out.fixes++;
      if (!reanalyse || seen.has(fixed)) return;
      seen.add(fixed);
      out.reanalysed++;
      const r = timed(`re-analyse after "${title}"`, () => (base ? reanalysePowerShell(base, text, edits, fixed, trees) : analyzeText(fixed, src.kind, { noPrefilter: true, budgetMs: BUDGET_MS })));
      if (r === undefined && powershell) afterStop();
    };
    findings.forEach((f, i) => {
      step = `fixes of ${f.code} at ${f.span.start}`;
      for (const fix of fixesFor(f, text, src.kind)) apply(fix.title, fix.edits, !giant && i < REANALYSED_FINDINGS);
    });
    step = 'fix all';
    const all = preferredEdits(findings, text, src.kind).fixes.flatMap((x) => x.edits);
    if (all.length) apply('fix all', all, true);
  } catch (e) {
    out.crash = { step, error: (e as Error).stack ?? String(e) };
  } finally {
    for (const t of trees) t.delete();
    out.ms = performance.now() - t0;
  }
  return out;
}

/** Typing: characters and lines a user adds, in the input's language. */
const TYPED: Record<'powershell' | 'vbscript', readonly string[]> = {
  powershell: [' ', 'x', '\n', '# note\n', '"', '$t = 1\n', 'Name', '{', '}', '`'],
  vbscript: [' ', 'x', '\n', "' note\n", '"', 't = 1\n', 'Name', ' _', ':', 'End If\n'],
};

/**
 * The input opened as a document and typed in, as the language server analyses it (core/document-analysis.ts:
 * incremental parses, findings kept when an edit provably cannot change them): after each of four rounds of one
 * or two changes, its findings must be those of the same document analysed in full after every edit. (Not a
 * fresh parse's: on broken text tree-sitter's incremental parse can place a node's start differently from a
 * fresh parse, which is no finding kept wrongly.) The changes come from the text alone, so a replay makes the
 * same ones.
 */
function typedDifference(
  text: string, kind: 'powershell' | 'vbscript', timed: <T>(name: string, f: () => T) => T | undefined,
): { gated: string; every: string; after: string } | undefined {
  let hash = text.length;
  for (let i = 0; i < text.length; i += 97) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  const r = rng(hash >>> 0);
  // Half the inputs prove edits from the statements around them whatever a re-parse costs (most inputs are
  // short, and the server tries that only on long scripts), so the fuzzer checks those proofs as often.
  const doc = new DocumentAnalysis(kind, true, r() < 0.5 ? 0 : undefined);
  const full = new DocumentAnalysis(kind, false);
  const options = { localNames: [] };
  try {
    doc.applyEdits(null);
    full.applyEdits(null);
    if (!timed('open document', () => doc.analyse(text, options, deadlineIn(BUDGET_MS)!))) return undefined;
    if (!timed('open document, analysed in full', () => full.analyse(text, options, deadlineIn(BUDGET_MS)!))) return undefined;
    let current = text;
    const typed: string[] = [];
    for (let round = 0; round < 4; round++) {
      const edits: TextEditRecord[] = [];
      for (let k = 0, n = 1 + Math.floor(r() * 2); k < n; k++) {
        let start = Math.floor(r() * (current.length + 1));
        if (r() < 0.5) start = current.lastIndexOf('\n', start - 1) + 1; // a line's start
        const end = r() < 0.3 ? Math.min(current.length, start + 1) : start;
        // Now and then a name the script already has, assigned on a line of its own: how typing reaches a
        // relevant variable without a seed.
        const names = r() < 0.35 ? current.match(kind === 'powershell' ? /\$\w+/g : /\b[A-Za-z]\w*\b/g) : null;
        const insert = end > start && r() < 0.5 ? ''
          : names ? `${names[Math.floor(r() * names.length)]} = 1\n`
            : TYPED[kind][Math.floor(r() * TYPED[kind].length)];
        edits.push({ start, oldEnd: end, newText: insert, startPosition: pointAt(current, start), oldEndPosition: pointAt(current, end) });
        typed.push(`${JSON.stringify(insert)} at ${start}${end > start ? `-${end}` : ''}`);
        current = current.slice(0, start) + insert + current.slice(end);
      }
      doc.applyEdits(edits);
      full.applyEdits(edits);
      const next = current;
      const kept = timed(`typed, round ${round + 1}`, () => doc.analyse(next, options, deadlineIn(BUDGET_MS)!));
      const every = kept && timed(`typed, round ${round + 1}, in full`, () => full.analyse(next, options, deadlineIn(BUDGET_MS)!));
      if (!kept || !every) return undefined;
      const differs = firstDifference(kept, every, next, kind);
      if (differs) return { ...differs, after: typed.join(', ') };
      // Now and then a pause, as the language server's worker re-parses a tree an edit left unparsed.
      if (r() < 0.5) {
        doc.settle();
        typed.push('(still)');
      }
    }
    return undefined;
  } finally {
    doc.dispose();
    full.dispose();
  }
}

/**
 * What comparing two analyses of `text` looks at in a finding: where and what it is, its trace and target,
 * and each quick fix (also test/facts/relevance.test.ts, which compares gated and full walks).
 */
export function comparedView(f: Finding, text: string, kind: DocKind): object {
  return {
    code: f.code, span: f.span, callSpan: f.callSpan, message: f.message, related: f.related, target: f.target, locality: f.locality,
    fixes: fixesFor(f, text, kind).map((x) => ({ title: x.title, edits: x.edits })),
  };
}

/** The first finding (with its fixes) that differs between two analyses of `text`, each shown as JSON; undefined when none does. */
function firstDifference(gated: readonly Finding[], every: readonly Finding[], text: string, kind: DocKind): { gated: string; every: string } | undefined {
  const show = (f: Finding | undefined) => (f ? JSON.stringify(comparedView(f, text, kind)) : 'nothing');
  for (let i = 0; i < Math.max(gated.length, every.length); i++) {
    const g = show(gated[i]);
    const e = show(every[i]);
    if (g !== e) return { gated: g, every: e };
  }
  return undefined;
}

/**
 * The fixed text as the language server analyses it after the editor applied the edits: each edit
 * told to a copy of the document's tree (later offsets first, as `applyEdits` orders them), then an
 * incremental parse and extraction.
 */
function reanalysePowerShell(base: Tree, text: string, edits: readonly TextEditAt[], fixed: string, trees: Tree[]): Finding[] {
  const tree = base.copy();
  trees.push(tree);
  let current = text;
  // The order applyEdits uses: later offsets first, ties in reverse given order.
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => b.e.span.start - a.e.span.start || b.e.span.end - a.e.span.end || b.i - a.i).map((x) => x.e);
  for (const e of sorted) {
    editTree(tree, {
      start: e.span.start, oldEnd: e.span.end, newText: e.newText,
      startPosition: pointAt(current, e.span.start), oldEndPosition: pointAt(current, e.span.end),
    });
    current = current.slice(0, e.span.start) + e.newText + current.slice(e.span.end);
  }
  if (current !== fixed) throw new Error('fuzz harness: the edits told to the tree do not give the fixed text');
  const deadline = deadlineIn(BUDGET_MS);
  const next = parsePowerShell(current, tree, deadline);
  trees.push(next);
  return findingsFromFacts(extractPowerShell(next, current, { deadline }));
}

const SENTINEL = '$x = 1\n';

/**
 * After a parse stopped by the budget, the next parse must start afresh. tree-sitter resumes a
 * cancelled parse on the next `parse()` unless the parser is reset, so without that the next file
 * (or the next version of the document) would get a tree of the old, stopped text.
 */
function checkParserReset(): void {
  const t = parsePowerShell(SENTINEL);
  const end = t.rootNode.endIndex;
  t.delete();
  if (end !== SENTINEL.length) {
    parser?.reset(); // keep the following iterations independent of this one
    throw new Error(`parser state leak: after a parse stopped by the budget, a ${SENTINEL.length}-character script parsed as ${end} characters (the stopped parse was resumed; Parser.reset() is missing after a cancelled parse)`);
  }
}

let parser: Awaited<ReturnType<typeof initPowerShell>> | undefined;

async function init(): Promise<void> {
  await initParsers();
  parser = await initPowerShell();
}

// ---- aggregation --------------------------------------------------------------------------

function emptyResult(iterations: number, jobs: number): FuzzResult {
  return { iterations, crashes: [], differences: [], hangs: [], overBudget: 0, slowestMs: 0, findings: 0, fixes: 0, reanalysed: 0, byMutation: {}, jobs, wallMs: 0 };
}

function record(result: FuzzResult, seed: number, mutation: string, file: string, o: Outcome): void {
  const k = result.byMutation[mutation] ??= { count: 0, totalMs: 0, maxMs: 0, maxSeed: seed, maxFile: file, analyses: 0, skipped: 0, binary: 0, findings: 0 };
  k.count++;
  k.totalMs += o.ms;
  if (o.ms > k.maxMs) Object.assign(k, { maxMs: o.ms, maxSeed: seed, maxFile: file });
  k.analyses += o.analyses;
  if (o.skipped) { k.skipped++; result.overBudget++; }
  if (o.binary) k.binary++;
  k.findings += o.findings;
  result.findings += o.findings;
  result.fixes += o.fixes;
  result.reanalysed += o.reanalysed;
  result.slowestMs = Math.max(result.slowestMs, o.ms);
  if (o.crash) result.crashes.push({ seed, mutation, file, ...o.crash });
  if (o.difference) result.differences.push({ seed, mutation, file, ...o.difference });
  if (o.hang) result.hangs.push({ seed, mutation, file, ...o.hang });
}

function merge(into: FuzzResult, part: FuzzResult): void {
  into.crashes.push(...part.crashes);
  into.differences.push(...part.differences);
  into.hangs.push(...part.hangs);
  into.overBudget += part.overBudget;
  into.slowestMs = Math.max(into.slowestMs, part.slowestMs);
  into.findings += part.findings;
  into.fixes += part.fixes;
  into.reanalysed += part.reanalysed;
  for (const [kind, s] of Object.entries(part.byMutation)) {
    const k = into.byMutation[kind];
    if (!k) { into.byMutation[kind] = { ...s }; continue; }
    const slower = s.maxMs > k.maxMs;
    into.byMutation[kind] = {
      count: k.count + s.count, totalMs: k.totalMs + s.totalMs,
      maxMs: slower ? s.maxMs : k.maxMs, maxSeed: slower ? s.maxSeed : k.maxSeed, maxFile: slower ? s.maxFile : k.maxFile,
      analyses: k.analyses + s.analyses, skipped: k.skipped + s.skipped, binary: k.binary + s.binary, findings: k.findings + s.findings,
    };
  }
}

// ---- worker threads -----------------------------------------------------------------------

interface WorkerInit {
  hopcheckFuzz: true;
  lang: Lang;
  seed: number;
  allowed?: readonly string[];
  /** [iteration index or -1, start of the current analysis in ms since `epoch` or -1] */
  state: SharedArrayBuffer;
  epoch: number;
  trace: boolean;
}

type ToWorker =
  | { type: 'run'; from: number; to: number }
  | { type: 'replay'; seed: number; mutation: string; dump?: string };
type FromWorker =
  | { type: 'ready' }
  | { type: 'done'; from: number; to: number; part: FuzzResult }
  | { type: 'replayed'; report: string; ok: boolean }
  | { type: 'error'; error: string };

/** Batches small enough to balance the load, large enough that messages cost nothing. */
const BATCH = 20;

function startWorker(data: WorkerInit): Worker {
  // TypeScript support when run from source (npm run fuzz, mocha), then this file.
  const tsx = __filename.endsWith('.ts') ? `require(${JSON.stringify(require.resolve('tsx/cjs'))});` : '';
  return new Worker(`${tsx} require(${JSON.stringify(__filename)});`, {
    eval: true, workerData: data, resourceLimits: { stackSizeMb: WORKER_STACK_MB }, stdout: false, stderr: false,
  });
}

function sharedState(): Int32Array {
  const state = new Int32Array(new SharedArrayBuffer(8));
  state.set([-1, -1]);
  return state;
}

function workerMain(data: WorkerInit): void {
  const port = parentPort!;
  const state = new Int32Array(data.state);
  (async () => {
    await init();
    const corpus = seedFiles(data.lang);
    port.on('message', (m: ToWorker) => {
      if (m.type === 'replay') {
        const { src, bytes } = mutatedInput(corpus, m.seed, 0, undefined, m.mutation);
        if (m.dump) writeFileSync(m.dump, bytes);
        const lines = [`seed=${m.seed} mutation=${m.mutation}`];
        const o = runInput(src, bytes, m.mutation in SCHEDULED, () => undefined, (l) => lines.push(l));
        lines.push(`total ${o.ms.toFixed(0)} ms, ${o.analyses} analyses, ${o.findings} findings, ${o.fixes} fixes applied, ${o.reanalysed} re-analysed${o.skipped ? ', skipped by design' : ''}`);
        if (o.crash) lines.push(`CRASH in ${o.crash.step}:\n${o.crash.error}`);
        if (o.hang) lines.push(`HANG: ${o.hang.step} took ${o.hang.ms} ms (limit ${HANG_MS} ms)`);
        port.postMessage({ type: 'replayed', report: lines.join('\n'), ok: !o.crash && !o.hang && !o.difference } satisfies FromWorker);
        return;
      }
      const part = emptyResult(m.to - m.from, 0);
      for (let i = m.from; i < m.to; i++) {
        Atomics.store(state, 0, i);
        const beat: Beat = (at) => Atomics.store(state, 1, at < 0 ? -1 : at - data.epoch);
        merge(part, runRange(corpus, data.seed, i, i + 1, data.allowed, beat, data.trace));
      }
      Atomics.store(state, 0, -1);
      port.postMessage({ type: 'done', from: m.from, to: m.to, part } satisfies FromWorker);
    });
    port.postMessage({ type: 'ready' } satisfies FromWorker);
  })().catch((e: unknown) => port.postMessage({ type: 'error', error: (e as Error).stack ?? String(e) } satisfies FromWorker));
}

if (!isMainThread && (workerData as Partial<WorkerInit> | null)?.hopcheckFuzz) workerMain(workerData as WorkerInit);

/** Iterations [from, to) of a run, in this thread. */
function runRange(corpus: readonly SeedFile[], seed: number, from: number, to: number, allowed: readonly string[] | undefined, beat: Beat, trace: boolean): FuzzResult {
  const part = emptyResult(to - from, 0);
  for (let i = from; i < to; i++) {
    const s = seed + i;
    let input: ReturnType<typeof mutatedInput>;
    try {
      input = mutatedInput(corpus, s, i, allowed);
    } catch (e) {
      part.crashes.push({ seed: s, mutation: '?', file: '?', step: 'mutate', error: (e as Error).stack ?? String(e) });
      continue;
    }
    const o = runInput(input.src, input.bytes, input.mutation in SCHEDULED, beat);
    if (trace) process.stderr.write(`${s} ${input.mutation} ${input.src.file.split('/').pop()} ${o.ms.toFixed(0)} ms\n`);
    record(part, s, input.mutation, input.src.file, o);
  }
  return part;
}

// ---- the run --------------------------------------------------------------------------------

export async function fuzz(iterations: number, seed: number, lang: Lang, opts: FuzzOptions = {}): Promise<FuzzResult> {
  const t0 = Date.now();
  const jobs = Math.max(1, Math.min(opts.jobs ?? 1, Math.ceil(iterations / BATCH)));
  const allowed = opts.mutations;
  for (const m of allowed ?? []) if (!MUTATIONS[m]) throw new Error(`unknown mutation ${m}; one of ${Object.keys(MUTATIONS).join(', ')}`);
  const result = await inWorkers(iterations, seed, lang, jobs, allowed, opts.onProgress);
  result.crashes.sort((a, b) => a.seed - b.seed);
  result.differences.sort((a, b) => a.seed - b.seed);
  result.hangs.sort((a, b) => a.seed - b.seed);
  result.wallMs = Date.now() - t0;
  return result;
}

function inWorkers(iterations: number, seed: number, lang: Lang, jobs: number, allowed: readonly string[] | undefined, onProgress?: (done: number) => void): Promise<FuzzResult> {
  const result = emptyResult(iterations, jobs);
  const corpus = seedFiles(lang);
  const queue: { from: number; to: number }[] = [];
  for (let from = 0; from < iterations; from += BATCH) queue.push({ from, to: Math.min(iterations, from + BATCH) });
  const epoch = Date.now();
  let done = 0;
  const describe = (index: number) => {
    const input = mutatedInput(corpus, seed + index, index, allowed);
    return { seed: seed + index, mutation: input.mutation, file: input.src.file };
  };
  interface Slot { worker: Worker; state: Int32Array; batch?: { from: number; to: number }; retired?: boolean; ready?: boolean }
  return new Promise((resolve, reject) => {
    const live = new Set<Slot>();
    let failed = false;
    const finish = () => {
      clearInterval(watchdog);
      resolve(result);
    };
    const next = (slot: Slot) => {
      slot.batch = queue.shift();
      if (slot.batch) {
        slot.worker.postMessage({ type: 'run', ...slot.batch } satisfies ToWorker);
        return;
      }
      slot.retired = true;
      live.delete(slot);
      void slot.worker.terminate();
      if (live.size === 0) finish();
    };
    // A worker lost in the middle of a batch (stopped as hung, or died): the iteration it was on is
    // reported, the rest of its batch goes back to the queue (same seeds, same inputs).
    const lose = (slot: Slot, report: (index: number) => void, why: string) => {
      if (slot.retired || failed) return;
      slot.retired = true;
      live.delete(slot);
      void slot.worker.terminate();
      if (!slot.ready) {
        // Not a finding: the worker could not start at all (respawning would loop).
        failed = true;
        clearInterval(watchdog);
        for (const other of live) void other.worker.terminate();
        reject(new Error(`fuzz worker failed to start: ${why}`));
        return;
      }
      const index = Atomics.load(slot.state, 0);
      if (slot.batch) {
        if (index >= slot.batch.from && index < slot.batch.to) {
          report(index);
          done++;
          if (index + 1 < slot.batch.to) queue.unshift({ from: index + 1, to: slot.batch.to });
          if (index > slot.batch.from) queue.unshift({ from: slot.batch.from, to: index });
        } else {
          queue.unshift(slot.batch);
        }
      }
      if (queue.length) spawn();
      else if (live.size === 0) finish();
    };
    const spawn = () => {
      const state = sharedState();
      const worker = startWorker({ hopcheckFuzz: true, lang, seed, allowed, state: state.buffer as SharedArrayBuffer, epoch, trace: !!process.env.FUZZ_TRACE });
      const slot: Slot = { worker, state };
      live.add(slot);
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'ready') {
          slot.ready = true;
          next(slot);
        } else if (m.type === 'done') {
          merge(result, m.part);
          done += m.to - m.from;
          onProgress?.(done);
          next(slot);
        } else if (m.type === 'error') {
          lose(slot, () => undefined, m.error);
        }
      });
      worker.on('error', (e) => lose(slot, (i) => {
        result.crashes.push({ ...describe(i), step: 'worker', error: `the worker thread died: ${e.stack ?? String(e)}` });
      }, e.stack ?? String(e)));
      worker.on('exit', (code) => {
        lose(slot, (i) => result.crashes.push({ ...describe(i), step: 'worker', error: `the worker thread exited (${code})` }), `exit code ${code}`);
      });
    };
    const watchdog = setInterval(() => {
      for (const slot of [...live]) {
        const started = Atomics.load(slot.state, 1);
        const ms = Date.now() - epoch - started;
        if (started >= 0 && ms > KILL_MS) {
          lose(slot, (i) => result.hangs.push({ ...describe(i), step: 'an analysis (the worker was stopped by the watchdog)', ms }), 'hung');
        }
      }
    }, 1000);
    for (let j = 0; j < jobs; j++) spawn();
  });
}

// ---- replay: one input, in detail ---------------------------------------------------------

/** Runs one input (in a worker thread, like a run) and prints each analysis. True when it passed. */
export function replay(lang: Lang, seed: number, mutation: string, dump?: string): Promise<{ report: string; ok: boolean }> {
  if (!MUTATIONS[mutation]) return Promise.reject(new Error(`unknown mutation ${mutation}; one of ${Object.keys(MUTATIONS).join(', ')}`));
  const worker = startWorker({ hopcheckFuzz: true, lang, seed, state: sharedState().buffer as SharedArrayBuffer, epoch: Date.now(), trace: false });
  return new Promise((resolve, reject) => {
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'ready') worker.postMessage({ type: 'replay', seed, mutation, dump } satisfies ToWorker);
      else if (m.type === 'replayed') {
        void worker.terminate();
        resolve({ report: m.report, ok: m.ok });
      } else if (m.type === 'error') reject(new Error(m.error));
    });
    worker.on('error', reject);
  });
}

// ---- report -------------------------------------------------------------------------------

export function summary(lang: Lang, seed: number, r: FuzzResult, allowed?: readonly string[]): string {
  const out: string[] = [];
  const s = r.wallMs / 1000;
  out.push(`${lang}: ${r.iterations} iterations in ${s.toFixed(1)} s (${(r.iterations / s).toFixed(1)}/s, ${r.jobs} worker thread${r.jobs === 1 ? '' : 's'}), seed ${seed}: `
    + `${r.crashes.length} crashes, ${r.hangs.length} hangs, ${r.differences.length} differences (from every statement walked, or from typing analysed in full), ${r.overBudget} skipped by design (${BUDGET_MS} ms budget or nesting), `
    + `slowest input ${r.slowestMs.toFixed(0)} ms, ${r.findings} findings, ${r.fixes} fixes applied, ${r.reanalysed} fixed texts re-analysed`);
  const total = Object.values(r.byMutation).reduce((a, k) => a + k.totalMs, 0) || 1;
  const ordinary = (allowed ?? Object.keys(MUTATIONS)).some((k) => !(k in SCHEDULED));
  const rate = (kind: string) => (SCHEDULED[kind] && ordinary ? `1/${SCHEDULED[kind].every}` : 'drawn');
  out.push(`  ${'mutation'.padEnd(12)} ${'rate'.padStart(6)} ${'count'.padStart(7)} ${'mean ms'.padStart(8)} ${'max ms'.padStart(7)} ${'time'.padStart(6)} ${'skipped'.padStart(7)} ${'binary'.padStart(6)}  slowest (seed, file)`);
  for (const kind of Object.keys(MUTATIONS)) {
    const k = r.byMutation[kind];
    if (!k) continue;
    out.push(`  ${kind.padEnd(12)} ${rate(kind).padStart(6)} ${String(k.count).padStart(7)} ${(k.totalMs / k.count).toFixed(1).padStart(8)} ${k.maxMs.toFixed(0).padStart(7)} `
      + `${`${((100 * k.totalMs) / total).toFixed(0)}%`.padStart(6)} ${String(k.skipped).padStart(7)} ${String(k.binary).padStart(6)}  ${k.maxSeed} ${k.maxFile.split('/').slice(-2).join('/')}`);
  }
  const again = (x: { seed: number; mutation: string }) => `npm run fuzz -- --lang ${lang} --replay ${x.seed} --mutation ${x.mutation}`;
  for (const c of r.crashes.slice(0, 10)) {
    const lines = c.error.split('\n').slice(0, 4).map((l) => (l.length > 300 ? `${l.slice(0, 300)}… (${l.length} characters)` : l));
    out.push(`  crash seed=${c.seed} ${c.mutation} ${c.file} (${c.step})\n    ${lines.join('\n    ')}\n    replay: ${again(c)}`);
  }
  if (r.crashes.length > 10) out.push(`  … and ${r.crashes.length - 10} more crashes`);
  const cut = (t: string) => (t.length > 400 ? `${t.slice(0, 400)}…` : t);
  for (const d of r.differences.slice(0, 10)) {
    const [shipped, reference] = d.against === 'typed' ? ['open document, typed in', 'analysed in full'] : ['gated', 'every statement'];
    out.push(`  difference seed=${d.seed} ${d.mutation} ${d.file}\n    ${shipped}: ${cut(d.gated)}\n    ${reference}: ${cut(d.every)}\n    replay: ${again(d)}`);
  }
  if (r.differences.length > 10) out.push(`  … and ${r.differences.length - 10} more differences`);
  for (const h of r.hangs.slice(0, 10)) out.push(`  hang seed=${h.seed} ${h.mutation} ${h.file}: ${h.step} ${h.ms.toFixed(0)} ms\n    replay: ${again(h)}`);
  if (r.hangs.length > 10) out.push(`  … and ${r.hangs.length - 10} more hangs`);
  return out.join('\n');
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const get = (flag: string) => { const i = args.indexOf(flag); return i >= 0 ? args[i + 1] : undefined; };
  const usage = 'usage: npm run fuzz -- [--iterations N] [--seed S] [--lang powershell|vbscript|jscript] [--jobs N] [--mutation a,b]\n'
    + '       npm run fuzz -- --lang L --replay SEED --mutation KIND [--dump FILE]\n';
  const number = (flag: string, dflt: number) => {
    const v = Number(get(flag) ?? dflt);
    if (!Number.isInteger(v) || v < 0) { process.stderr.write(`${flag}: a whole number, please\n${usage}`); process.exit(2); }
    return v;
  };
  const langArg = get('--lang');
  if (langArg !== undefined && langArg !== 'powershell' && langArg !== 'vbscript' && langArg !== 'jscript') { process.stderr.write(usage); process.exit(2); }
  const langs: Lang[] = langArg ? [langArg] : ['powershell', 'vbscript', 'jscript'];
  const mutations = get('--mutation')?.split(',').filter(Boolean);
  for (const m of mutations ?? []) if (!MUTATIONS[m]) { process.stderr.write(`unknown mutation ${m}; one of ${Object.keys(MUTATIONS).join(', ')}\n`); process.exit(2); }
  (async () => {
    if (get('--replay') !== undefined) {
      if (!langArg || mutations?.length !== 1) { process.stderr.write(usage); process.exit(2); }
      const r = await replay(langs[0], number('--replay', 0), mutations[0], get('--dump'));
      process.stdout.write(`${r.report}\n`);
      process.exitCode = r.ok ? 0 : 1;
      return;
    }
    const iterations = number('--iterations', 1000);
    const seed = number('--seed', 1);
    const jobs = Math.max(1, number('--jobs', availableParallelism()));
    let bad = 0;
    for (const lang of langs) {
      let lastTick = Date.now();
      const t0 = Date.now();
      const r = await fuzz(iterations, seed, lang, {
        jobs, mutations,
        onProgress: (done) => {
          if (Date.now() - lastTick < 30_000) return;
          lastTick = Date.now();
          process.stderr.write(`${lang}: ${done}/${iterations} after ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
        },
      });
      bad += r.crashes.length + r.hangs.length + r.differences.length;
      process.stdout.write(`${summary(lang, seed, r, mutations)}\n`);
    }
    process.exitCode = bad ? 1 : 0;
  })().catch((e: unknown) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 2;
  });
}
