// One open document's analysis, kept between edits: the PowerShell tree (edited in step with the text
// so re-parses are incremental), the last findings with what core/reuse.ts needs to keep them across
// an edit that cannot change them, and for VBScript the fragments Lezer can reuse. The language
// server's entry point for analysis; each lives in the analysis worker that owns the document.
import { TreeFragment, type Tree as LezerTree } from '@lezer/common';
import { analyzeText, findingsFromFacts } from './analyze';
import { referencedScriptReader } from './referenced-script';
import type { Deadline } from '../base/budget';
import type { DocKind } from './language';
import { reuseFindings, widen, type EditRegion, type Reusable } from './reuse';
import { extractPowerShell } from '../facts/powershell/extract';
import type { RelevanceSummary } from '../facts/powershell/relevance';
import { extractVbscript } from '../facts/vbscript/extract';
import type { WordIndex } from '../facts/vbscript/relevance';
import { lezerToIr, type VbCarry } from '../facts/vbscript/from-lezer';
import { editTree, parsePowerShell, syntaxChangedOnlyWithin, type Tree } from '../parse/powershell';
import { parseVbscriptWithin, topsChangedOnlyWithin } from '../parse/vbscript';
import type { Finding } from '../rules/types';

/** One text replacement of an open document, in the coordinates of the text it applied to. */
export interface TextEditRecord {
  start: number;
  oldEnd: number;
  newText: string;
  startPosition: { row: number; column: number };
  oldEndPosition: { row: number; column: number };
}

/** What shapes a document's findings besides its text. */
export interface DocumentOptions {
  localNames: string[];
  /** The file's path, so scripts it names (`Invoke-Command -FilePath`) can be read. */
  path?: string;
  /** The folder those scripts must stay in: the file's workspace folder (core/referenced-script.ts). */
  root?: string;
}

/** More changes than this in one go and the document is parsed afresh (see applyEdits). */
const MAX_EDITS_KEPT = 256;

export class DocumentAnalysis {
  private tree?: Tree;
  /** The tree the last analysis replaced, freed by `freeReplaced` (or by the next analysis). */
  private replaced?: Tree;
  private reusable?: Reusable;
  private edit?: EditRegion;
  private vbFragments?: readonly TreeFragment[];
  /** The VBScript tree the fragments came from, which the reuse proof compares the next one with. */
  private vbTree?: LezerTree;
  /**
   * The index of the words of the text of the last full VBScript analysis, and the edits since (moved to the
   * next text rather than read again: reading every word was a third of an edit's analysis).
   */
  private vbWords?: WordIndex;
  private vbWordsEdit?: EditRegion;

  /**
   * `carry` false: every edit analysed in full, from the incrementally parsed tree alone, with no findings kept
   * and no word index moved (the fuzzer's reference for what carrying them must give).
   */
  constructor(readonly kind: DocKind, private readonly carry = true) {}

  /** Applies the changes since the last call (in order); null: the text was replaced, start afresh. */
  applyEdits(edits: readonly TextEditRecord[] | null): void {
    // Each change walks the kept tree's top level (thousands of children side by side in a script the
    // grammar gave up on): past a few hundred changes at once (a replace-all), a new parse is cheaper.
    if (edits === null || edits.length > MAX_EDITS_KEPT) {
      this.dispose();
      return;
    }
    for (const e of edits) {
      if (this.tree || this.vbTree) this.edit = widen(this.edit, e.start, e.oldEnd, e.newText.length);
      if (this.vbWords) this.vbWordsEdit = widen(this.vbWordsEdit, e.start, e.oldEnd, e.newText.length);
      if (this.tree) editTree(this.tree, e);
      if (this.vbFragments) {
        this.vbFragments = TreeFragment.applyChanges(this.vbFragments, [{ fromA: e.start, toA: e.oldEnd, fromB: e.start, toB: e.start + e.newText.length }]);
      }
    }
  }

  /** The findings for `text` (throws SkippedInput, Cancelled or LanguageUnavailable as the pipeline does). */
  analyse(text: string, { localNames, path, root }: DocumentOptions, deadline: Deadline): Finding[] {
    if (this.kind === 'powershell') return this.analysePowerShell(text, localNames, path, root, deadline);
    if (this.kind === 'vbscript') return this.analyseVbscript(text, localNames, deadline);
    return analyzeText(text, this.kind, { localNames, path, root, budgetMs: deadline.budgetMs }).findings;
  }

  private analysePowerShell(text: string, localNames: string[], path: string | undefined, root: string | undefined, deadline: Deadline): Finding[] {
    this.freeReplaced();
    const tree = parsePowerShell(text, this.tree, deadline);
    const settingsKey = JSON.stringify(localNames);
    // An edit that provably cannot change the findings (core/reuse.ts) only moves them.
    const old = this.tree;
    const reused = this.carry && this.reusable && this.edit && old
      ? reuseFindings(this.reusable, text, this.edit, (lines) => syntaxChangedOnlyWithin(old, tree, lines), settingsKey)
      : undefined;
    this.replaced = this.tree;
    this.tree = tree;
    this.edit = undefined;
    this.reusable = undefined;
    if (reused) {
      this.reusable = reused;
      return reused.findings;
    }
    const relevance: { summary?: RelevanceSummary } = {};
    const facts = extractPowerShell(tree, text, { readScript: referencedScriptReader(path, root, deadline), deadline, relevance });
    const findings = findingsFromFacts(facts, { localNames }, deadline);
    if (relevance.summary) this.reusable = { text, findings, relevance: relevance.summary, settingsKey, errors: facts.syntaxErrors };
    return findings;
  }

  private analyseVbscript(text: string, localNames: string[], deadline: Deadline): Finding[] {
    // Re-parsed incrementally from the fragments of the last tree (Lezer reuses what the edits left alone).
    const fragments = this.vbFragments;
    const old = this.vbTree;
    this.vbFragments = undefined; // if this parse fails, the next one starts afresh
    this.vbTree = undefined;
    const tree = parseVbscriptWithin(text, deadline, fragments);
    this.vbFragments = TreeFragment.addTree(tree);
    this.vbTree = tree;
    const settingsKey = JSON.stringify(localNames);
    // As for PowerShell: an edit that provably cannot change the findings (core/reuse.ts) only moves them.
    const reused = this.carry && this.reusable && this.edit && old
      ? reuseFindings(this.reusable, text, this.edit, (lines, oldLines) => topsChangedOnlyWithin(old, tree, oldLines, lines), settingsKey)
      : undefined;
    this.edit = undefined;
    this.reusable = reused;
    if (reused) return reused.findings;
    const words = this.vbWords && this.vbWordsEdit ? this.vbWords.edited(text, this.vbWordsEdit) : this.vbWords;
    this.vbWords = undefined;
    this.vbWordsEdit = undefined;
    const vbCarry: VbCarry = { words };
    const program = lezerToIr(tree, text, 0, (piece) => parseVbscriptWithin(piece, deadline), deadline, false, vbCarry);
    if (this.carry) this.vbWords = vbCarry.words;
    const facts = extractVbscript(program, text, deadline);
    const findings = findingsFromFacts(facts, { localNames }, deadline);
    // Broken relevant statements are re-read in pieces that an edit elsewhere can join differently: not kept.
    if (vbCarry.summary && !facts.syntaxErrors.length) this.reusable = { text, findings, relevance: vbCarry.summary, settingsKey, errors: [] };
    return findings;
  }

  /**
   * Frees the tree the last analysis replaced. Freeing a 5,000-line script's old tree takes about half a
   * millisecond (the nodes the re-parse did not reuse), which the language server's worker spends after it
   * has posted the findings, not before.
   */
  freeReplaced(): void {
    this.replaced?.delete();
    this.replaced = undefined;
  }

  dispose(): void {
    this.freeReplaced();
    this.tree?.delete();
    this.tree = undefined;
    this.reusable = undefined;
    this.edit = undefined;
    this.vbFragments = undefined;
    this.vbTree = undefined;
    this.vbWords = undefined;
    this.vbWordsEdit = undefined;
  }
}
