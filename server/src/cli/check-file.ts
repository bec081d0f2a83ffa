// One file of a command-line run: read, decode, analyse, fix when asked, and place the findings for
// the output formats. In two halves, so that with worker threads (cli/pool.ts) the main thread reads
// every file and hands the workers only those the pre-filter lets through; results are plain data.
import { readFileSync, writeFileSync } from 'node:fs';
import { SkippedInput } from '../base/budget';
import { decode, type Encoding } from '../base/decode';
import { encode, sameBytes } from '../base/encode';
import { analyzeFile, LanguageUnavailable } from '../core/analyze';
import { whyAnalyse } from '../core/prefilter';
import { effectiveSeverity, type Settings } from '../core/config';
import { applyPreferredFixes } from '../core/fix';
import { kindOf, SCANNED_EXTENSIONS, type DocKind } from '../core/language';
import { place, type FileProblem, type ReportedFinding } from '../output/report';
import type { Finding } from '../rules/types';

export interface FileJob {
  file: string;
  /** The path as printed (relative to the current folder). */
  shown: string;
  /** The folder scripts named by `-FilePath` must stay in (core/referenced-script.ts). */
  root?: string;
  settings: Settings;
  fix: boolean;
  budgetMs: number;
}

export interface FileResult {
  /** Read and decoded (counted in "files scanned"). */
  scanned: boolean;
  findings: ReportedFinding[];
  problems: FileProblem[];
  fixed?: { file: string; count: number };
  /** The source lines findings start on, by 1-based line (the terminal form shows them). */
  excerpts?: Map<number, string>;
  /** Unreadable, or a grammar that cannot be loaded: a broken install or disk, exit 2. */
  ioError: boolean;
}

/** A file read and decoded, to be analysed. */
export interface ReadFile {
  kind: DocKind;
  bytes: Uint8Array;
  decoded: { text: string; encoding: Encoding };
}

/** The file's bytes and text, or undefined with the reason in `result` (not a script, unreadable, binary). */
function readFile(job: FileJob, result: FileResult): ReadFile | undefined {
  const { file, shown } = job;
  const kind = kindOf(file);
  if (!kind) {
    result.problems.push({ file: shown, reason: `not a PowerShell or VBScript file (${SCANNED_EXTENSIONS.join(' ')})` });
    return undefined;
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    result.problems.push({ file: shown, reason: `cannot read: ${(e as Error).message}` });
    result.ioError = true;
    return undefined;
  }
  const decoded = decode(bytes);
  if (!decoded.ok) {
    result.problems.push({ file: shown, reason: `skipped: ${decoded.reason}` });
    return undefined;
  }
  result.scanned = true;
  return { kind, bytes, decoded };
}

const emptyResult = (): FileResult => ({ scanned: false, findings: [], problems: [], ioError: false });

export function checkFile(job: FileJob): FileResult {
  const { result, read } = readForAnalysis(job);
  return read ? analyseRead(job, read, result) : result;
}

/**
 * The first half: reads and decodes the file, and keeps it (`read`) only when it can have a finding
 * (the pre-filter); otherwise `result` is already the file's whole result.
 */
export function readForAnalysis(job: FileJob): { result: FileResult; read?: ReadFile; why?: 'names' | 'includes' } {
  const result = emptyResult();
  const read = readFile(job, result);
  const why = read && whyAnalyse(read.decoded.text, read.kind);
  return why ? { result, read, why } : { result };
}

/** The second half: analyses what `readForAnalysis` kept, fixes when asked, and places the findings. */
export function analyseRead(job: FileJob, read: ReadFile, result: FileResult): FileResult {
  const { file, shown, settings } = job;
  const { kind, bytes, decoded } = read;
  try {
    const opts = { localNames: settings.localNames, root: job.root, budgetMs: job.budgetMs };
    const severityOf = (f: Finding) => effectiveSeverity(settings, f.code, f.severity);
    let text = decoded.text;
    let { findings } = analyzeFile(file, text, opts)!; // kindOf(file) is known: it is a script
    if (job.fix) {
      const fixed = fixFile(file, bytes, decoded, kind, findings.filter((f) => severityOf(f) !== 'off'));
      if (typeof fixed === 'string') result.problems.push({ file: shown, reason: fixed });
      else if (fixed) {
        text = fixed.text;
        findings = analyzeFile(file, text, opts)!.findings;
        result.fixed = { file: shown, count: fixed.count };
      }
    }
    const excerpts = new Map<string, Map<number, string>>();
    result.findings = place(shown, text, findings, severityOf, excerpts);
    result.excerpts = excerpts.get(shown);
  } catch (e) {
    // The core should never throw on user input; if it does, say so for this file and go on.
    // Either way the file was not (fully) read: it may hide findings, so it fails the run (issue 11, item 3).
    // A grammar that cannot be loaded is a broken install, not a property of the file: exit 2, as for I/O.
    if (e instanceof LanguageUnavailable) result.ioError = true;
    const reason = e instanceof SkippedInput ? `skipped: ${e.message}`
      : e instanceof LanguageUnavailable ? e.message : `internal error while analysing: ${(e as Error).message}`;
    result.problems.push({ file: shown, reason, incomplete: true });
  }
  return result;
}

/**
 * Applies the preferred fixes and writes the file back in its own encoding. Returns the new text, a
 * reason it was left alone, or undefined when there was nothing to fix. A file whose bytes do not
 * survive decoding and re-encoding unchanged is never written.
 */
function fixFile(file: string, bytes: Uint8Array, decoded: { text: string; encoding: Encoding }, kind: DocKind, findings: Finding[]):
  { text: string; count: number } | string | undefined {
  const fixed = applyPreferredFixes(decoded.text, kind, findings);
  if (!fixed) return undefined;
  const original = encode(decoded.text, decoded.encoding);
  if (!original || !sameBytes(original, bytes)) return `not fixed: its ${decoded.encoding} text cannot be written back byte for byte`;
  const { text, count } = fixed;
  const out = encode(text, decoded.encoding);
  if (!out) return `not fixed: the fix has characters ${decoded.encoding} cannot hold`;
  try {
    writeFileSync(file, out);
  } catch (e) {
    return `not fixed: cannot write: ${(e as Error).message}`;
  }
  return { text, count };
}
