// Resilience fuzzing: mutates the test fixtures and examples (byte flips, truncation, deep nesting,
// 1 MB lines, NUL bytes, unbalanced quotes and blocks) and runs each result through the whole
// pipeline (decode → parse → facts → rules → every quick fix). Any exception is a crash; any input
// over the per-file budget is a hang.
//   npm run fuzz -- --iterations N [--seed S] [--lang powershell|vbscript]
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText, initParsers } from '../server/src/core/analyze';
import { SkippedInput } from '../server/src/core/budget';
import { kindOf, type DocKind } from '../server/src/core/language';
import { fixesFor } from '../server/src/fixes/index';
import { applyEdits } from '../server/src/fixes/types';
import { decode } from '../server/src/workspace/decode';
import { rng } from './rng';

export interface FuzzResult {
  iterations: number;
  crashes: { seed: number; mutation: string; file: string; error: string }[];
  /** Inputs whose processing was not stopped by the per-file budget in time (2 × the budget). */
  hangs: { seed: number; mutation: string; file: string; ms: number }[];
  /** Inputs skipped by design (over the per-file time budget, or nested too deeply), with a notice in the editor and CLI. */
  overBudget: number;
  slowestMs: number;
  findings: number;
}

/** The per-file budget the front doors use; an input still running at twice this is a hang. */
const BUDGET_MS = 5000;

type Mutation = (bytes: Buffer, r: () => number) => Buffer;

const int = (r: () => number, n: number) => Math.floor(r() * n);

const MUTATIONS: Record<string, Mutation> = {
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
    const filler = ['a', '"', "'", ' & ', '$x.', '-'][int(r, 6)].repeat(Math.ceil(1_000_000 / 3));
    return Buffer.concat([b.subarray(0, at), Buffer.from(filler.slice(0, 1_000_000)), b.subarray(at)]);
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

function seeds(lang: 'powershell' | 'vbscript'): { file: string; bytes: Buffer; kind: DocKind }[] {
  const roots = [join(__dirname, '..', 'test', 'fixtures', lang), join(__dirname, '..', 'examples')];
  const out: { file: string; bytes: Buffer; kind: DocKind }[] = [];
  const walk = (d: string) => {
    let entries: string[];
    try { entries = readdirSync(d); } catch { return; }
    for (const e of entries) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) { walk(p); continue; }
      const kind = kindOf(p);
      if (!kind || (lang === 'powershell') !== (kind === 'powershell')) continue;
      out.push({ file: p, bytes: readFileSync(p), kind });
    }
  };
  roots.forEach(walk);
  return out;
}

export async function fuzz(iterations: number, seed: number, lang: 'powershell' | 'vbscript'): Promise<FuzzResult> {
  await initParsers();
  const corpus = seeds(lang);
  if (corpus.length === 0) throw new Error(`no ${lang} fixtures to mutate`);
  const names = Object.keys(MUTATIONS);
  const result: FuzzResult = { iterations, crashes: [], hangs: [], overBudget: 0, slowestMs: 0, findings: 0 };
  for (let i = 0; i < iterations; i++) {
    const s = seed + i;
    const r = rng(s);
    const src = corpus[int(r, corpus.length)];
    const mutation = names[int(r, names.length)];
    const t0 = performance.now();
    try {
      const bytes = MUTATIONS[mutation](src.bytes, r);
      if (process.env.FUZZ_DUMP) writeFileSync(`${process.env.FUZZ_DUMP}${src.file.slice(src.file.lastIndexOf('.'))}`, bytes);
      const decoded = decode(bytes);
      if (!decoded.ok) continue;
      const a = analyzeText(decoded.text, src.kind, { noPrefilter: true, budgetMs: BUDGET_MS });
      result.findings += a.findings.length;
      for (const f of a.findings) {
        for (const fix of fixesFor(f, decoded.text, src.kind)) applyEdits(decoded.text, fix.edits);
      }
    } catch (e) {
      if (e instanceof SkippedInput) result.overBudget++;
      else result.crashes.push({ seed: s, mutation, file: src.file, error: (e as Error).stack ?? String(e) });
    }
    const ms = performance.now() - t0;
    if (process.env.FUZZ_TRACE) process.stderr.write(`${s} ${mutation} ${src.file.split('/').pop()} ${ms.toFixed(0)} ms\n`);
    result.slowestMs = Math.max(result.slowestMs, ms);
    if (ms > 2 * BUDGET_MS) result.hangs.push({ seed: s, mutation, file: src.file, ms });
  }
  return result;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const get = (flag: string) => { const i = args.indexOf(flag); return i >= 0 ? args[i + 1] : undefined; };
  const iterations = Number(get('--iterations') ?? '1000');
  const seed = Number(get('--seed') ?? '1');
  const langs = get('--lang') ? [get('--lang') as 'powershell' | 'vbscript'] : (['powershell', 'vbscript'] as const);
  (async () => {
    let bad = 0;
    for (const lang of langs) {
      const t0 = Date.now();
      const r = await fuzz(iterations, seed, lang);
      bad += r.crashes.length + r.hangs.length;
      process.stdout.write(`${lang}: ${r.iterations} iterations in ${((Date.now() - t0) / 1000).toFixed(1)} s: `
        + `${r.crashes.length} crashes, ${r.hangs.length} hangs, ${r.overBudget} skipped by design (${BUDGET_MS} ms budget or nesting), `
        + `slowest input ${r.slowestMs.toFixed(0)} ms, ${r.findings} findings\n`);
      for (const c of r.crashes.slice(0, 5)) process.stdout.write(`  crash seed=${c.seed} ${c.mutation} ${c.file}\n    ${c.error.split('\n').slice(0, 4).join('\n    ')}\n`);
      for (const h of r.hangs.slice(0, 5)) process.stdout.write(`  hang seed=${h.seed} ${h.mutation} ${h.file} ${h.ms.toFixed(0)} ms\n`);
    }
    process.exitCode = bad ? 1 : 0;
  })();
}
