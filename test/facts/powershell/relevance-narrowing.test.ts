// A narrowing of PowerShell relevance (server/src/facts/powershell/relevance.ts) that keeps an admin
// script's edits cheap: a command that reaches other computers is no seed where no remote session can run
// it. Each case compares the gated walk with the walk of every statement (same findings and
// fixes), and the fillers show how much less is walked.
import { strict as assert } from 'node:assert';
import { initParsers } from '../../../server/src/core/analyze';
import { extractPowerShell } from '../../../server/src/facts/powershell/extract';
import { parsePowerShell } from '../../../server/src/parse/powershell';
import { same, walked } from '../../helpers/relevance';

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
