// One open document's analysis, kept between edits: the PowerShell tree (edited in step with the text
// so re-parses are incremental), the last findings with what core/reuse.ts needs to keep them across
// an edit that cannot change them, and for VBScript the fragments Lezer can reuse. The language
// server's entry point for analysis; each lives in the analysis worker that owns the document.
import { TreeFragment, type Tree as LezerTree } from '@lezer/common';
import { analyzeText, findingsFromFacts } from './analyze';
import { referencedScriptReader } from './referenced-script';
import { Cancelled, DEFAULT_BUDGET_MS, deadlineIn, type Deadline } from '../base/budget';
import type { DocKind } from './language';
import { linesAround, provedOutsideSessions, reuseFindings, widen, type EditRegion, type Reusable } from './reuse';
import { extractPowerShell, type PsExtractOptions } from '../facts/powershell/extract';
import type { TextScan } from '../facts/powershell/text-scan';
import type { OutsideVerdicts } from '../facts/powershell/outside-verdicts';
import type { RelevanceSummary } from '../facts/powershell/relevance';
import { extractVbscript } from '../facts/vbscript/extract';
import type { WordIndex } from '../facts/vbscript/relevance';
import { lezerToIr, type VbCarry } from '../facts/vbscript/from-lezer';
import { editTree, parsePowerShell, syntaxChangedOnlyWithin, type Tree } from '../parse/powershell';
import { windowParse, type WindowParse } from '../parse/powershell-window';
import { parseVbscriptWithin, topsChangedOnlyWithin } from '../parse/vbscript';
import type { Facts, Span } from '../facts/model';
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

/**
 * Proving an edit local from the statements around it (parse/powershell-window.ts) takes up to about a
 * millisecond; a document whose whole re-parse took less than that is re-parsed at once instead (most
 * scripts: tree-sitter re-parses a script fast unless one statement list of it holds thousands of statements).
 */
const WINDOW_PAYS_MS = 1;

export class DocumentAnalysis {
  private tree?: Tree;
  /**
   * Set when `tree` is not the parse of the last text analysed: an edit's findings were kept on a parse of the
   * statements around it alone (parse/powershell-window.ts), and the tree has only been told about the
   * edits since it was parsed. `region`: where they changed the text (in the current text's offsets, with the
   * edits applied since); `text`: the text analysed, while no edit has come since (what `settle` parses).
   */
  private unparsed?: { region: EditRegion; text?: string };
  /** How long the last whole re-parse of the tree took (ms; unknown: as if long). */
  private reparseMs = Infinity;
  /** The tree the last analysis replaced, freed by `freeReplaced` (or by the next analysis). */
  private replaced?: Tree;
  private reusable?: Reusable;
  private edit?: EditRegion;
  private vbFragments?: readonly TreeFragment[];
  /** The VBScript tree the fragments came from, which the reuse proof compares the next one with. */
  private vbTree?: LezerTree;
  /**
   * The index of the words of the text of the last full VBScript analysis (moved to the next text rather than
   * read again: reading every word was a third of an edit's analysis).
   */
  private readonly vbWords = new KeptScan<WordIndex>();
  /** The same for PowerShell: the seed words, variable mentions and function keywords (text-scan.ts). */
  private readonly psScan = new KeptScan<TextScan>();
  /** The same for PowerShell's verdicts on the commands that reach other computers (outside-verdicts.ts). */
  private readonly psOutside = new KeptScan<OutsideVerdicts>();

  /**
   * `carry` false: every edit analysed in full, from the incrementally parsed tree alone, with no findings kept
   * and no word index moved (the fuzzer's reference for what carrying them must give).
   */
  constructor(
    readonly kind: DocKind,
    private readonly carry = true,
    /** Tests set it to prove with the statements around an edit whatever the re-parse costs (see WINDOW_PAYS_MS). */
    private readonly windowPaysMs = WINDOW_PAYS_MS,
  ) {}

  /** Applies the changes since the last call (in order); null: the text was replaced, start afresh. */
  applyEdits(edits: readonly TextEditRecord[] | null): void {
    // Edits outside the lines of those the tree has not been re-parsed for could not be proved local to one
    // place (see analysePowerShell): re-parse first, as every edit did before such proofs.
    if (this.unparsed?.text !== undefined && edits) {
      const near = linesAround(this.unparsed.text, this.unparsed.region.start, this.unparsed.region.newEnd);
      if (edits.some((e) => e.start < near.start || e.oldEnd > near.end)) this.settle();
    }
    // Each change walks the kept tree's top level (thousands of children side by side in a script the
    // grammar gave up on): past a few hundred changes at once (a replace-all), a new parse is cheaper.
    if (edits === null || edits.length > MAX_EDITS_KEPT) {
      this.dispose();
      return;
    }
    for (const e of edits) {
      if (this.tree || this.vbTree) this.edit = widen(this.edit, e.start, e.oldEnd, e.newText.length);
      if (this.unparsed) this.unparsed = { region: widen(this.unparsed.region, e.start, e.oldEnd, e.newText.length) };
      this.vbWords.changed(e);
      this.psScan.changed(e);
      this.psOutside.changed(e);
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
    const settingsKey = JSON.stringify(localNames);
    // An edit that provably cannot change the findings (core/reuse.ts) only moves them. When the statements
    // around the edited lines prove that the syntax changed only inside them, the whole text is re-parsed
    // later, if at all (`settle`); else now, and the two trees are compared. Either proof compares with the
    // tree as last parsed, so every edit since then must lie in the lines: outside them the old tree is then
    // the parse of the text last analysed (each of those edits was proved local to lines these hold).
    const old = this.tree;
    const edit = this.edit;
    const since = this.unparsed?.region ?? edit;
    const sinceWithin = (lines: Span) => !since || (since.start >= lines.start && since.newEnd <= lines.end);
    const windowPays = this.reparseMs >= this.windowPaysMs;
    let tree: Tree | undefined;
    const reused = this.carry && this.reusable && edit && old
      // `outsideBlocks`: commands that reach other computers in the edited lines, which leave the findings as they
      // were only outside every script block of a new tree with no syntax error (facts/powershell/relevance.ts couldMatter).
      ? reuseFindings(this.reusable, text, edit, (lines, _oldLines, outsideBlocks) => {
        if (!sinceWithin(lines)) return false;
        if (windowPays) {
          // The new tree has no syntax error: the window has none, and the old tree's all lay in the edited lines.
          const window = windowParse(old, text, lines);
          if (window) {
            const proved = provedOutsideSessions(window.tree, outsideBlocks);
            window.tree.delete();
            return proved;
          }
        }
        tree = this.reparse(text, old, deadline);
        return syntaxChangedOnlyWithin(old, tree, lines) && provedOutsideSessions(tree, outsideBlocks);
      }, settingsKey)
      : undefined;
    this.edit = undefined;
    this.reusable = undefined;
    if (reused && !tree) {
      this.unparsed = { region: since!, text };
      // The text has no syntax error: the window has none, and outside it the tree is the old one, whose
      // errors all lay in the edited lines. So the next edit, wherever it is, can keep the findings too.
      this.reusable = { ...reused, errors: [] };
      return reused.findings;
    }
    // An edit whose findings can change (a line that matters), with its syntax change proved local by the
    // statements around it: analysed without the whole re-parse. If it changed no syntax at all (typing inside a
    // name, a string or a number, blanks between tokens), the old tree, told about it, is the new text's tree as
    // it stands; else the statements' own parse stands in for the old tree's there, and the whole text is
    // re-parsed later, if at all (`settle`). The old tree must have no error: error recovery weighs tokens far
    // from where the error shows, so an edit could move it.
    let window: WindowParse | undefined;
    /** The window of statements around the edited lines proved the edit local. */
    let proved = false;
    if (!tree && !reused && old && edit && this.carry && windowPays && !old.rootNode.hasError) {
      const lines = linesAround(text, edit.start, edit.newEnd);
      window = sinceWithin(lines) ? windowParse(old, text, lines) : undefined;
      proved = window !== undefined;
      if (window?.exact) {
        window.tree.delete();
        window = undefined;
        tree = old;
      }
    }
    if (window) {
      tree = old!;
      this.unparsed = { region: since!, text };
    } else {
      tree ??= old ? this.reparse(text, old, deadline) : parsePowerShell(text, undefined, deadline);
      this.unparsed = undefined;
      if (tree !== old) this.replaced = old;
      this.tree = tree;
    }
    if (reused) {
      // Where the new tree may have errors: the edited lines, unless it has none at all.
      this.reusable = tree.rootNode.hasError ? reused : { ...reused, errors: [] };
      return reused.findings;
    }
    const relevance: { summary?: RelevanceSummary } = {};
    // Kept verdicts hold outside the lines edited since they were decided only where the edit was proved local.
    const verdicts = this.psOutside.take(text);
    const outside: PsExtractOptions['outside'] = { carried: proved ? verdicts : undefined };
    const options: PsExtractOptions = { readScript: referencedScriptReader(path, root, deadline), deadline, relevance, window, scan: this.psScan.take(text), outside };
    let facts: Facts;
    try {
      facts = extractPowerShell(tree, text, options);
    } finally {
      window?.tree.delete();
    }
    if (this.carry) {
      this.psScan.keep(options.scan);
      this.psOutside.keep(outside.kept);
    }
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
    const vbCarry: VbCarry = { words: this.vbWords.take(text) };
    const program = lezerToIr(tree, text, 0, (piece) => parseVbscriptWithin(piece, deadline), deadline, false, vbCarry);
    if (this.carry) this.vbWords.keep(vbCarry.words);
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

  /**
   * Re-parses a tree the last analysis left unparsed (see `unparsed`), so that the next edit, wherever it is,
   * can be compared with it. The language server's worker calls it when the document has been still for a
   * moment; `interrupt` (non-zero at [0]: another message is waiting) stops it, leaving the tree as it was.
   */
  settle(interrupt?: Int32Array): void {
    const text = this.unparsed?.text;
    const old = this.tree;
    if (text === undefined || !old) return;
    try {
      this.tree = this.reparse(text, old, { ...deadlineIn(DEFAULT_BUDGET_MS)!, cancel: interrupt });
      this.unparsed = undefined;
      old.delete();
    } catch (e) {
      if (e instanceof Cancelled) return; // the tree is untouched: still the old one, told about every edit
      // Over its budget: nothing to keep, the next analysis starts afresh (as after any failed parse).
      this.dispose();
    }
  }

  /** The incremental parse of `text` from the edited `old` tree, timed (see WINDOW_PAYS_MS). */
  private reparse(text: string, old: Tree, deadline: Deadline | undefined): Tree {
    const started = performance.now();
    const tree = parsePowerShell(text, old, deadline);
    this.reparseMs = performance.now() - started;
    return tree;
  }

  dispose(): void {
    this.unparsed = undefined;
    this.freeReplaced();
    this.tree?.delete();
    this.tree = undefined;
    this.reusable = undefined;
    this.edit = undefined;
    this.vbFragments = undefined;
    this.vbTree = undefined;
    this.vbWords.keep(undefined);
    this.psScan.keep(undefined);
    this.psOutside.keep(undefined);
  }
}

/**
 * What an analysis read from the whole text of a document (its words), kept with the edits made since, and
 * moved to the next text rather than read again: only the edited lines are read again (`edited`).
 */
class KeptScan<T extends { readonly text: string; edited(text: string, edit: EditRegion): T }> {
  private value?: T;
  private edit?: EditRegion;

  /** One more change of the document. */
  changed(e: TextEditRecord): void {
    if (this.value) this.edit = widen(this.edit, e.start, e.oldEnd, e.newText.length);
  }

  /** The value moved to `text`, if one is kept; taken out, so an analysis that fails leaves the next one to read afresh. */
  take(text: string): T | undefined {
    const { value, edit } = this;
    this.keep(undefined);
    if (!value) return undefined;
    if (edit) return value.edited(text, edit);
    return value.text === text ? value : undefined;
  }

  /** Keeps the value read from the text just analysed (undefined: none). */
  keep(value: T | undefined): void {
    this.value = value;
    this.edit = undefined;
  }
}
