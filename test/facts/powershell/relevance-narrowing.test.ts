// Two narrowings of PowerShell relevance (server/src/facts/powershell/relevance.ts) that keep an admin
// script's edits cheap: a command that reaches other computers is no seed where no remote session can run
// it, and a name a relevant statement reads is followed only into the mentions that may bind it
// (bindings.ts). Each case compares the gated walk with the walk of every statement (same findings and
// fixes), and the fillers show how much less is walked.
import { strict as assert } from 'node:assert';
import { analyzeText, initParsers } from '../../../server/src/core/analyze';
import { mayBind } from '../../../server/src/facts/powershell/bindings';
import { extractPowerShell } from '../../../server/src/facts/powershell/extract';
import { parsePowerShell } from '../../../server/src/parse/powershell';
import { same, walked } from '../../helpers/relevance';

const CLUSTER_CALL = ['$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName $target', "$c.EvictNode('n1')"];

describe('PowerShell relevance: commands that reach other computers where no session runs them', () => {
  before(() => initParsers());

  it('are no seeds at the top level of a script with a session command, so the statements around them are not walked', () => {
    // Before: one Invoke-Command made each of these Get-Service and Copy-Item commands a seed.
    const filler = Array.from({ length: 300 }, (_, i) =>
      `$s${i} = Get-Service -Name 'svc${i}' -ComputerName 'srv${i}'\nif ($s${i}.Status -ne 'Running') { Copy-Item "\\\\backup\\logs\\${i}.log" C:\\logs }`);
    const session = 'Invoke-Command -ComputerName clu70 -ScriptBlock { Get-ADUser admin }';
    const text = [session, ...filler].join('\n');
    assert.equal(same(text, 'top-level filler'), 1);
    assert.equal(walked(text, false), walked(session, false), 'the gated walk visits only the statements of the session command');
    assert.ok(walked(text, true) > 900);
  });

  const stillSeeds: Record<string, string> = {
    'in a script block kept in a variable, which Invoke-Command runs later': [
      '$sb = { Get-ADUser u1 }', 'Write-Host x', 'Invoke-Command -ComputerName clu71 -ScriptBlock $sb'].join('\n'),
    'in a script block passed to a function that runs it remotely': [
      'function Invoke-OnNode($Node, [scriptblock]$Block) { Invoke-Command -ComputerName $Node -ScriptBlock $Block }',
      "Invoke-OnNode -Node clu72 -Block { Copy-Item '\\\\backup\\share\\a.txt' C:\\temp }"].join('\n'),
    'in a function whose body is taken as a script block (${function:Name})': [
      'function Get-Body { Get-ADGroup admins }', 'Invoke-Command -ComputerName clu73 -ScriptBlock ${function:Get-Body}'].join('\n'),
    'in a function body taken as $function:Name': [
      'function Body { Get-ADGroup g2 }', 'Invoke-Command -ComputerName clu74 -ScriptBlock $function:Body'].join('\n'),
    'after Enter-PSSession, which moves the statements after it into the session': [
      'Invoke-Command -ComputerName clu75 -ScriptBlock { hostname }', 'Enter-PSSession -ComputerName clu76', 'Get-ADUser u2', 'Exit-PSSession'].join('\n'),
    'after Enter-PSSession called by a quoted name': [
      "& 'Enter-PSSession' clu77", 'Get-ADComputer c1'].join('\n'),
    'in a function defined inside a remote script block': [
      'Invoke-Command -ComputerName clu78 -ScriptBlock { function Inner { Get-ADUser u3 }; Inner }'].join('\n'),
    'in a foreach over a session list inside the remote block': [
      'Invoke-Command -ComputerName clu79 -ScriptBlock { foreach ($u in 1..3) { Get-ADUser "u$u" } }'].join('\n'),
  };
  for (const [where, text] of Object.entries(stillSeeds)) {
    it(`stay seeds ${where}`, () => {
      assert.ok(same(text, where) > 0, 'the script has a finding to compare');
    });
  }

  it('stay seeds everywhere in a script run remotely as a whole (Invoke-Command -FilePath)', () => {
    const text = ['Get-ADUser u4', 'Write-Host done'].join('\n');
    const hops = (exhaustive: boolean) => {
      const tree = parsePowerShell(text);
      try {
        return extractPowerShell(tree, text, { remote: true, exhaustive }).calls.filter((c) => c.via === 'hop').length;
      } finally {
        tree.delete();
      }
    };
    assert.equal(hops(false), 1);
    assert.equal(hops(true), 1);
  });
});

describe('PowerShell relevance: a name is followed into the mentions that may bind it', () => {
  before(() => initParsers());

  it('statements that only read a relevant variable are not walked', () => {
    // Before: the call's `$target` made every statement that reads `$target` relevant.
    const filler = Array.from({ length: 300 }, (_, i) =>
      `Write-Host "checking $target ${i}"\nif ($target.Length -gt ${i} -and $target -ne 'x') { Write-Verbose $target[0] }\n$r${i} = $target -in $list${i}`);
    const text = ["$target = 'clu80'", ...filler, ...CLUSTER_CALL].join('\n');
    assert.equal(same(text, 'reading filler'), 1);
    // the program's statement list, the assignment and the two statements of the finding
    assert.equal(walked(text, false), 4, `walked ${walked(text, false)}`);
  });

  // The host reaches the call only through the binding named; the filler reads `$target` in the ways above.
  const bindings: Record<string, string> = {
    'a typed assignment': "[string]$target = 'clu81'",
    'an assignment written over two lines': "$target `\n  = 'clu82'",
    'an assignment with a comment before the =': "$target <# the cluster #> = 'clu83'",
    'a ??= assignment': "$target ??= 'clu84'",
    'a foreach variable': "foreach ($target in 'clu85') { Write-Host $target }",
    'a member of a hashtable assigned': "$h = @{}\n$h.ComputerName = 'clu86'\n$target = $h.ComputerName",
    'an index assigned': "$h = @{}\n$h['ComputerName'] = 'clu87'\n$target = $h['ComputerName']",
    'a hashtable entry added with .Add': "$h = @{}\n$h.Add('ComputerName', 'clu88')\n$target = $h.ComputerName",
  };
  for (const [how, binding] of Object.entries(bindings)) {
    it(`a variable bound by ${how} is followed`, () => {
      const text = [binding, 'Write-Host $target', ...CLUSTER_CALL].join('\n');
      assert.ok(same(text, how) > 0, 'the script has a finding to compare');
      const host = /clu\d+/.exec(binding)![0];
      const { findings } = analyzeText(text, 'powershell', {});
      assert.ok(findings.some((f) => f.message.includes(host)), `the finding names ${host}: ${findings.map((f) => f.message).join(' | ')}`);
    });
  }

  // Found by the fuzzer's comparison with every statement walked: error recovery reads these as assignments.
  const recovered: Record<string, string> = {
    'a stray character before the =': "$h['ComputerName']0= 'node1'",
    'stray words before the =': "$h['ComputerName'] End If= 'node1'",
    'a stray $ glued to the name': "$script:cn$= 'node1'\n$h['ComputerName'] = $script:cn",
  };
  for (const [how, binding] of Object.entries(recovered)) {
    it(`a mention in a broken statement may bind, as error recovery reads it: ${how}`, () => {
      const text = ["$h = @{ Namespace = 'root\\MSCluster'; Class = 'MSCluster_Cluster' }", binding, 'Write-Host $h.Count', '$c = Get-WmiObject @h', "$c.EvictNode('node2')"].join('\n');
      assert.ok(same(text, how) > 0, 'the script has a finding to compare');
    });
  }

  it('reads what follows a mention as an assignment, a method call or a foreach only where it may be one', () => {
    const bind = (text: string) => mayBind(text, text.indexOf('$x') + 2);
    for (const t of ['$x = 1', '$x += 1', '$x -= 1', '$x\u2013= 1', '$x++', '$x.A.B = 1', "$x['k'] = 1", '$x[0].A = 1', '$x.Add(1, 2)',
      '$x.Add (1, 2)', '$x, $y = 1, 2', '($x) = 1', 'foreach ($x in $l) {}', 'foreach ($x IN $l) {}', '$x <# c #> = 1', '$x # c\n= 1', '$x.$m = 1',
      '$x$= 1', '$x^ = 1', `$x${'[0]'.repeat(1000)}`, `$x${' '.repeat(3000)}= 1`]) {
      assert.equal(bind(t), true, t);
    }
    for (const t of ['$x', '$x -eq 1', '$x -ne 1', '$x -in $l', '$x.Length -gt 3', "$x['k'] -eq 1", '$x | Out-Host', '$x; $y = 1',
      '$x ?? 1', '$x..$y', '$x + 1', '"$x is"', '$x\n$y = 1', '{ $x }', '$x -is [int]', '$x.Count\n-not $y', '$x.Index', '"$x\\file.txt"']) {
      assert.equal(bind(t), false, t);
    }
  });
});
