// Share of relevant statements analysed with full context after a parse error (issue 13, item 2):
// generated scripts put a cluster call in a context (an Enter-PSSession session, an Invoke-Command block,
// a switch arm or catch body inside one, a variable holding the connection) and inject, in the same
// block, one construct tree-sitter-powershell rejects or misreads. A call counts as analysed in context
// when the facts give it the session or the connection its context implies. Measured for each recovery.
import { parsePowerShell } from '../server/src/parse/powershell';
import { extractPowerShell } from '../server/src/facts/powershell/extract';
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
const withTarget: Check = (calls, conns) => calls.length > 0 && calls.every((c) => conns.find((k) => k.id === c.connection)?.target !== undefined);

/** [script with a slot «B» for the breaker, what context the call must keep] */
const CONTEXTS: [string, Check][] = [
  ['Enter-PSSession -ComputerName node1\n«B»\nRemove-ClusterNode -Name node2 -Force\nExit-PSSession\n', inSession],
  ['Invoke-Command -ComputerName node1 -ScriptBlock {\n    «B»\n    Remove-ClusterNode -Name node2 -Force\n}\n', inSession],
  ['Invoke-Command -ComputerName node1 -ScriptBlock {\n    switch ($m) {\n        \'a\' { «B» }\n        \'b\' { Add-ClusterNode -Name node3 -Cluster clu1 }\n    }\n}\n', inSession],
  ['Enter-PSSession -ComputerName node1\ntry {\n    «B»\n} catch {\n    Remove-ClusterNode -Name node2 -Force\n}\nExit-PSSession\n', inSession],
  ['Enter-PSSession -ComputerName node1\nif ($x) { «B» } else { Remove-ClusterNode -Name node2 -Force }\n', inSession],
  ['$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName node1\n«B»\n$c.EvictNode(\'node2\')\n', withTarget],
  ['$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName node1\nforeach ($n in $nodes) {\n    «B»\n    $c.EvictNode($n)\n}\n', withTarget],
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
