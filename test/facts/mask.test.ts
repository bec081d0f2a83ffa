// Same-length respellings for the PowerShell grammar (server/src/facts/powershell/mask.ts).
import { strict as assert } from 'node:assert';
import { maskPowerShell } from '../../server/src/facts/powershell/mask';
import { mattersWhole } from '../helpers/relevance';
import { extractPowerShell } from '../../server/src/facts/powershell/extract';
import { initPowerShell, parsePowerShell } from '../../server/src/parse/powershell';

describe('maskPowerShell', () => {
  it('reads typographic quotes and dashes as ASCII in code, keeping every offset', () => {
    const text = '$t = \u201cnode1\u201d; Get-X \u2013Name \u2018a\u2019 \u2014Force\n';
    const m = maskPowerShell(text, []);
    assert.equal(m, '$t = "node1"; Get-X -Name \'a\' -Force\n');
    assert.equal(m.length, text.length);
  });

  it('leaves dashes inside strings and comments alone', () => {
    const text = "'a \u2013 b' # x \u2013 y\n\"c \u2013 d\"";
    assert.equal(maskPowerShell(text, []), text);
  });

  it('applies grammar masks only inside the given ranges', () => {
    const line1 = 'New-Cluster -Node n1, n2\n';
    const text = line1 + 'Write-Output a, b\n';
    const m = maskPowerShell(text, [{ start: 0, end: line1.length }]);
    assert.equal(m, 'New-Cluster -Node n1 ,n2\nWrite-Output a, b\n');
  });

  it('respells empty script blocks, bare variable paths and one-line param blocks', () => {
    const text = 'Get-X | % { }\nCopy-Item $root\\..\\x C:\\t\nfunction F { param($a) Get-Y $a }\n';
    const m = maskPowerShell(text, [{ start: 0, end: text.length }]);
    assert.equal(m, 'Get-X | % {;}\nCopy-Item _root\\..\\x C:\\t\nfunction F { param($a);Get-Y $a }\n');
  });

  it('respells a bare-word list after -Param: as the grammar reads it', () => {
    const text = 'Test-Cluster -Node:n1, n2\n';
    assert.equal(maskPowerShell(text, [{ start: 0, end: text.length }]), 'Test-Cluster -Node:n1 ,n2\n');
  });

  it('makes an edit adding a typographic quote matter to the analysis (no reuse of old findings)', () => {
    assert.equal(mattersWhole('Write-Host \u201chello', { language: 'powershell' as const, names: new Set<string>(), functionNames: new Set<string>(), tops: [], points: [] }), true);
    assert.equal(mattersWhole('Write-Host "hello', { language: 'powershell' as const, names: new Set<string>(), functionNames: new Set<string>(), tops: [], points: [] }), undefined);
  });

  it('blanks number suffixes (1GB, 10kb) on broken lines, not words that merely end so', () => {
    const text = '$f = [math]::Round($d.FreeSpace / 1GB, 1); $s = 10kb; Get-X -Name a1GB\n';
    assert.equal(maskPowerShell(text, [{ start: 0, end: text.length }]), '$f = [math]::Round($d.FreeSpace / 1   ,1); $s = 10  ; Get-X -Name a1GB\n');
  });

  /** A broken text's respelling is `expected`, and the grammar rejects the text but reads the respelling. */
  async function mends(text: string, expected: string): Promise<void> {
    await initPowerShell();
    const m = maskPowerShell(text, [{ start: 0, end: text.length }]);
    assert.equal(m, expected);
    assert.equal(parsePowerShell(text).rootNode.hasError, true, 'the grammar rejects the original');
    assert.equal(parsePowerShell(m).rootNode.hasError, false, 'and reads the respelling');
  }

  it('reads bitwise operators as -eq on broken lines, which the grammar accepts in a method call', () => mends(
    '$r = $f.Invoke($h, $c.A -bor $c.B, $x -BAND 4, $y -bxor 1); Get-X -bore 1 -Flags:-bor\n',
    '$r = $f.Invoke($h ,$c.A -eq  $c.B ,$x -eq   4 ,$y -eq   1); Get-X -bore 1 -Flags:-bor\n'));

  it('reads digits in a parameter name as _ on broken lines (the grammar\'s parameter token has none)', () => mends(
    'Get-PEInfo -PEHandle $h -Win32Types $t -IPv6Address:$a -Count -1 -Name n2\n',
    'Get-PEInfo -PEHandle $h -Win__Types $t -IPv_Address:$a -Count -1 -Name n2\n'));

  it('reads a type given as a default value as 0 on broken lines (the grammar joins it to the next attribute)', () => mends(
    'function F {\n param(\n  $Type = [int],\n  [Parameter()]\n  $Alias,\n  $T2 = [System.Type[]]\n )\n $x = [int]::MaxValue\n}\n',
    'function F {\n param(\n  $Type = 0    ,\n  [Parameter()]\n  $Alias,\n  $T2 = 0              \n )\n $x = [int]::MaxValue\n}\n'));

  it('reads a switch clause\'s double-quoted condition that expands nothing as single-quoted on broken lines', async () => {
    await mends(
      'switch -Regex -File $f {\n "^\\[(.+)\\]" # Section\n {\n $s = 1\n }\n "^(;.*)$" { $c = 1 }\n "a b" { 2 }\n}\n$t = "a b"\n',
      "switch -Regex -File $f {\n '^\\[(.+)\\]' # Section\n {\n $s = 1\n }\n '^(;.*)$' { $c = 1 }\n 'a b' { 2 }\n}\n$t = \"a b\"\n");
    // A condition that expands (`$x`, `$(…)`, a backtick) or holds a quote keeps its double quotes.
    const expanding = 'switch ($v) {\n "$x y" { 3 }\n "$(f) y" { 4 }\n "a`t b" { 5 }\n "it\'s" { 6 }\n}\n';
    assert.equal(maskPowerShell(expanding, [{ start: 0, end: expanding.length }]), expanding);
  });

  it('returns the text itself when nothing needs a mask', () => {
    const text = 'Get-Service -Name x\n';
    assert.equal(maskPowerShell(text, []), text);
  });

  it('reports the typographic range with the syntax errors, so no edit reuses findings (core/reuse.ts)', async () => {
    await initPowerShell();
    const text = '$t = \u201cnode1\u201d\nGet-Service\n';
    const tree = parsePowerShell(text);
    try {
      const facts = extractPowerShell(tree, text);
      assert.deepEqual(facts.syntaxErrors, [{ start: 5, end: 12 }]);
    } finally {
      tree.delete();
    }
  });

  it('a program the grammar gives up on whole is re-parsed with masks and keeps its error (its one error starts in a comment)', async () => {
    await initPowerShell();
    // The unclosed `@{` makes the whole program one ERROR; a respelling on a later line (`-Win32Types`)
    // used to count the whole-file error as one a mask would mend, because the statement it starts in
    // (the comment) holds no relevant point: no error was left, and edits could reuse stale findings.
    const text = '# c\n$x = @{\nGet-X -Win32Types 1\n$s = New-PSSession -ComputerName n1\nInvoke-Command -Session $s { Get-ClusterNode }\n';
    const tree = parsePowerShell(text);
    try {
      assert.equal(tree.rootNode.type, 'ERROR');
      const facts = extractPowerShell(tree, text);
      assert.deepEqual(facts.syntaxErrors, [{ start: 0, end: text.length }]);
    } finally {
      tree.delete();
    }
  });
});
