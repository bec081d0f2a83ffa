// The pre-filter: can a text have a finding at all, and can its findings depend on another file? Text
// searches only, in a module of its own so that the language server's main thread (which applies it
// to every file of a workspace scan) does not load the parsers and extractors with it.
import { derived, prefilterWords } from '../catalogue/derive';
import { DASHES, parameterPrefixSource, wordsPattern } from '../facts/powershell/syntax';
import type { DocKind } from './language';

/**
 * Can this text produce a finding at all? Every finding is about a call written by name: a cluster
 * method of MSCluster_Cluster (as a method, an InvokeMethod / ExecMethod_ / -Name argument), or a
 * command inside a remote PowerShell session that the file opens with a session command (see
 * catalogue/derive.ts `prefilterWords`). So a file that names none of them has no finding;
 * test/core/prefilter.test.ts checks it on every fixture and a generated corpus. The one blind spot: a
 * method name assembled from fragments ("Evict" + "Node"), which the analysis would follow but this
 * test cannot see. (Dashes: PowerShell also accepts en/em dashes.)
 */
export function mayHaveFindings(text: string): boolean {
  return mayHaveFindingsRe().test(text);
}

/**
 * The catalogue's words (catalogue/derive.ts `prefilterWords`), any case, any dash, as whole words: not
 * `icm` inside `ICMP`, not `Invoke-Command` inside `Invoke-CommandLine` (a name of its own).
 */
const mayHaveFindingsRe = derived((c) => new RegExp(`(?<![\\w${DASHES}])(?:${wordsPattern(prefilterWords(c))})(?![\\w${DASHES}])`, 'i'));

/**
 * Can a text of this kind have a finding? The pre-filter, and a .wsf/.hta page that includes a script
 * (`<script src=…>`), whose library may hold the calls its own text does not name.
 */
export function needsAnalysis(text: string, kind: DocKind): boolean {
  return whyAnalyse(text, kind) !== undefined;
}

/**
 * Why a text must be analysed: it names what hopcheck looks for, or it is a page that only includes a
 * script (whose jobs are mostly not parsed, core/wsf-jobs.ts); undefined when it cannot have a finding.
 */
export function whyAnalyse(text: string, kind: DocKind): 'names' | 'includes' | undefined {
  return mayHaveFindings(text) ? 'names' : includesScript(text, kind) ? 'includes' : undefined;
}

/** A .wsf/.hta page that names an external script (`<script src=…>`). */
function includesScript(text: string, kind: DocKind): boolean {
  return (kind === 'wsf' || kind === 'hta') && /<script\b[^>]{0,1000}?\bsrc\s*=/i.test(text);
}

/**
 * Can the findings of this text depend on another file (`Invoke-Command -FilePath`, any prefix of it;
 * a .wsf/.hta `<script src>`)? Then they must be checked again when another script changes on disk.
 */
export function mayReadOtherFiles(text: string, kind: DocKind): boolean {
  if (kind === 'powershell') return mayHaveFindings(text) && runsScriptParamRe().test(text);
  return includesScript(text, kind);
}

/**
 * The catalogue's script-running parameter (`-FilePath`) as written: any prefix down to its first letter
 * (`-F`, `-Fi`…), or the bare name (a splatted hashtable's key).
 */
const runsScriptParamRe = derived((c) => new RegExp(c.commands.flatMap((e) => {
  const p = e.runsScript;
  return p ? [parameterPrefixSource(p, 1), p] : [];
}).join('|') || '(?!)', 'i'));
