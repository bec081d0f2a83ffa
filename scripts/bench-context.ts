// Share of relevant statements analysed with full context after a parse error (issue 13, item 2):
// generated scripts put a cluster call in a context (an Enter-PSSession session, an Invoke-Command block,
// a switch arm or catch body inside one, a variable holding the connection) and inject, in the same
// block, one construct tree-sitter-powershell rejects or misreads. A call counts as analysed in context
// when the facts give it the session or the connection its context implies. Measured for each recovery.
// Also on the generated corpus (gen-corpus.ts): each planted PowerShell finding gets a breaker line
// injected right before it (inside its Invoke-Command block or function when it is in one), and counts
// when the same finding (code, shifted line, column) is still reported.
import { parsePowerShell } from '../server/src/parse/powershell';
import { extractPowerShell } from '../server/src/facts/powershell/extract';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findingsFromFacts } from '../server/src/core/analyze';
import { decode } from '../server/src/base/decode';
import { LineIndex } from '../server/src/core/positions';
import type { Manifest } from './gen-corpus';
import { rng } from './rng';

const BREAKERS = [
  'Test-Cluster -Node n1, n2 -Include Inventory',
  'Copy-Item $PSScriptRoot\\..\\tools\\x.ps1 C:\\Temp',
  'Get-ClusterNode | ForEach-Object { }',
  '$owner = \u201cops team\u201d',
  'Write-Host \u2018starting\u2019 \u2013ForegroundColor Green',
  'New-VHD -Path D:\\v.vhdx -SizeBytes 20GB -Dynamic:$true',
  'Set-ClusterParameter -Name x -Value:1, 2',
];

type Check = (calls: { session?: number; connection?: number }[], conns: { id: number; target?: { kind: string } }[]) => boolean;
const inSession: Check = (calls) => calls.length > 0 && calls.every((c) => c.session !== undefined);
/** The call's connection names node1 (through variables, lists, concatenations and parameters' call sites). */
const toNode1: Check = (calls, conns) => calls.length > 0 && calls.every((c) => names(conns.find((k) => k.id === c.connection)?.target, 'node1'));
function names(e: unknown, host: string): boolean {
  if (!e || typeof e !== 'object') return false;
  const x = e as { kind?: string; value?: unknown; items?: unknown[]; parts?: unknown[]; path?: unknown };
  if (x.kind === 'text') return typeof x.value === 'string' && x.value.toLowerCase().includes(host);
  return [x.value, x.path, ...(x.items ?? []), ...(x.parts ?? [])].some((y) => names(y, host));
}

/** [script with a slot «B» for the breaker, what context the call must keep] */
const CONTEXTS: [string, Check][] = [
  ['Enter-PSSession -ComputerName node1\n«B»\nRemove-ClusterNode -Name node2 -Force\nExit-PSSession\n', inSession],
  ['Invoke-Command -ComputerName node1 -ScriptBlock {\n    «B»\n    Remove-ClusterNode -Name node2 -Force\n}\n', inSession],
  ['Invoke-Command -ComputerName node1 -ScriptBlock {\n    switch ($m) {\n        \'a\' { «B» }\n        \'b\' { Add-ClusterNode -Name node3 -Cluster clu1 }\n    }\n}\n', inSession],
  ['Enter-PSSession -ComputerName node1\ntry {\n    «B»\n} catch {\n    Remove-ClusterNode -Name node2 -Force\n}\nExit-PSSession\n', inSession],
  ['Enter-PSSession -ComputerName node1\nif ($x) { «B» } else { Remove-ClusterNode -Name node2 -Force }\n', inSession],
  ['$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName node1\n«B»\n$c.EvictNode(\'node2\')\n', toNode1],
  ['$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName node1\nforeach ($n in $nodes) {\n    «B»\n    $c.EvictNode($n)\n}\n', toNode1],
  // The host written with typographic quotes (pasted from a document), and a one-line function with param():
  ['$n = \u201cnode1\u201d\n$c = Get-WmiObject \u2013Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName $n\n«B»\n$c.EvictNode(\'node2\')\n', toNode1],
  ['function Get-Conn { param($s) Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName $s }\n«B»\n$c = Get-Conn node1\n$c.EvictNode(\'node2\')\n', toNode1],
];

export function contextShare(cases: number, seed = 1): { recovery: 'lines' | 'mask'; share: number; cases: number }[] {
  const r = rng(seed);
  const scripts: { text: string; check: Check }[] = [];
  for (let i = 0; i < cases; i++) {
    const [tpl, check] = CONTEXTS[Math.floor(r() * CONTEXTS.length)];
    const breaker = BREAKERS[Math.floor(r() * BREAKERS.length)];
    const filler = `$log${i} = Join-Path $env:TEMP 'run${i}.log'\n`;
    scripts.push({ text: filler + tpl.replace('«B»', breaker), check });
  }
  return (['lines', 'mask'] as const).map((recovery) => {
    let ok = 0;
    for (const s of scripts) {
      const tree = parsePowerShell(s.text);
      try {
        const f = extractPowerShell(tree, s.text, { recovery });
        if (s.check(f.calls, f.connections)) ok++;
      } finally {
        tree.delete();
      }
    }
    return { recovery, share: ok / scripts.length, cases: scripts.length };
  });
}

/** The planted PowerShell findings of a generated corpus still reported after a breaker is injected before each. */
export function corpusContextShare(dir: string, manifest: Manifest, seed = 1): { recovery: 'lines' | 'mask'; share: number; findings: number }[] {
  const r = rng(seed);
  const byFile = new Map<string, { code: string; line: number; column: number }[]>();
  for (const f of manifest.findings) {
    if (!/\.ps1$|\.psm1$/.test(f.file)) continue;
    const list = byFile.get(f.file) ?? [];
    list.push(f);
    byFile.set(f.file, list);
  }
  const cases: { text: string; expected: string[] }[] = [];
  for (const [file, planted] of byFile) {
    const d = decode(readFileSync(join(dir, file)));
    if (!d.ok) continue;
    const lines = d.text.split(/\r?\n/);
    const first = planted[0];
    // The breaker goes on a new line just before the statement of the first planted finding (not
    // between the lines of a pipeline continued with `|` or a backtick: that would change the statement).
    let at = first.line - 1;
    while (at > 0 && /[|`]\s*$/.test(lines[at - 1])) at--;
    const indent = /^\s*/.exec(lines[at] ?? '')![0];
    lines.splice(at, 0, indent + BREAKERS[Math.floor(r() * BREAKERS.length)]);
    cases.push({ text: lines.join('\n'), expected: planted.map((p) => `${p.code} ${p.line - 1 >= at ? p.line + 1 : p.line}:${p.column}`).sort() });
  }
  return (['lines', 'mask'] as const).map((recovery) => {
    let ok = 0;
    let all = 0;
    for (const c of cases) {
      const tree = parsePowerShell(c.text);
      try {
        const index = new LineIndex(c.text);
        const got = new Set(findingsFromFacts(extractPowerShell(tree, c.text, { recovery })).map((f) => {
          const p = index.positionAt(f.span.start);
          return `${f.code} ${p.line + 1}:${p.character + 1}`;
        }));
        for (const e of c.expected) { all++; if (got.has(e)) ok++; }
      } finally {
        tree.delete();
      }
    }
    return { recovery, share: all ? ok / all : 1, findings: all };
  });
}
