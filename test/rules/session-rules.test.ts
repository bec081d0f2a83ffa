// Spec §9: the session kinds, what HOP003–HOP006 say (messages quote what the user sees at run time,
// HOP004 names the mitigation and its cost), and that suppressions and settings cover the new codes.
import { strict as assert } from 'node:assert';
import { effectiveSeverity, normalizeSettings } from '../../server/src/core/config';
import { fixesFor, preferredEdits } from '../../server/src/fixes/index';
import { applyEdits } from '../../server/src/fixes/types';
import { explain } from '../../server/src/rules/explain';
import { findings } from '../helpers/analyze';

const codes = async (text: string) => (await findings(text)).map((f) => `${f.code} ${f.method}`);

describe('session kinds (spec §9, issue 13 item 1)', () => {
  it('PowerShell Direct with -Credential is no remote session (was HOP003 with the target "-VMName")', async () => {
    const all = await findings('Invoke-Command -VMName vm1 -Credential $c { New-Cluster -Name clu1 -Node vm1, vm2 }\n');
    assert.deepEqual(all.map((f) => `${f.code} ${f.target}`), []);
  });

  it('PowerShell Direct inside a WinRM session: the VM block runs without the outer session', async () => {
    assert.deepEqual(await codes('Invoke-Command -ComputerName host1 { Invoke-Command -VMName vm1 -Credential $using:c { Start-Cluster } }\n'), []);
  });

  it('SSH remoting shows its host, not the parameter', async () => {
    const [f] = await findings('Invoke-Command -HostName admin@node1 { Remove-ClusterNode -Name node2 -Force }\n');
    assert.equal(f.code, 'HOP003');
    assert.equal(f.target, 'admin@node1');
    const fix = fixesFor(f, 'Invoke-Command -HostName admin@node1 { Remove-ClusterNode -Name node2 -Force }\n', 'powershell').find((x) => x.isPreferred);
    assert.equal(fix?.title, 'Run Remove-ClusterNode from this machine (-Cluster node1)');
  });

  it('the authentication of a New-PSSession session travels through a variable to Enter-PSSession too', async () => {
    const text = '$s = New-PSSession -ComputerName node1 -Authentication Basic -Credential $c -UseSSL\nEnter-PSSession -Session $s\nAdd-ClusterNode -Name n3\nExit-PSSession\n';
    assert.deepEqual(await codes(text), ['HOP004 Add-ClusterNode']);
  });
});

describe('messages and hovers of the session rules', () => {
  it('HOP003 quotes access denied and the FailoverClusters module\'s own warning', async () => {
    const [f] = await findings('Invoke-Command -ComputerName node1 { Start-Cluster }\n');
    assert.match(f.message, /access denied/);
    assert.match(f.message, /"some failover clustering cmdlets do not work remotely"/);
    assert.match(f.message, /-Name/); // Start-Cluster is run from here with -Name
    assert.match(explain(f), /some failover clustering cmdlets do not work remotely/);
    assert.match(explain(f), /run `Start-Cluster` from this machine with `-Name node1`/);
    const [netIntent] = await findings('Invoke-Command -ComputerName node1 { Add-NetIntent -Name c -Compute -ClusterName clu1 }\n');
    assert.match(explain(netIntent), /give `-ClusterName` the session's own computer/);
  });

  it('HOP003 on a loopback session says why a loopback session counts', async () => {
    const [f] = await findings('Invoke-Command -ComputerName localhost { Start-Cluster }\n');
    assert.match(f.message, /loopback session is a network logon/);
  });

  it('HOP004 names each mitigation and its cost', async () => {
    const cases: [string, RegExp][] = [
      ['Invoke-Command -ComputerName n1 -Authentication CredSSP -Credential $c { Start-Cluster }', /uses CredSSP: CredSSP must be enabled by policy/],
      ['Invoke-Command -ComputerName n1 -Authentication Basic -Credential $c { Start-Cluster }', /uses Basic authentication: your password is sent/],
      ['Invoke-Command -ComputerName . -EnableNetworkAccess { Start-Cluster }', /uses -EnableNetworkAccess: the loopback session gets a token/],
      ['Invoke-Command -ComputerName n1 { Invoke-Command -ComputerName n2 -Credential $using:c { hostname } }', /is given -Credential: the credential object is sent into the session/],
      ["$s = New-CimSession -ComputerName n1 -Authentication CredSsp -Credential $c\nGet-CimInstance -Namespace root/MSCluster -ClassName MSCluster_Cluster -CimSession $s | Invoke-CimMethod -MethodName EvictNode -Arguments @{ NodeName = 'n2' }", /because CredSSP is used: CredSSP must be enabled/],
    ];
    for (const [text, re] of cases) {
      const all = await findings(text + '\n');
      assert.equal(all.length, 1, text);
      assert.equal(all[0].code, 'HOP004', text);
      assert.match(all[0].message, re, text);
    }
  });

  it('HOP004 warns when CredSSP is aimed at the cluster name, not when at a node', async () => {
    const atName = await findings('New-Cluster -Name clu1 -Node n1, n2\nInvoke-Command -ComputerName clu1 -Authentication CredSSP -Credential $c { Add-ClusterNode -Name n3 }\n');
    assert.match(atName[0].message, /"The request is not supported"/);
    const atNode = await findings('Add-ClusterNode -Cluster clu1 -Name n4\nInvoke-Command -ComputerName n1 -Authentication CredSSP -Credential $c { Add-ClusterNode -Name n3 }\n');
    assert.doesNotMatch(atNode[0].message, /not supported/);
  });

  it('HOP005 names both computers; HOP006 names the share\'s server, folded through variables and Join-Path', async () => {
    const [nested] = await findings('Invoke-Command -ComputerName n1 { Invoke-Command -ComputerName n2 { hostname } }\n');
    assert.match(nested.message, /Invoke-Command to 'n2' runs inside a remote session on 'n1'/);
    for (const text of [
      "$srv = 'fs01'\nInvoke-Command -ComputerName n1 { Get-ChildItem \"\\\\$using:srv\\share\" }",
      "$p = Join-Path '\\\\fs01\\share' 'x'\nInvoke-Command -ComputerName n1 { Test-Path $using:p }",
      "Invoke-Command -ComputerName n1 { $p = Join-Path -Path \\\\fs01\\share -ChildPath x; Get-Item -Path $p }",
    ]) {
      const all = await findings(text + '\n');
      assert.deepEqual(all.map((f) => f.code), ['HOP006'], text);
      assert.match(all[0].message, /the share on 'fs01'/, text);
    }
  });
});

describe('fixes of the session rules', () => {
  it('Pass a credential adds $cred = Get-Credential once for several findings, and reuses an existing $cred', async () => {
    const text = 'Invoke-Command -ComputerName n1 {\n  Invoke-Command -ComputerName n2 { hostname }\n  Get-ADUser -Identity x\n}\n';
    const all = await findings(text);
    const edits = all.flatMap((f) => fixesFor(f, text, 'powershell').find((x) => x.isPreferred)!.edits);
    const fixed = applyEdits(text, preferredEdits(all, text, 'powershell').fixes.flatMap((f) => f.edits));
    assert.equal(edits.filter((e) => e.newText.includes('Get-Credential')).length, 2);
    assert.equal(fixed.match(/Get-Credential/g)?.length, 1, fixed);
    const withCred = `$cred = Import-Clixml cred.xml\n${text}`;
    const [first] = await findings(withCred);
    const pass = fixesFor(first, withCred, 'powershell').find((x) => x.isPreferred)!;
    assert.equal(pass.edits.length, 1);
    assert.equal(pass.edits[0].newText, ' -Credential $using:cred');
  });

  it('Use CredSSP is offered for HOP005 and never preferred', async () => {
    const text = 'Invoke-Command -ComputerName n1 { New-PSSession -ComputerName n2 }\n';
    const [f] = await findings(text);
    const credssp = fixesFor(f, text, 'powershell').find((x) => x.title.startsWith('Use CredSSP'));
    assert.ok(credssp && !credssp.isPreferred && credssp.weakensSecurity);
  });

  it('Copy through the session uses the session variable when there is one', async () => {
    const text = '$s = New-PSSession -ComputerName n1\nInvoke-Command -Session $s { Import-Module \\\\fs01\\m\\Tools.psm1 }\n';
    const [f] = await findings(text);
    const fix = fixesFor(f, text, 'powershell').find((x) => x.isPreferred)!;
    assert.match(fix.title, /^Copy Tools\.psm1 through the session/);
    assert.equal(applyEdits(text, fix.edits), "$s = New-PSSession -ComputerName n1\nCopy-Item -Path '\\\\fs01\\m\\Tools.psm1' -Destination 'C:\\Windows\\Temp\\Tools.psm1' -ToSession $s -Recurse -Force\nInvoke-Command -Session $s { Import-Module 'C:\\Windows\\Temp\\Tools.psm1' }\n");
  });
});

describe('suppression and settings cover HOP005 and HOP006', () => {
  it('hopcheck-disable-next-line, -line, -file and SuppressMessageAttribute', async () => {
    const inner = 'Invoke-Command -ComputerName n2 { hostname }';
    assert.deepEqual(await codes(`Invoke-Command -ComputerName n1 {\n  # hopcheck-disable-next-line HOP005\n  ${inner}\n}\n`), []);
    assert.deepEqual(await codes(`Invoke-Command -ComputerName n1 {\n  Get-ADUser x # hopcheck-disable-line HOP006\n}\n`), []);
    assert.deepEqual(await codes(`# hopcheck-disable-file HOP006\nInvoke-Command -ComputerName n1 { Get-ADUser x; ${inner} }\n`), ['HOP005 Invoke-Command']);
    const fn = `function F {\n  [Diagnostics.CodeAnalysis.SuppressMessageAttribute('hopcheck/HOP006', '')]\n  param()\n  Invoke-Command -ComputerName n1 { Get-ADUser x }\n}\nF\n`;
    assert.deepEqual(await codes(fn), []);
  });

  it('per-rule severity settings accept HOP005 and HOP006', () => {
    const { settings, problems } = normalizeSettings({ severity: { HOP005: 'warning', HOP006: 'off' } });
    assert.deepEqual(problems, []);
    assert.equal(effectiveSeverity(settings, 'HOP005', 'error'), 'warning');
    assert.equal(effectiveSeverity(settings, 'HOP006', 'warning'), 'off');
  });
});

describe('a script run by Invoke-Command -FilePath: its second hops are reported at the caller', () => {
  it('HOP003, HOP005 and HOP006 of the other script, at the -FilePath argument, with no fix editing the wrong file', async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'hopcheck-hops-'));
    try {
      writeFileSync(join(dir, 'inner.ps1'), 'Add-ClusterNode -Name n5\nGet-ChildItem \\\\fs01\\share\nInvoke-Command -ComputerName node3 { hostname }\nGet-Service -ComputerName localhost\n');
      const text = 'Invoke-Command -ComputerName node1 -FilePath .\\inner.ps1\n';
      const all = await findings(text, 'powershell', { path: join(dir, 'caller.ps1'), root: dir });
      assert.deepEqual(all.map((f) => `${f.code} ${f.method} ${text.slice(f.span.start, f.span.end)}`).sort(),
        ['HOP003 Add-ClusterNode .\\inner.ps1', 'HOP005 Invoke-Command .\\inner.ps1', 'HOP006 Get-ChildItem .\\inner.ps1']);
      for (const f of all) {
        const fixes = fixesFor(f, text, 'powershell').filter((x) => !x.title.startsWith('Disable') && !x.title.startsWith('Use CredSSP'));
        assert.deepEqual(fixes.map((x) => x.title), [], 'ranges of the other file are never edited here');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
