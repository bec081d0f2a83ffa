// The pipeline's language-neutral half: facts → resolve → rules → findings. Also a one-shot
// `analyzeText` (parse, extract and check a whole text) for the command line and tests; the language
// server uses the same pieces but keeps PowerShell trees between edits.
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { Facts } from '../facts/model';
import { derived, prefilterWords } from '../catalogue/derive';
import { isSuppressed } from '../facts/suppression';
import { deadlineIn } from './budget';
import { decode } from '../workspace/decode';
import { extractPowerShell } from '../facts/powershell/extract';
import { dashTolerant } from '../facts/powershell/syntax';
import { lezerToIr } from '../facts/vbscript/from-lezer';
import { extractVbscript } from '../facts/vbscript/extract';
import { extractScriptBlocks } from '../parse/embedded';
import { parseVbscriptWithin } from '../parse/vbscript';
import { initPowerShell, parsePowerShell } from '../parse/powershell';
import { resolveTarget } from '../resolve/target';
import type { ResolvedCall } from '../rules/context';
import { runRules } from '../rules/index';
import type { Finding } from '../rules/types';
import type { DocKind } from './language';

export interface AnalyzeOptions {
  /** Host names treated as the local machine (setting `localNames`). */
  localNames?: readonly string[];
  /** The analysed file's path, so scripts it names (`Invoke-Command -FilePath`) can be read. */
  path?: string;
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

export async function initParsers(): Promise<void> {
  await initPowerShell();
}

export function findingsFromFacts(facts: Facts, opts: AnalyzeOptions = {}): Finding[] {
  const findings: Finding[] = [];
  for (const call of facts.calls) {
    const connection = call.connection !== undefined ? facts.connections.find((c) => c.id === call.connection) : undefined;
    const session = call.session !== undefined ? facts.sessions.find((s) => s.id === call.session) : undefined;
    const rc: ResolvedCall = {
      call, connection, session,
      target: connection ? resolveTarget(connection.target, facts, { localNames: opts.localNames, transport: connection.transport }) : undefined,
      sessionTarget: session ? resolveTarget(session.target, facts, { localNames: opts.localNames, transport: 'wsman' }) : undefined,
    };
    for (const f of runRules(rc)) if (!isSuppressed(f.code, f.span.start, facts.suppressions)) findings.push({ ...f, context: rc });
  }
  return dedupe(findings);
}

/**
 * Can this text produce a finding at all? Every finding is about a call: one of the four methods of
 * MSCluster_Cluster or a FailoverClusters cmdlet, written by name (as a method, an InvokeMethod /
 * ExecMethod_ / -Name argument, or the cmdlet), or `Invoke-Command`/`icm` running another script
 * (`-FilePath` and its prefixes) whose calls are reported at the caller. So a file that names none of
 * them has no finding. The one blind spot: a name assembled from fragments ("Evict" + "Node"), which
 * the analysis would follow but this test cannot see. (Dashes: PowerShell also accepts en/em dashes.)
 */
export function mayHaveFindings(text: string): boolean {
  return mayHaveFindingsRe().test(text);
}

/** The catalogue's words (catalogue/derive.ts `prefilterWords`), any case, any dash. */
const mayHaveFindingsRe = derived((c) => new RegExp(prefilterWords(c).map(dashTolerant).join('|'), 'i'));

/** Parses and checks a whole document (initParsers() must have completed). */
export function analyzeText(text: string, kind: DocKind, opts: AnalyzeOptions = {}): Analysis {
  if (!opts.noPrefilter && !mayHaveFindings(text)) return { facts: [], findings: [] };
  switch (kind) {
    case 'powershell': {
      const deadline = deadlineIn(opts.budgetMs);
      const tree = parsePowerShell(text, undefined, deadline);
      try {
        const facts = extractPowerShell(tree, text, { readScript: siblingReader(opts.path), deadline, exhaustive: opts.exhaustive });
        return { facts: [facts], findings: findingsFromFacts(facts, opts) };
      } finally {
        tree.delete();
      }
    }
    case 'vbscript': {
      const deadline = deadlineIn(opts.budgetMs);
      const facts = extractVbscript(lezerToIr(parseVbscriptWithin(text, deadline), text, 0, (piece) => parseVbscriptWithin(piece, deadline), deadline, opts.exhaustive), text, deadline);
      return { facts: [facts], findings: findingsFromFacts(facts, opts) };
    }
    case 'wsf':
    case 'hta': {
      // Each VBScript block on its own, positions mapped back to the file; JScript blocks are skipped.
      const deadline = deadlineIn(opts.budgetMs);
      const all: Facts[] = [];
      const findings: Finding[] = [];
      for (const block of extractScriptBlocks(text)) {
        if (block.language !== 'vbscript') continue;
        const tree = parseVbscriptWithin(block.text, deadline);
        const facts = extractVbscript(lezerToIr(tree, block.text, block.start, (piece) => parseVbscriptWithin(piece, deadline), deadline, opts.exhaustive), text, deadline);
        all.push(facts);
        findings.push(...findingsFromFacts(facts, opts).map((f) => ({ ...f, scriptStart: block.start })));
      }
      return { facts: all, findings };
    }
  }
}

/** Reads a script named relative to `path`'s folder (as PowerShell would from there); never throws. */
export function siblingReader(path: string | undefined): ((name: string) => string | undefined) | undefined {
  if (!path) return undefined;
  return (name: string) => {
    try {
      const cleaned = name.replace(/^\$PSScriptRoot[\\/]?/i, '').replace(/\\/g, '/');
      const full = isAbsolute(cleaned) ? cleaned : join(dirname(path), cleaned);
      if (statSync(full).size > MAX_REFERENCED_SCRIPT) return undefined;
      const d = decode(readFileSync(full));
      return d.ok ? d.text : undefined;
    } catch {
      return undefined; // a missing script is simply not followed
    }
  };
}

const MAX_REFERENCED_SCRIPT = 1024 * 1024;

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const k = `${f.code}:${f.span.start}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  }).sort((a, b) => a.span.start - b.span.start || a.code.localeCompare(b.code));
}
