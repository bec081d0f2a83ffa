// The analysis worker's warm-up: edits of a made-up script of each language, analysed like an open
// document's, in the worker's first idle moments. The first edits of a real document ran two to five
// times slower than later ones (V8 compiles the edit path's functions on their first call and optimizes
// them only after many), which was about a third of the edit latency's p95 (docs/PERFORMANCE.md). The
// texts are built here, from no file: nothing the user wrote is read, and no finding leaves the worker.
import { Cancelled, DEFAULT_BUDGET_MS, deadlineIn } from '../base/budget';
import { DocumentAnalysis, type TextEditRecord } from '../core/document-analysis';
import { LineIndex } from '../core/positions';
import type { Finding } from '../rules/types';

/**
 * Lines of each script: enough that a re-parse of the whole text costs more than proving an edit local
 * (WINDOW_PAYS_MS in core/document-analysis.ts), so the warm-up takes the path a long script's edits take.
 */
const LINES = 1200;
/** Edits per language: one-character insertions and deletions, taking turns over the lines below. */
const EDITS = 48;

/**
 * A script of `kind` with cluster calls over remote connections among ordinary lines, and in PowerShell an admin
 * script's session helper too (a function that runs a block on a node with Invoke-Command, called with blocks that
 * make a second hop): the first edits of such a script ran at two to four times the later ones' time after the
 * warm-up took only the WMI lines' path (docs/PERFORMANCE.md, eighteenth round). `edited`: a cluster-call line,
 * in PowerShell a call of the helper, then an ordinary line.
 */
export function warmUpScript(kind: WarmedKind): { text: string; edited: number[] } {
  const out: string[] = kind === 'powershell'
    ? ['param([string[]]$Nodes = @(\'node1\', \'node2\'))', 'function Invoke-OnNode([string]$Node, [scriptblock]$Block) {', '  Invoke-Command -ComputerName $Node -ScriptBlock $Block', '}']
    : [];
  let clusterLine = -1;
  let sessionLine = -1;
  const middle = (line: number) => line > LINES / 2;
  for (let i = 0; out.length < LINES; i++) {
    if (kind === 'powershell') {
      out.push(`$svc${i} = Get-Service -Name 'ClusSvc' -ErrorAction SilentlyContinue`, `if ($svc${i}.Status -ne 'Running') { Write-Warning "ClusSvc stopped on node${i}" }`);
      // A command that reaches another computer by itself: no finding outside a session, but read as one.
      if (i % 5 === 0) out.push(`Copy-Item "\\\\$($Nodes[${i % 2}])\\c$\\logs\\svc${i}.log" C:\\logs`);
      if (i % 25 === 0) out.push(`$cluster${i} = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName "node${i}"`, `$cluster${i}.EvictNode("n${i}")`);
      if (i % 25 === 12) {
        out.push(`Invoke-OnNode -Node $Nodes[0] -Block { Get-ClusterGroup -Name 'g${i}' | Move-ClusterGroup -Node node2; Copy-Item C:\\logs\\g${i}.log \\\\backup\\logs }`);
        if (sessionLine < 0 && middle(out.length)) sessionLine = out.length - 1;
      }
    } else {
      out.push(`strNode${i} = "node${i}"`, `If Len(strNode${i}) > 3 Then WScript.Echo strNode${i}`);
      if (i % 25 === 0) out.push(`Set wmi${i} = GetObject("winmgmts:\\\\node${i}\\root\\MSCluster")`, `wmi${i}.Get("MSCluster_Cluster").EvictNode "n${i}"`);
    }
    if (clusterLine < 0 && middle(out.length) && /EvictNode/.test(out[out.length - 1])) clusterLine = out.length - 1;
  }
  // The ordinary line: an edit the findings provably do not depend on (core/reuse.ts).
  let ordinary = LINES / 4;
  while (/MSCluster|Invoke-OnNode/.test(out[ordinary]) || /MSCluster/.test(out[ordinary + 1])) ordinary++;
  const edited = kind === 'powershell' ? [clusterLine, sessionLine, ordinary] : [clusterLine, ordinary];
  return { text: out.slice(0, LINES).join('\n') + '\n', edited };
}

type WarmedKind = 'powershell' | 'vbscript';

/** One step's analysis: the text, and its findings (undefined: the step was interrupted). */
export interface WarmUpStep {
  kind: WarmedKind;
  text: string;
  findings?: Finding[];
}

/**
 * The warm-up, one analysis a step: the caller runs steps while the worker has nothing else to do.
 * `interrupt` (non-zero at [0]: a message is waiting) stops the analysis under way, and the caller
 * stops stepping; the generator is resumed at the next idle moment.
 */
export function* warmUp(interrupt: () => Int32Array | undefined): Generator<WarmUpStep, void, void> {
  for (const kind of ['powershell', 'vbscript'] as const) {
    const { text, edited } = warmUpScript(kind);
    const doc = new DocumentAnalysis(kind);
    try {
      let current = text;
      for (let i = 0; i <= EDITS; i++) {
        if (i > 0) {
          // The lines in turn, an equal share of the edits each (an insertion, then its deletion).
          const line = edited[Math.min(edited.length - 1, Math.floor(((i - 1) * edited.length) / EDITS))];
          const at = new LineIndex(current).offsetAt({ line, character: 0 });
          // A blank, and on PowerShell every other insertion a `;`, which changes the syntax.
          const typed = kind === 'powershell' && (i - 1) % 4 >= 2 ? ';' : ' ';
          const insert = i % 2 === 1;
          const edit: TextEditRecord = {
            start: at, oldEnd: insert ? at : at + 1, newText: insert ? typed : '',
            startPosition: { row: line, column: 0 }, oldEndPosition: { row: line, column: insert ? 0 : 1 },
          };
          current = current.slice(0, at) + edit.newText + current.slice(edit.oldEnd);
          doc.applyEdits([edit]);
        }
        let findings: Finding[] | undefined;
        try {
          findings = doc.analyse(current, { localNames: [] }, { ...deadlineIn(DEFAULT_BUDGET_MS)!, cancel: interrupt() });
        } catch (e) {
          // Interrupted: the next step goes on from here, as an open document's next edit does after one.
          if (!(e instanceof Cancelled)) return; // over its budget on a loaded machine: not worth more
        }
        doc.freeReplaced();
        yield { kind, text: current, findings };
      }
    } finally {
      doc.dispose();
    }
  }
}
