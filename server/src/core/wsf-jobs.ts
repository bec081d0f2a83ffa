// The script blocks of a .wsf job (or of an .hta page) analysed together, with the scripts the job
// includes (`<script language="VBScript" src="lib\cluster.vbs"/>`): Windows Script Host runs a job's
// blocks and includes in one engine per language, so a Sub, Function or global of the library is the
// job's, and a connection made in one file can be used in the other. Includes are read with the same
// safety rules as `Invoke-Command -FilePath` (referenced-script.ts: relative names only, real path
// inside the root, regular files, size cap, deadline).
//
// The extractors see one text: the document followed by each included file (after a line break), so
// every offset they produce is into that text; afterwards offsets past the document are placed in
// their file (`TraceStep.elsewhere`), and a finding whose call is in an include is reported on the
// include's `src` value in the document.
import { relative as relativePath, dirname, resolve } from 'node:path';
import { check, type Deadline } from '../base/budget';
import { jscriptToIr } from '../facts/jscript/from-lezer';
import type { Facts, Span, TraceStep } from '../facts/model';
import type { VbProgram } from '../facts/vbscript/ir';
import { lezerToIr } from '../facts/vbscript/from-lezer';
import { extractVbscript } from '../facts/vbscript/extract';
import { extractScriptBlocks, jobStarts, type ScriptBlock } from '../parse/embedded';
import { parseJscriptWithin } from '../parse/jscript';
import { parseVbscriptWithin } from '../parse/vbscript';
import type { Finding } from '../rules/types';
import { LineIndex } from './positions';
import { mayHaveFindings } from './prefilter';
import { defaultRoot, readReferencedScript, referencedScriptPath } from './referenced-script';

/** An included file, placed after the document in the extractors' text. */
interface Included {
  /** Offset of its first character in the combined text. */
  base: number;
  text: string;
  path: string;
  relative: string;
  /** The `src` value in the document that includes it. */
  srcSpan: Span;
  written: string;
  /** Its line starts, made when a finding is first placed in it (most includes never hold one). */
  lines: () => LineIndex;
}

export interface JobOptions {
  path?: string;
  root?: string;
  deadline?: Deadline;
  exhaustive?: boolean;
  /**
   * Apply the pre-filter (core/prefilter.ts) per job: a job none of whose pieces (its blocks and the
   * files it includes) names anything hopcheck looks for cannot have a finding, and is not parsed. A
   * page is read whenever it includes a file, and a deployment's pages often all include one large
   * library that names nothing.
   */
  prefilter?: boolean;
}

/**
 * Facts of every job of a .wsf (an .hta is one job), one set per language per job, and a function that
 * places a finding of those facts in the document.
 */
export function analyzeJobs(text: string, opts: JobOptions): { facts: Facts; place: (f: Finding) => Finding; scriptStart: number }[] {
  const blocks = extractScriptBlocks(text);
  const jobs = groupByJob(blocks, jobStarts(text, blocks));
  // Every distinct include is read once and appended once: all jobs share one combined text, so a
  // file of many jobs including the same library costs the library once, not once per job.
  let combined = text;
  const byName = new Map<string, Included | undefined>();
  for (const b of blocks) {
    if (b.src === undefined || !b.srcSpan || !opts.path || byName.has(b.src)) continue;
    if (byName.size >= MAX_INCLUDES) break;
    const read = readInclude(b.src, opts.path, opts.root, opts.deadline);
    if (!read) { byName.set(b.src, undefined); continue; }
    combined += '\n';
    let lines: LineIndex | undefined;
    const own = read.text;
    byName.set(b.src, { base: combined.length, text: own, path: read.path, relative: read.relative, srcSpan: b.srcSpan, written: b.src, lines: () => (lines ??= new LineIndex(own)) });
    combined += read.text;
  }
  const out: { facts: Facts; place: (f: Finding) => Finding; scriptStart: number }[] = [];
  for (const jobBlocks of jobs) {
    for (const language of ['vbscript', 'jscript'] as const) {
      const mine = jobBlocks.filter((b) => b.language === language);
      if (mine.length === 0) continue;
      // The job's pieces in document order (WSH runs them so): each block's include, then its own text.
      const included: Included[] = [];
      const pieces: { text: string; base: number }[] = [];
      for (const b of mine) {
        const inc = b.src !== undefined && b.srcSpan ? byName.get(b.src) : undefined;
        if (inc) {
          // The same library included by another job is placed on this job's own `src`.
          const own = { ...inc, srcSpan: b.srcSpan! };
          included.push(own);
          pieces.push({ text: inc.text, base: inc.base });
        }
        if (b.text.trim() !== '') pieces.push({ text: b.text, base: b.start });
      }
      if (pieces.length === 0 || (opts.prefilter && !pieces.some((p) => mayMatter(p.text)))) continue;
      const facts = language === 'vbscript' ? vbscriptFacts(pieces, combined, opts) : jscriptFacts(pieces, combined, opts);
      facts.syntaxErrors = facts.syntaxErrors.filter((e) => e.start <= text.length);
      out.push({ facts, place: placer(text.length, included), scriptStart: mine.find((b) => b.text.trim() !== '')?.start ?? mine[0].start });
    }
  }
  return out;
}

/**
 * The pre-filter's answer for a piece, remembered for the texts of includes: the same library is
 * included by page after page (MDT-Deploy: one 300 KB library in each), read from the include cache as
 * one string each time, and testing it once per page was a third of scanning such a repository.
 */
const answers = new Map<string, boolean>();
function mayMatter(text: string): boolean {
  if (text.length < 4096) return mayHaveFindings(text); // a page's own block: cheaper to test than to keep
  let answer = answers.get(text);
  if (answer === undefined) {
    if (answers.size >= 16) answers.clear(); // the texts are the include cache's own strings: little is kept twice
    answers.set(text, (answer = mayHaveFindings(text)));
  }
  return answer;
}

/** Distinct includes read per document at most (each is at most MAX_REFERENCED_SCRIPT). */
const MAX_INCLUDES = 32;

/** Blocks (in document order) grouped by the `<job` before them, in one pass. */
function groupByJob(blocks: ScriptBlock[], starts: number[]): ScriptBlock[][] {
  const groups: ScriptBlock[][] = [];
  let job = 0;
  let current: ScriptBlock[] | undefined;
  let currentJob = -1;
  for (const b of blocks) {
    while (job < starts.length && starts[job] <= b.tagStart) job++;
    if (!current || job !== currentJob) {
      current = [];
      groups.push(current);
      currentJob = job;
    }
    current.push(b);
  }
  return groups;
}

function readInclude(src: string, fromFile: string, root: string | undefined, deadline?: Deadline): { text: string; path: string; relative: string } | undefined {
  const limit = root ?? defaultRoot(fromFile);
  const where = referencedScriptPath(src, fromFile, limit);
  if (!('path' in where)) return undefined;
  const text = readReferencedScript(src, fromFile, limit, deadline);
  if (text === undefined) return undefined;
  return { text, path: where.path, relative: relativePath(dirname(resolve(fromFile)), where.path).split(/[\\/]/).join('/') };
}

function vbscriptFacts(pieces: { text: string; base: number }[], combined: string, opts: JobOptions): Facts {
  const parse = (piece: string) => parseVbscriptWithin(piece, opts.deadline);
  // Relevance (relevance.ts) starts from the method names a text mentions, but one piece's statements
  // can matter through another (a library of connection helpers need not name a method; a block that
  // only connects feeds a later one): a job of several pieces is read whole.
  const whole = opts.exhaustive || pieces.length > 1;
  const programs = pieces.map((p) => lezerToIr(parse(p.text), p.text, p.base, parse, opts.deadline, whole));
  check(opts.deadline);
  return extractVbscript(joined(programs), combined, opts.deadline);
}

/** JScript pieces as one program (functions and globals shared), each parsed on its own. */
function jscriptFacts(pieces: { text: string; base: number }[], combined: string, opts: JobOptions): Facts {
  const parse = (piece: string) => parseJscriptWithin(piece, opts.deadline);
  const programs = pieces.map((p) => jscriptToIr(parse(p.text), p.text, p.base, parse, opts.deadline));
  const facts = extractVbscript(joined(programs), combined, opts.deadline);
  facts.language = 'jscript';
  return facts;
}

function joined(programs: VbProgram[]): VbProgram {
  return { body: programs.flatMap((p) => p.body), comments: programs.flatMap((p) => p.comments), errors: programs.flatMap((p) => p.errors) };
}

/** Places a finding of the combined text in the document (see the top of this file). */
function placer(documentLength: number, included: Included[]): (f: Finding) => Finding {
  if (included.length === 0) return (f) => f;
  const owner = (s: Span) => (s.start > documentLength ? included.find((i) => s.start >= i.base && s.start <= i.base + i.text.length) : undefined);
  const moved = (step: TraceStep): TraceStep => {
    const inc = owner(step.span);
    if (!inc) return step;
    const span = { start: step.span.start - inc.base, end: step.span.end - inc.base };
    return { ...step, span, elsewhere: { path: inc.path, relative: inc.relative, start: inc.lines().positionAt(span.start), end: inc.lines().positionAt(span.end) } };
  };
  return (f) => {
    const related = f.related.map(moved);
    const conn = f.context?.connection;
    // Fixes edit the connection where it is written: not in this document when it is in an include.
    const context = f.context && conn && owner(conn.span) ? { ...f.context, connection: { ...conn, edit: undefined } } : f.context;
    const inc = owner(f.span);
    if (!inc) return { ...f, related, context };
    const call = moved({ span: f.span, message: `${f.method} is called here, in ${inc.written} (included by this job)` });
    return { ...f, span: inc.srcSpan, callSpan: inc.srcSpan, related: [call, ...related], context, inInclude: inc.written };
  };
}
