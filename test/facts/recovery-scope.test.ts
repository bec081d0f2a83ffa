// Which statements of a broken PowerShell script are re-read line by line (facts/powershell/tree.ts
// needsRecovery, recoveryRun, runHolding): the run of broken statements where they are, with any statement
// that starts on the line the run ends on, and not the whole script because one top-level line is broken.
import { strict as assert } from 'node:assert';
import { analyzeText, findingsFromFacts, initParsers } from '../../server/src/core/analyze';
import { extractPowerShell } from '../../server/src/facts/powershell/extract';
import { parsePowerShell, viewOf, type Node as SyntaxNode } from '../../server/src/parse/powershell';
import { runHolding } from '../../server/src/facts/powershell/tree';
import { countingParses } from '../helpers/tree-edits';

/** The findings of `text` as `code start`, and how many pieces of it were parsed on their own (re-read line by line). */
function analysed(text: string, recovery?: 'lines'): { findings: string[]; pieces: number } {
  const tree = parsePowerShell(text);
  try {
    const { result, pieces } = countingParses(() => findingsFromFacts(extractPowerShell(tree, text, { recovery })).map((f) => `${f.code} ${f.span.start}`));
    return { findings: result, pieces };
  } finally {
    tree.delete();
  }
}

/** Runs `check` with the top-level statement list of a view of `text`'s parse (children not read yet). */
function withTopList(text: string, check: (list: SyntaxNode) => void): void {
  const tree = parsePowerShell(text);
  const view = viewOf(tree, (a, b) => text.slice(a, b));
  try {
    check(view.rootNode.children.find((k) => k.type === 'statement_list')!);
  } finally {
    view.delete();
    tree.delete();
  }
}

describe('recovery re-reads the broken statements of a PowerShell script where they are', () => {
  before(() => initParsers());

  const CALL = [
    "Get-CimInstance -Namespace root/MSCluster -ClassName MSCluster_Cluster -CimSession $s |",
    "    Invoke-CimMethod -MethodName AddNode -Arguments @{ NodeName = 'node2' }",
  ];

  it('one broken top-level line re-reads its own statements, not every statement of the script', () => {
    // `Get-X )` is no construct a mask respells: it stays broken, an ERROR among the script's statements.
    // Every statement names the session, so every one is relevant (recovery re-reads only relevant lines).
    const filler = Array.from({ length: 150 }, (_, i) => `if ($s) { Write-Host "s${i}" }\n$t${i} = Get-Service -Name 's${i}' -ErrorVariable s`);
    const lines = ['$s = New-CimSession -ComputerName hv-node7', 'Get-X )', ...filler, ...CALL, ''];
    const broken = lines.join('\n');
    const { findings, pieces } = analysed(broken);
    assert.ok(pieces <= 3, `${pieces} pieces of the script were parsed on their own`);
    // The same findings as the script without the broken line, moved by its length.
    const sound = [lines[0], ...lines.slice(2)].join('\n');
    const shift = 'Get-X )\n'.length;
    assert.deepEqual(findings, analysed(sound).findings.map((f) => f.replace(/\d+$/, (n) => String(Number(n) + shift))));
    assert.equal(findings.length, 1);
  });

  it('a statement that starts on the line a broken one ends on is re-read with it (the grammar cut it)', () => {
    // Unmended (`recovery: 'lines'`), `n1, n2` makes an ERROR that takes `Get-CimInstance … -CimSession`
    // from the next line and leaves `$s | Invoke-CimMethod …` as a statement of its own: read from the tree,
    // the call would have no connection.
    const text = ['$s = New-CimSession -ComputerName hv-node7', 'Test-Cluster -Node n1, n2 -Include Inventory', ...CALL, '$z = 1', ''].join('\n');
    const tree = parsePowerShell(text);
    try {
      const kids = tree.rootNode.child(0)!.children;
      const error = kids.find((k) => k.type === 'ERROR');
      const line = text.indexOf('Get-CimInstance');
      assert.ok(error && error.endIndex > line && error.endIndex < text.indexOf('\n', line), 'the ERROR ends inside the call\'s line');
    } finally {
      tree.delete();
    }
    assert.deepEqual(analysed(text, 'lines').findings, [`HOP001 ${text.indexOf('AddNode')}`]);
    assert.deepEqual(analyzeText(text, 'powershell', {}).findings.map((f) => `${f.code} ${f.span.start}`), [`HOP001 ${text.indexOf('AddNode')}`]);
  });

  it('asks no sibling whether it is broken when none can be: a statement alone on its line, or in a list without errors (a long script\'s top level is not read whole)', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `$t${i} = Get-Service -Name 's${i}'`);
    lines.splice(200, 0, 'Get-X )');
    const text = lines.join('\n') + '\n';
    withTopList(text, (list) => {
      const alone = list.firstChildForIndex(text.indexOf('$t300'))!;
      assert.equal(runHolding(alone, text), undefined);
      assert.equal(list.hasKids, false, 'the top-level statements were read whole');
    });
    // In a script without errors, a statement sharing its line with others holds none either.
    const sound = lines.filter((l) => l !== 'Get-X )').join('\n').replace("'s300'", "'s300'; $x = 1") + '\n';
    withTopList(sound, (list) => {
      const shared = list.firstChildForIndex(sound.indexOf('$x = 1'))!;
      assert.equal(shared.text, '$x = 1');
      assert.equal(runHolding(shared, sound), undefined);
      assert.equal(list.hasKids, false, 'the top-level statements of the sound script were read whole');
    });
  });

  it('reads a bounded stretch of a long minified line for each of its statements (a scan back to the line\'s start was quadratic)', () => {
    // A broken line first, so the statement lists have an error and the line's statements are asked about.
    const line = Array.from({ length: 3000 }, (_, i) => `$c${i} = Get-Service -Name s${i}`).join('; ');
    const text = `Get-X )\n${line}\n`;
    withTopList(text, (list) => {
      const last = list.firstChildForIndex(text.lastIndexOf('$c2999'))!;
      assert.equal(last.text.startsWith('$c2999'), true);
      // Every character read is counted: the statement is 90 KB into its line.
      let reads = 0;
      const counted = new Proxy(new String(text), {
        get(target, key) {
          if (key === 'charCodeAt') return (i: number) => { reads++; return text.charCodeAt(i); };
          const v = Reflect.get(target, key);
          return typeof v === 'function' ? v.bind(text) : v;
        },
      }) as unknown as string;
      assert.equal(runHolding(last, counted), undefined);
      assert.ok(reads < 20000, `${reads} characters read`);
    });
  });
});
