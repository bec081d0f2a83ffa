// Messages between the language server's main thread and its analysis workers (lsp/analysis-pool.ts,
// lsp/analysis-worker.ts). Everything here crosses a thread by structured clone.
import type { DocumentOptions, TextEditRecord } from '../core/document-analysis';
import type { DocKind } from '../core/language';
import type { Finding } from '../rules/types';
import type { CodeCacheRead } from '../base/code-cache';
import type { CodeCacheMade } from './code-cache-maker';

export type { TextEditRecord };

/** What an analysis needs besides the text: the settings that shape findings, and the budget. */
export interface AnalysisOptions extends DocumentOptions {
  budgetMs: number;
  /** An Int32Array's buffer: non-zero at [0] stops the analysis (the result is no longer wanted). */
  cancel: SharedArrayBuffer;
}

export type ToWorker =
  /**
   * Analyse an open document the worker keeps state for (trees, reusable findings). `edits` are the
   * changes since the last `analyse` of this document sent to this worker; null starts afresh.
   */
  | {
    type: 'analyse'; id: number; uri: string; kind: DocKind; edits: TextEditRecord[] | null; options: AnalysisOptions;
    /**
     * The text, sent only when the worker starts afresh or the edits are many (lsp/document-text.ts); else
     * the worker applies `edits` to the text of its last analysis. `length`: the text's, to check that.
     */
    text?: string;
    length: number;
    /** An Int32Array's buffer, the worker's own: the main thread sets [0] whenever it posts the worker a message (see DocumentAnalysis.settle). */
    interrupt: SharedArrayBuffer;
  }
  /** Analyse a text once, keeping nothing (the workspace scan). */
  | { type: 'analyseText'; id: number; kind: DocKind; text: string; options: AnalysisOptions }
  /** Drop what is kept for a document (closed, too large, or moved to another worker). */
  | { type: 'forget'; uri: string }
  /** Make the code cache now (the answer to `warmedUp`): no other worker exists until `codeCacheMade`. */
  | { type: 'makeCodeCache' };

export type Outcome =
  /**
   * An open document's findings come without their `context`: a `contexts` message with the same id
   * follows (lsp/finding-contexts.ts). The scan's findings have none.
   */
  | { kind: 'findings'; findings: Finding[]; contextsFollow?: true }
  /** Stopped on purpose: over the time budget, nested too deeply (said once to the user). */
  | { kind: 'skipped'; reason: string }
  | { kind: 'cancelled' }
  /** The language's parser could not be loaded. */
  | { kind: 'unavailable'; reason: string }
  /** A bug: logged, the document gets no findings. */
  | { kind: 'failed'; reason: string };

export type FromWorker =
  /**
   * The worker has loaded its parsers; `powershell` says why that one could not be, if it could not.
   * `codeCache`: how its bundle was compiled (undefined when it runs from source, as in tests).
   */
  | { type: 'ready'; powershell?: string; codeCache?: CodeCacheRead }
  | { type: 'done'; id: number; outcome: Outcome }
  /** The edits of `analyse` `id` did not give a text of its length: it is to be sent again with the text. */
  | { type: 'outOfStep'; id: number }
  /** The contexts of the findings of `done` `id` (encodeContexts); none if that analysis was superseded. */
  | { type: 'contexts'; id: number; contexts?: Uint8Array }
  /** The worker has warmed up; `wantsCodeCache`: it has a code cache to make (lsp/code-cache-maker.ts), if it may. */
  | { type: 'warmedUp'; wantsCodeCache: boolean }
  | { type: 'codeCacheMade'; made: CodeCacheMade };
