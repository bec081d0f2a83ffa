// The pipeline's language-neutral half: facts → resolve → rules → findings. Also a one-shot
// `analyzeText` (parse, extract and check a whole text) for the command line and tests; the language
// server uses the same pieces but keeps PowerShell trees between edits.
import type { ClusterCall, Facts, RemoteSession } from '../facts/model';
import { isSuppressed } from '../facts/suppression';
import { check, deadlineIn, type Deadline } from '../base/budget';
import { referencedScriptReader } from './referenced-script';
import { extractPowerShell } from '../facts/powershell/extract';
import { lezerToIr } from '../facts/vbscript/from-lezer';
import { extractVbscript } from '../facts/vbscript/extract';
import { isWshScript, parseJscriptWithin } from '../parse/jscript';
import { extractJscript } from '../facts/jscript/extract';
import { parseVbscriptWithin } from '../parse/vbscript';
import { initPowerShell, parsePowerShell } from '../parse/powershell';
import { targetResolver, type TargetResolver } from '../resolve/target';
import type { ResolvedCall } from '../rules/context';
import { runRules } from '../rules/index';
import type { Finding } from '../rules/types';
import { kindOf, type DocKind } from './language';
import { analyzeJobs } from './wsf-jobs';
import { needsAnalysis } from './prefilter';

export { mayHaveFindings, mayReadOtherFiles, needsAnalysis } from './prefilter';

export { LanguageUnavailable } from '../parse/powershell';

export interface AnalyzeOptions {
  /** Host names treated as the local machine (setting `localNames`). */
  localNames?: readonly string[];
  /** The analysed file's path, so scripts it names (`Invoke-Command -FilePath`) can be read. */
  path?: string;
  /**
   * The folder those scripts must stay in (core/referenced-script.ts): the workspace folder, or
   * the folder given on the command line. Default: the analysed file's own folder.
   */
  root?: string;
  /** Parse even files that cannot contain a finding (for statistics and fuzzing). */
  noPrefilter?: boolean;
  /** Per-file time budget; past it analysis stops with BudgetExceeded. */
  budgetMs?: number;
  /** Evaluate every statement, not only those that can matter (relevance.ts; for comparison tests). */
  exhaustive?: boolean;
}

export interface Analysis {
  findings: Finding[];
  /** One set of facts per analysed piece (a .wsf has one per VBScript block). */
  facts: Facts[];
}

/** Which parsers could not be loaded (each language loads on its own: one failing leaves the others working). */
export interface ParserStatus {
  powershell: Error | undefined;
}

/** Loads the parsers; never rejects. Analysing a file of a language that failed throws its LanguageUnavailable. */
export async function initParsers(): Promise<ParserStatus> {
  return { powershell: await initPowerShell().then(() => undefined, (e: unknown) => e as Error) };
}

export function findingsFromFacts(facts: Facts, opts: AnalyzeOptions = {}, deadline?: Deadline): Finding[] {
  const findings: Finding[] = [];
  let steps = 0;
  const clusterNames = clusterNamesOf(facts);
  const resolve = targetResolver(facts);
  for (const call of facts.calls) {
    if ((++steps & 63) === 0) check(deadline); // resolving a target can follow long chains of values
    const connection = call.connection !== undefined ? facts.connections.find((c) => c.id === call.connection) : undefined;
    const session = call.session !== undefined ? facts.sessions.find((s) => s.id === call.session) : undefined;
    const rc: ResolvedCall = {
      call, connection, session,
      target: connection ? resolve(connection.target, { localNames: opts.localNames, transport: connection.transport }) : undefined,
      sessionTarget: session ? resolve(session.target, { localNames: opts.localNames, transport: 'wsman' }) : undefined,
      ...sessionFacts(call, session, resolve, opts, clusterNames),
    };
    for (const f of runRules(rc)) if (!isSuppressed(f.code, f.span.start, facts.suppressions)) findings.push({ ...f, context: rc });
  }
  return dedupe(findings);
}

/** The names the file gives its cluster (`-Cluster x`, `New-Cluster -Name x`), lower case. */
function clusterNamesOf(facts: Facts): Set<string> {
  const out = new Set<string>();
  for (const c of facts.calls) {
    const t = c.cluster?.kind === 'text' ? c.cluster.value : c.cluster?.kind === 'var' && c.cluster.value.kind === 'text' ? c.cluster.value.value : undefined;
    if (t) out.add(t.toLowerCase());
  }
  return out;
}

/**
 * What the session rules (HOP003–HOP006, spec §9) need beyond the targets: where the call itself reaches,
 * whether the session is a loopback one, and whether it is aimed at the cluster's name.
 */
function sessionFacts(
  call: ClusterCall, session: RemoteSession | undefined, resolve: TargetResolver, opts: AnalyzeOptions, clusterNames: Set<string>,
): Partial<ResolvedCall> {
  if (!session) return {};
  const reachExpr = call.hop?.target ?? call.other;
  const reach = reachExpr ? resolve(reachExpr, { localNames: opts.localNames, transport: 'dcom' }) : undefined;
  // Resolved as a DCOM target, a loopback name is the local computer; a loopback address stays "unknown" but is one.
  const host = session.target ? resolve(session.target, { localNames: opts.localNames, transport: 'dcom' }) : undefined;
  const loopback = host !== undefined && (host.locality === 'local' || /^(?:127\.|::1$|\[::1\]$|0:0:0:0:0:0:0:1$)/.test(host.shown.trim()));
  return { reach, sessionLoopback: loopback, sessionIsClusterName: host !== undefined && clusterNames.has(host.shown.trim().toLowerCase()) };
}

/**
 * The command line's entry point: the analysis of a file's text, its language decided by the file's
 * extension (core/language.ts); undefined when the file is not a script hopcheck reads.
 */
export function analyzeFile(path: string, text: string, opts: Omit<AnalyzeOptions, 'path'> = {}): Analysis | undefined {
  const kind = kindOf(path);
  return kind && analyzeText(text, kind, { ...opts, path });
}

/** Parses and checks a whole document (initParsers() must have completed). */
export function analyzeText(text: string, kind: DocKind, opts: AnalyzeOptions = {}): Analysis {
  const deadline = deadlineIn(opts.budgetMs); // from the start: the pre-filter is part of the file's time
  // A job's (or page's) includes can hold the calls: a .wsf or .hta naming an external script is always read.
  if (!opts.noPrefilter && !needsAnalysis(text, kind)) return { facts: [], findings: [] };
  switch (kind) {
    case 'powershell': {
      const tree = parsePowerShell(text, undefined, deadline);
      try {
        const facts = extractPowerShell(tree, text, { readScript: referencedScriptReader(opts.path, opts.root, deadline), deadline, exhaustive: opts.exhaustive });
        return { facts: [facts], findings: findingsFromFacts(facts, opts, deadline) };
      } finally {
        tree.delete();
      }
    }
    case 'vbscript': {
      const facts = extractVbscript(lezerToIr(parseVbscriptWithin(text, deadline), text, 0, (piece) => parseVbscriptWithin(piece, deadline), deadline, opts.exhaustive), text, deadline);
      return { facts: [facts], findings: findingsFromFacts(facts, opts, deadline) };
    }
    case 'jscript': {
      // A .js file is analysed only when it is a WSH script (parse/jscript.ts isWshScript).
      const tree = parseJscriptWithin(text, deadline);
      if (!isWshScript(tree, text)) return { facts: [], findings: [] };
      const facts = extractJscript(tree, text, text, 0, (piece) => parseJscriptWithin(piece, deadline), deadline);
      return { facts: [facts], findings: findingsFromFacts(facts, opts, deadline).map((f) => ({ ...f, language: 'jscript' as const })) };
    }
    case 'wsf':
    case 'hta': {
      // The blocks of each job together, with the job's includes (core/wsf-jobs.ts), per language.
      const all: Facts[] = [];
      const findings: Finding[] = [];
      for (const job of analyzeJobs(text, { path: opts.path, root: opts.root, deadline, exhaustive: opts.exhaustive, prefilter: !opts.noPrefilter })) {
        all.push(job.facts);
        findings.push(...findingsFromFacts(job.facts, opts, deadline).map((f) => job.place({ ...f, scriptStart: job.scriptStart, language: job.facts.language })));
      }
      return { facts: all, findings: dedupe(findings) };
    }
  }
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const k = `${f.code}:${f.span.start}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  }).sort((a, b) => a.span.start - b.span.start || a.code.localeCompare(b.code));
}
