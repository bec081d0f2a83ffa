// The PowerShell extractor skips statements that cannot matter (server/src/facts/powershell/relevance.ts).
// That must never change a result: on every fixture, example, a generated corpus and scripts written to
// stress the closure, the findings (code, place, message, trace) and every quick fix are the same as
// when every statement is walked.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initParsers } from '../../server/src/core/analyze';
import { generateCorpus } from '../../scripts/gen-corpus';
import { decode } from '../../server/src/base/decode';
import { kindOf } from '../../server/src/core/language';
import { lezerToIr } from '../../server/src/facts/vbscript/from-lezer';
import { vbCouldMatter, vbRelevance } from '../../server/src/facts/vbscript/relevance';
import { parseVbscript } from '../../server/src/parse/vbscript';
import { filesUnder, isPowerShell } from '../helpers/files';
import { mutatedInput, seedFiles } from '../../scripts/fuzz';
import { mattersWhole, same, walked } from '../helpers/relevance';

/** The top-level VBScript statements converted, gated or every one. */
function vbConverted(text: string, exhaustive: boolean): number {
  return lezerToIr(parseVbscript(text), text, 0, parseVbscript, undefined, exhaustive).body.length;
}

const psFiles = (dir: string) => filesUnder(dir, isPowerShell);
const vbFiles = (dir: string) => filesUnder(dir, (name) => /\.(vbs|wsf|hta)$/i.test(name));

describe('relevance: skipping statements never changes findings or fixes', () => {
  before(() => initParsers());

  it('every PowerShell fixture and example', () => {
    const files = [...psFiles(join(__dirname, '..', 'fixtures', 'powershell')), ...psFiles(join(__dirname, '..', '..', 'examples'))];
    let findings = 0;
    for (const f of files) findings += same(readFileSync(f, 'utf8'), f);
    assert.ok(files.length > 100 && findings > 100, `${files.length} files, ${findings} findings`);
  });

  it('every VBScript, .wsf and .hta fixture, example and corpus file', () => {
    const all = [...vbFiles(join(__dirname, '..', 'fixtures', 'vbscript')), ...vbFiles(join(__dirname, '..', 'fixtures', 'vbscript-corpus')),
      ...vbFiles(join(__dirname, '..', '..', 'examples'))];
    let findings = 0;
    for (const f of all) findings += same(readFileSync(f, 'utf8'), f, kindOf(f)!);
    assert.ok(all.length > 80 && findings > 20, `${all.length} files, ${findings} findings`);
  });

  it('a generated corpus (300 files)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hopcheck-rel-'));
    try {
      generateCorpus(300, dir, 7);
      let findings = 0;
      for (const f of [...psFiles(dir), ...vbFiles(dir)]) {
        const d = decode(readFileSync(f));
        if (d.ok) findings += same(d.text, f, kindOf(f)!);
      }
      assert.ok(findings > 5, `${findings} findings`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the fuzzer\'s broken and mangled inputs (500 of them)', () => {
    // How the open-string case below was found: recovery re-reads only the lines with a relevant point.
    const corpus = seedFiles('powershell');
    let findings = 0;
    for (let i = 0; i < 500; i++) {
      const { src, mutation, bytes } = mutatedInput(corpus, 7919 + i, i);
      const d = decode(bytes);
      if (d.ok) findings += same(d.text, `${src.file} (${mutation}, input ${i})`);
    }
    assert.ok(findings > 200, `${findings} findings`);
  });

  it('the fuzzer\'s broken and mangled VBScript inputs (500 of them)', () => {
    // VBScript relevance reads names from the text around each mention (which may bind it), and error recovery
    // may read a script otherwise than its text shows (`Set svc := …` binds svc): mangled inputs try both.
    const corpus = seedFiles('vbscript');
    // The kinds that keep a script of ordinary size and depth (the megabyte line and the deep nesting are the
    // fuzzer's own, and are skipped by design in both walks).
    const kinds = ['byteFlips', 'truncate', 'nulBytes', 'unbalanced', 'splice', 'utf16'];
    let findings = 0;
    for (let i = 0; i < 500; i++) {
      const { src, mutation, bytes } = mutatedInput(corpus, 4242 + i, i, kinds);
      const d = decode(bytes);
      if (d.ok) findings += same(d.text, `${src.file} (${mutation}, input ${i})`, kindOf(src.file) ?? 'vbscript');
    }
    assert.ok(findings > 100, `${findings} findings`);
  });

  // Each value reaches the call only through statements that name no cluster construct themselves.
  const closure: Record<string, string> = {
    'foreach collection feeds $_ through a pipeline': [
      "$list = 'n1', 'n2'", 'Write-Host hello', '$nodes = $list',
      '$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName $target',
      "$target = 'unused'", '$nodes | ForEach-Object { $c.EvictNode($_) }'].join('\n'),
    'target set in a branch, through a second variable': [
      "$t = 'clu01'", "if ($env:USERNAME -eq 'x') { $t2 = $t } else { $t2 = 'clu01b' }", 'Write-Output done',
      '$c = gwmi MSCluster_Cluster -Namespace root\\mscluster -ComputerName $t2', "$c.EvictNode('n3')"].join('\n'),
    'call chain: outer function without cluster words calls the relevant one': [
      'function Do-It($Name) { $c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName $Name; $c.AddNode("n9") }',
      'function Outer($Host1) { Write-Host $Host1; Do-It -Name $Host1 }', "$h = 'clu02'", 'Get-Date', 'Outer $h'].join('\n'),
    'script block kept in a variable and run later': [
      "$sb = { param($n) $c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster; $c.EvictNode($n) }",
      'Start-Sleep 1', "$s = 'clu03'", 'Invoke-Command -ComputerName $s -ScriptBlock $sb -ArgumentList n1'].join('\n'),
    'splatted hashtable filled in later statements': [
      "$t = 'clu04'", '$p = @{ ComputerName = $t }', '$x = 1',
      '$c = Get-WmiObject MSCluster_Cluster -Namespace root\\MSCluster @p', "$c.DestroyCluster($false)"].join('\n'),
    'a session kept in a variable, parameters spelled with en dashes': [
      "$s = New-PSSession -ComputerName clu12", 'Write-Host x', 'Invoke-Command -Session $s -ScriptBlock { Remove-ClusterNode \u2013Name n1 }',
      'Invoke-Command \u2013ComputerName clu12 { Add-ClusterNode -Name n2 }'].join('\n'),
    'Enter-PSSession makes later statements remote': [
      'Enter-PSSession -ComputerName clu05', 'Write-Host in', 'Add-ClusterNode -Name n5', 'Exit-PSSession', 'Add-ClusterNode -Name n6'].join('\n'),
    'suppression comments and attributes': [
      '# hopcheck-disable-next-line HOP001', "$c = gwmi MSCluster_Cluster -Namespace root\\MSCluster -ComputerName clu06; $c.EvictNode('a')",
      "$c.EvictNode('b')", "function F { [Diagnostics.CodeAnalysis.SuppressMessageAttribute('hopcheck/HOP001', '')] param()",
      "  $d = gwmi MSCluster_Cluster -Namespace root\\MSCluster -ComputerName clu06; $d.EvictNode('c') }", 'F'].join('\n'),
    'broken statements next to each other are re-read as one run': [
      "$t = 'clu07'", '$y = (', '$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName $t',
      'if ( {', "$c.EvictNode('n1')", 'Write-Host ]]'].join('\n'),
    'parameter default and script param block': [
      "param($Cluster = $DefaultCluster)", "$DefaultCluster = 'x'", 'Write-Host a',
      '$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName $Cluster', "$c.EvictNode('n1')"].join('\n'),
    'a function called by a name over 256 characters long gives the call its host': [
      `function Get-${'Host'.repeat(70)} { 'clu20' }`, 'Write-Host x', `$h = Get-${'Host'.repeat(70)}`,
      '$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName $h', "$c.EvictNode('n1')"].join('\n'),
    'a function whose indented output names nothing gives the call its host': [
      'function Get-HostX {', '    Write-Verbose picking', "    return 'clu22'", '}', 'Write-Host x', '$h = Get-HostX',
      '$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName $h', "$c.EvictNode('n1')"].join('\n'),
    'a function defined inside a called function gives the call its host': [
      'function Outer {', '    function Get-Inner { "clu23" }', '    Get-Inner', '}', 'Write-Host x', '$h = Outer',
      '$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName $h', "$c.EvictNode('n1')"].join('\n'),
    'a function whose name has a letter outside ASCII gives the call its host': [
      "function Get-Z\u00e4hlerHost { 'clu21' }", 'Write-Host x', '$h = Get-Z\u00e4hlerHost',
      '$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName $h', "$c.EvictNode('n1')"].join('\n'),
    // The one-pass scan reads `${'; $c.EvictNode('n1'); Write-Host '}` as one `${…}` name: the call's statement is read alone.
    'a `${` left open in a string before the call, on its line, still lets the call name its connection': [
      "$t = 'clu24'", '$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName $t',
      "Write-Host '${'; $c.EvictNode('n1'); Write-Host '}'"].join('\n'),
    'constants a relevant statement reads ($null, $true) bring in nothing, and the host still comes through': [
      '$t = $null', "if ($t -eq $null) { $t = 'clu30' }", '$null = Write-Output x', '$other = $true',
      '$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName $t -EnableAllPrivileges:$true', "$c.EvictNode('n1')"].join('\n'),
    'an environment variable assigned, then read braced, is not the shell variable of the same name': [
      "${env:TARGETX} = 'clu31'", "$TargetX = 'local'", 'Write-Host $TargetX',
      '$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName ${env:TARGETX}', "$c.EvictNode('n1')"].join('\n'),
    // Found by comparing gated and exhaustive walks on the fuzzer's inputs: the string left open on the
    // third line makes the whole program an ERROR, and the seed sits inside its string token, in no statement.
    'a string left open makes the program one ERROR: the call\'s connection is still read': [
      '# typographic quotes', '$t = \u201cnode1\u201d"',
      '$c = Get-WmiObject \u2013Namespace root\\MSCluster \u2014Class MSCluster_Cluster \u2013ComputerName $t', '$c.EvictNode(\u2018node2\u2019)', ''].join('\n'),
    // Invoke-Command written to run here is no seed (relevance.ts narrowSeeds); every form that can run it elsewhere still is.
    'a local Invoke-Command beside a remote one: the remote one still finds the second hops of the same block': [
      '$b = { Get-ADUser bob; Remove-ClusterNode -Name n1 }', 'Invoke-Command -ScriptBlock $b',
      'Invoke-Command -ScriptBlock { Get-Service -ComputerName n9 }', 'Invoke-Command -ComputerName clu40 -ScriptBlock $b',
      'Invoke-Command -ComputerName clu41 { Invoke-Command { Get-ADUser x } }'].join('\n'),
    'only local Invoke-Commands: a cluster call in one is still found, over its remote connection': [
      '$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName clu52', 'Invoke-Command -ScriptBlock { Get-ADUser x }',
      "Invoke-Command -ScriptBlock { $c.EvictNode('n1') }"].join('\n'),
    'a local Invoke-Command after Enter-PSSession runs in the entered session': [
      'Enter-PSSession clu53', 'Invoke-Command { Get-ADUser x }', 'Exit-PSSession', 'Invoke-Command { Get-ADUser y }'].join('\n'),
    'a session from New-PSSession beside a local Invoke-Command': [
      '$s = New-PSSession clu54', 'Invoke-Command { Get-ADUser local }', 'Invoke-Command -Session $s { Get-ADUser x }'].join('\n'),
    'a broken Invoke-Command line (re-read on its own) still finds its second hop': [
      'Invoke-Command -ScriptBlock { Get-ADUser x } -ComputerName clu55 )', "Write-Host 'after'"].join('\n'),
    // Found by comparing gated and exhaustive walks on the fuzzer's inputs: the broken `param(` is an error
    // with no relevant point, but the statement list after it is broken too and re-read with it, so
    // mending it (the masks) changes how `$Server` is assigned.
    'an error with no point of its own, re-read together with the relevant statements after it': [
      '[CmdletBinding(SupportsShouldProcess)]', 'paraEnd Subm(',
      "    [Parameter(Mandatory = $false, HelpMessage = 'Cluster node to connect to')]", '    [ValidateNotNullOrEmpty()]',
      '    $Server = "node1",', "    [string[]]$Node = @('node2')", ')',
      '$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName $Server', 'foreach ($n in $Node) { $c.EvictNode($n) }'].join('\n'),
    // Found the same way: a quote opened inside the attribute makes the whole program one ERROR whose
    // children are tokens; the call's point was in the token `EvictNode`, which names no variable.
    'a program that is one ERROR of tokens: the connection assigned on another line is still read': [
      '    [Parameter(Mandatory ="$false, HelpMessage = \'Cluster node to connect to\')]', '    [string]', '    $Server = "node1",', '',
      "    [string[]]$Node = @('node2')", ')', '$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName $Server',
      'foreach ($n in $Node) { $c.EvictNode($n) }'].join('\n'),
    // Found the same way: the grammar reads `@h:` as the splat `@h` and a colon, the mention pattern as `h:`.
    'a splat followed by a colon still brings in the hashtable it names': [
      "$h = @{ Namespace = 'root\\MSCluster'; Class = 'MSCluster_Cluster' }", "$h['ComputerName'] = 'node1'",
      'Copy-Item $PSScriptRoot\\..\\x.txt C:\\Temp', '$c = Get-WmiObject @h:', "$c.EvictNode('node2')"].join('\n'),
  };
  for (const [name, text] of Object.entries(closure)) {
    it(name, () => {
      assert.ok(same(text, name) > 0, 'the script has a finding to compare');
    });
  }

  // Each alone in its script, so that read as local it would leave no session and no seed behind.
  const runsElsewhere: Record<string, string> = {
    'by position': 'Invoke-Command clu42 { Get-ADUser x }',
    'by position, from a variable': "$n = 'clu43'\nicm $n { Add-ClusterNode n2 }",
    'after a parameter it does not know': 'Invoke-Command -Foo clu44 { Get-ADUser y }',
    'after a switch': 'Invoke-Command -AsJob clu45 { Get-ADGroup k }',
    'splatted': "$p = @{ ComputerName = 'clu46' }\nInvoke-Command @p -ScriptBlock { Get-ADUser z }",
    'abbreviated': 'icm -Comp clu47 { Get-ADGroup g }',
    'with an en dash': 'Invoke-Command \u2013ComputerName clu48 { Get-ADGroup h }',
    'colon-bound': 'Invoke-Command -Cn:clu49 { Get-ADGroup l }',
    'by URI': 'Invoke-Command -ConnectionUri http://clu50:5985/wsman { Get-ADGroup i }',
    'over SSH': 'Invoke-Command -HostName clu51 { Get-ADGroup j }',
    'in a session kept in a variable': '$s = New-PSSession clu52\nInvoke-Command -Session $s -ScriptBlock { Get-ADUser s }',
    'module-qualified': 'Microsoft.PowerShell.Core\\Invoke-Command clu54 { Get-ADUser m }',
    'called with & by name': '& Invoke-Command clu55 { Get-ADUser r }',
    'called with & by a quoted name': '& "Invoke-Command" -ComputerName clu56 { Remove-ClusterNode -Name n1 }',
    'by Enter-PSSession called by a quoted name, beside a mock of it': "Mock Enter-PSSession { }\n& 'Enter-PSSession' clu57\nGet-ADUser e",
  };
  for (const [how, text] of Object.entries(runsElsewhere)) {
    it(`a session is opened on another computer ${how}: its second hops are found`, () => {
      assert.ok(same(text, how) > 0, 'the script has a finding to compare');
    });
  }

  const vbClosure: Record<string, string> = {
    'VBScript: server from a constant, through a Sub and its call site, words in strings do not count': [
      'Const TARGET = "clu09"', 'Dim other : other = "svc"', 'host2 = TARGET', 'WScript.Echo "host2 svc other"',
      'Sub Evict(h, n)', '  Set svc = GetObject("winmgmts:\\\\" & h & "\\root\\MSCluster")', '  svc.Get("MSCluster_Cluster").EvictNode n', 'End Sub',
      "' comment mentioning Evict host2", 'Sub Outer(x)', '  Evict x, "n1"', 'End Sub', 'Outer host2'].join('\r\n'),
    'VBScript: locator, delegation set in a later statement through a With block': [
      'Set loc = CreateObject("WbemScripting.SWbemLocator")', 'srv = "clu10"', 'x = 1',
      'Set svc = loc.ConnectServer(srv, "root\\MSCluster")', 'With svc', '  .Security_.ImpersonationLevel = 3', 'End With',
      'Set c = svc.Get("MSCluster_Cluster")', 'c.AddNode "n2"'].join('\n'),
    // Found by the fuzzer's comparison with every statement walked: blanking the broken `If` line goes ahead
    // only if no later broken line acts, and the stray `End Sub` lines were seen by the full walk alone.
    'VBScript: a broken line before a Function, and broken lines after it that the gate skips': [
      'If x = Then (((', 'Function GetSvc()', '    Set GetSvc = GetObject("winmgmts:\\\\" & strServer & "\\root\\MSCluster")', 'End Function',
      '    Set svc = GetSvc()', '    svc.Get("MSCluster_Cluster").EvictNode n', 'End Sub'].join('\n'),
  };
  for (const [name, text] of Object.entries(vbClosure)) {
    it(name, () => {
      assert.ok(same(text, name, 'vbscript') > 0, 'the script has a finding to compare');
    });
  }

  it('an edited line that calls a relevant function counts, whatever letters its name has (no reuse of old findings)', () => {
    const summary = { language: 'powershell' as const, names: new Set<string>(), functionNames: new Set(['get-z\u00e4hlerhost', 'get-host']), tops: [], points: [] };
    assert.equal(mattersWhole('$h = Get-Z\u00e4hlerHost', summary), true);
    assert.equal(mattersWhole('$h = Get-Host -Name x', summary), true);
    assert.equal(mattersWhole('$h = Get-Z\u00e4hlerHostName; Get-Hostname', summary), undefined);
  });

  it('the gate really skips statements (so the comparisons above compare two different walks)', async () => {
    const filler = Array.from({ length: 2000 }, (_, i) => `$v${i} = Get-Service -Name 's${i}'; if ($v${i}.Status) { Write-Host $v${i} }`);
    const text = [...filler, '$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName clu08', "$c.EvictNode('n1')"].join('\n');
    assert.equal(same(text, 'filler'), 1);
    assert.ok(walked(text, true) >= 4000, `exhaustive walk: ${walked(text, true)} statements`);
    // the program's statement list and the two statements of the finding
    assert.equal(walked(text, false), 3, 'the gated walk visits only the statements of the finding');
  });

  it('statements that only share $null, $true or an environment variable\'s name with the finding are skipped', () => {
    // Before: the call's `$null` and `$env:ComputerName` made every `$null` and every `$ComputerName` relevant.
    const filler = Array.from({ length: 300 }, (_, i) => `$v${i} = $null; if ($v${i} -eq $true) { Write-Host $ComputerName }`);
    const text = [...filler, '$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName clu32',
      "if ($c -ne $null -and $env:ComputerName) { $c.EvictNode('n1') }"].join('\n');
    assert.equal(same(text, 'constants filler'), 1);
    // the program's statement list, the two statements of the finding and the call in the `if`'s block
    assert.equal(walked(text, false), 5, 'the gated walk visits only the statements of the finding');
  });

  it('a script whose Invoke-Commands all run here walks neither them nor its commands that reach other computers', () => {
    // Before: `Invoke-Command` was a seed wherever written, and made Get-ADUser and Get-Service seeds too.
    const filler = Array.from({ length: 300 }, (_, i) => `$r${i} = Invoke-Command -ScriptBlock { Get-ADUser u${i} } -ArgumentList $ComputerName\nGet-Service -ComputerName $ComputerName`);
    const text = [...filler, '$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName clu56', "$c.EvictNode('n1')"].join('\n');
    assert.equal(same(text, 'local Invoke-Command filler'), 1);
    assert.equal(walked(text, false), 3, 'the gated walk visits only the statements of the finding');
    // The same script with one of them run on another computer: every one is walked again.
    const remote = text.replace('$r7 = Invoke-Command -ScriptBlock', '$r7 = Invoke-Command -ComputerName clu57 -ScriptBlock');
    assert.equal(same(remote, 'one remote Invoke-Command'), 2);
    assert.ok(walked(remote, false) > 600, `walked ${walked(remote, false)}`);
  });

  it('seed words count only as whole words, and -FilePath of any command is none', () => {
    // Before: `nsn` inside $NSName, `icm` inside DefineDynamicModule and ICMP, and every FilePath were seeds.
    const filler = Array.from({ length: 200 }, (_, i) => `$NSName${i} = $mb.DefineDynamicModule('m${i}')\nOut-File -FilePath "p${i}.txt" -InputObject $NSName${i}\nWrite-Host ICMP $profilepath`);
    const text = [...filler, '$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName clu58', "$c.EvictNode('n1')"].join('\n');
    assert.equal(same(text, 'words inside words'), 1);
    assert.equal(walked(text, false), 3, 'the gated walk visits only the statements of the finding');
  });

  it('session words that run nothing (a mocked command, a string, a comment) make no session and no seed', () => {
    // Before: every `Invoke-Command` and `Enter-PSSession` word was a seed, and made the commands that reach
    // other computers (Test-Path, Get-Content…) seeds too, as in Pester's tests of code that mocks them.
    const filler = Array.from({ length: 200 }, (_, i) => [
      `Mock Invoke-Command { "mocked ${i}" }`, `Should -Invoke Enter-PSSession -Times ${i}`, `$m${i} = 'Invoke-Command runs here'`,
      `# Enter-PSSession ${i}`, `if (Test-Path "C:\\t${i}") { Get-Content "C:\\t${i}" | Out-File -FilePath "C:\\u${i}" }`].join('\n'));
    const text = [...filler, '$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName clu59', "$c.EvictNode('n1')"].join('\n');
    assert.equal(same(text, 'session words that run nothing'), 1);
    assert.equal(walked(text, false), 3, 'the gated walk visits only the statements of the finding');
  });

  it('the VBScript gate really skips statements', () => {
    const filler = Array.from({ length: 500 }, (_, i) => `s${i} = "svc${i}"\nIf Len(s${i}) > 3 Then WScript.Echo s${i}`);
    const text = [...filler, 'Set svc = GetObject("winmgmts:\\\\clu11\\root\\MSCluster")', 'svc.Get("MSCluster_Cluster").EvictNode "n1"'].join('\n');
    assert.equal(same(text, 'vb filler', 'vbscript'), 1);
    assert.equal(vbConverted(text, true), 1002);
    assert.equal(vbConverted(text, false), 2, 'only the two statements of the finding are converted');
  });

  it('the VBScript gate does not follow a name no statement can bind (WScript, Len), so the statements that only mention it stay skipped', () => {
    // Each filler line mentions WScript and Len; the moniker's line mentions s7, whose If mentions both.
    const filler = Array.from({ length: 500 }, (_, i) => `s${i} = "svc${i}"\nIf Len(s${i}) > 3 Then WScript.Echo s${i}`);
    const text = [...filler, 'Set svc = GetObject("winmgmts:\\\\" & s7 & "\\root\\MSCluster")', 'svc.Get("MSCluster_Cluster").EvictNode "n1"'].join('\n');
    assert.equal(same(text, 'names never bound', 'vbscript'), 1);
    assert.equal(vbConverted(text, true), 1002);
    assert.equal(vbConverted(text, false), 4, 's7\'s two statements and the finding\'s two');
  });

  // A name bound in each way the extractor binds one (vbscript/extract.ts), in a statement that matters only
  // through that name: it must be followed, or the value would not reach the call (each also compared whole).
  const bindings: Record<string, [string, number]> = {
    'For Each variable': [['For Each h In Array("clu1", "clu2")', 'WScript.Echo h', 'Next',
      'Set svc = GetObject("winmgmts:\\\\" & h & "\\root\\MSCluster")', 'svc.Get("MSCluster_Cluster").EvictNode "n1"'].join('\n'), 3],
    'Sub called by name (declared, never assigned)': [['Sub Connect(h)', '  Set svc = GetObject("winmgmts:\\\\" & h & "\\root\\MSCluster")',
      '  svc.Get("MSCluster_Cluster").EvictNode "n1"', 'End Sub', 'WScript.Echo "start"', 'Connect "clu1"'].join('\n'), 2],
    'Sub declared on a continued line': [['Public Sub _', 'Connect(h)', '  Set svc = GetObject("winmgmts:\\\\" & h & "\\root\\MSCluster")',
      '  svc.Get("MSCluster_Cluster").EvictNode "n1"', 'End Sub', 'Connect "clu1"'].join('\n'), 2],
    'Set continued before its `=`': [['Set svc _', '  = GetObject("winmgmts:\\\\clu1\\root\\MSCluster")', 'WScript.Echo "x"',
      'svc.Get("MSCluster_Cluster").EvictNode "n1"'].join('\n'), 2],
    // Found by the fuzzer: error recovery reads `Set svc := …` as binding svc, which its text does not show.
    'Set with a syntax error between the name and `=`': [['Set svc := GetObject("winmgmts:\\\\clu1\\root\\MSCluster")', 'WScript.Echo "x"',
      'svc.Get("MSCluster_Cluster").EvictNode "n1"'].join('\n'), 2],
    'Const': [['Const Host = "clu1"', 'WScript.Echo Host', 'Set svc = GetObject("winmgmts:\\\\" & Host & "\\root\\MSCluster")',
      'svc.Get("MSCluster_Cluster").EvictNode "n1"'].join('\n'), 4],
  };
  for (const [name, [text, converted]] of Object.entries(bindings)) {
    it(`a VBScript name bound by a ${name} is followed`, () => {
      assert.equal(same(text, name, 'vbscript'), 1);
      assert.equal(vbConverted(text, false), converted);
    });
  }

  // Found by random edits of the real VBScript corpus, each compared gated against every statement walked: the
  // gate read names as its scan splits words and strings, the parser otherwise.
  const misread: Record<string, string> = {
    'a name after a quote in a broken statement': ['arrComputers = Array(".")', 'For Each strComputer" In arrComputers',
      '   Set colItems = objWMIService.ExecQuery("SELECT * FROM Win32_LogicalDiskRootDirectory", "WQL", _',
      '                                          wbemFlagReturnImmediatel(y + wbemFlagForwardOnly)',
      'Set svc = GetObject("winmgmts:\\\\" & strComputer & "\\root\\MSCluster")', 'svc.Get("MSCluster_Cluster").EvictNode "n1"', ''].join('\n'),
    'a name after `_`': ['strComputer = "."', 'Set svc = GetObject("winmgmts:\\\\" & _strComputer & "\\root\\MSCluster")',
      'svc.Get("MSCluster_Cluster").EvictNode "n1"'].join('\n'),
    'a name after digits': ['x = 1.1strComputer = "."', 'Set svc = GetObject("winmgmts:\\\\" & strComputer & "\\root\\MSCluster")',
      'svc.Get("MSCluster_Cluster").EvictNode "n1"'].join('\n'),
  };
  for (const [name, text] of Object.entries(misread)) {
    it(`VBScript relevance reads ${name} as the parser does`, () => { same(text, name, 'vbscript'); });
  }

  it('a VBScript name that is not followed still makes an edit that mentions it one that may matter (an edit can bind it)', () => {
    const text = ['WScript.Echo "a"', 'Set svc = GetObject("winmgmts:\\\\" & Host & "\\root\\MSCluster")', 'svc.Get("MSCluster_Cluster").EvictNode "n1"'].join('\n');
    const summary = vbRelevance(parseVbscript(text), text).summary!;
    assert.ok(vbCouldMatter('Host = "clu1"', summary));
    assert.ok(!vbCouldMatter('Other = "clu1"', summary));
  });

  it('the VBScript walk of every statement still finds the errors of statements the gate skips', () => {
    // The gated conversion skips its error search when the relevant statements proved clean; a walk of every
    // statement must not, as the broken line is in none of them.
    const text = ['x = (((', 'Set svc = GetObject("winmgmts:\\\\clu11\\root\\MSCluster")', 'svc.Get("MSCluster_Cluster").EvictNode "n1"'].join('\n');
    const errors = (exhaustive: boolean) => lezerToIr(parseVbscript(text), text, 0, parseVbscript, undefined, exhaustive).errors;
    assert.deepEqual(errors(false), []);
    assert.ok(errors(true).length > 0 && errors(true).every((e) => e.end <= text.indexOf('\n')), JSON.stringify(errors(true)));
  });
});
