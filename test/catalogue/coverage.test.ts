// Every catalogue entry is found where it applies, in both languages: generated from the catalogue,
// so a new method or cluster cmdlet is covered the moment it is added (and one the analysis ignores
// fails here, instead of being silently dropped by a table somebody forgot).
import { strict as assert } from 'node:assert';
import { CATALOGUE as DATA, type Catalogue } from '../../server/src/catalogue/index';

/** The catalogue as code reads it (the literal types of its `as const` data get in the way here). */
const CATALOGUE: Catalogue = DATA;
import { analyzeText, initParsers } from '../../server/src/core/analyze';
import { fixesFor } from '../../server/src/fixes/index';
import { applyEdits } from '../../server/src/fixes/types';
import { METHOD_FORMS, remoteCallFinding } from '../helpers/method-forms';

describe('catalogue coverage: every method over a remote connection is HOP001, in both languages', () => {
  before(() => initParsers());
  for (const m of CATALOGUE.methods) {
    for (const form of METHOD_FORMS) {
      it(`${m.name}: ${form.name} (${form.kind})`, () => {
        const text = form.script(m);
        const { fixes } = remoteCallFinding(text, form.kind, m.name);
        if (form.kind !== 'powershell' || form.name !== 'Get-WmiObject, then the method') return;
        // The catalogue's replacement is the preferred fix, and what it writes is no longer a finding.
        const preferred = fixes.find((f) => f.isPreferred);
        assert.equal(preferred?.title, `Replace with ${m.replacement?.cmdlet} (run from this machine)`);
        const fixed = applyEdits(text, preferred!.edits);
        assert.ok(m.replacement && fixed.includes(m.replacement.cmdlet), fixed);
        assert.deepEqual(analyzeText(fixed, 'powershell').findings.map((f) => f.code), []);
      });
    }
  }
});

describe('catalogue coverage: every cluster cmdlet inside a remote session is HOP003', () => {
  before(() => initParsers());
  const invokers = CATALOGUE.commands.filter((c) => c.session === 'invoke').flatMap((c) => [c.name, ...c.aliases]);
  for (const c of CATALOGUE.commands.filter((x) => x.family === 'cluster')) {
    const written = [c.name, ...c.aliases, `FailoverClusters\\${c.name}`];
    // Add-NetIntent is a second hop only when -ClusterName names another computer (catalogue `hopWhenOther`).
    const args = c.hopWhenOther ? ` -${c.hopWhenOther} clu1` : '';
    for (const name of written) {
      for (const icm of invokers) {
        it(`${name} in ${icm} -ComputerName n1 { … }`, () => {
          const text = `${icm} -ComputerName n1 {\n  ${name}${args}\n}\n`;
          const a = analyzeText(text, 'powershell');
          assert.deepEqual(a.findings.map((f) => `${f.code} ${f.method}`), [`HOP003 ${c.name}`]);
          const preferred = fixesFor(a.findings[0], text, 'powershell').find((f) => f.isPreferred);
          const param = c.runFromHere ? ` (-${c.runFromHere} n1)` : '';
          const expected = c.hopWhenOther ? `Use the session's own computer (-${c.hopWhenOther} $env:COMPUTERNAME)` : `Run ${c.name} from this machine${param}`;
          assert.equal(preferred?.title, expected);
          const fixed = applyEdits(text, preferred!.edits);
          assert.deepEqual(analyzeText(fixed, 'powershell').findings.map((f) => f.code), [], fixed);
        });
      }
    }
  }
});

/** Every session kind of spec §9, around every cluster cmdlet: which rule (if any) each gives. */
const SESSION_KINDS: { name: string; script: (call: string) => string; expect: string | undefined; fix?: string }[] = [
  { name: 'a loopback session', script: (x) => `Invoke-Command -ComputerName localhost { ${x} }`, expect: 'HOP003', fix: 'Add -EnableNetworkAccess' },
  { name: 'a loopback session by address', script: (x) => `Invoke-Command -ComputerName 127.0.0.1 { ${x} }`, expect: 'HOP003', fix: 'Add -EnableNetworkAccess' },
  { name: 'a $env:COMPUTERNAME session', script: (x) => `Invoke-Command -ComputerName $env:COMPUTERNAME { ${x} }`, expect: 'HOP003', fix: 'Add -EnableNetworkAccess' },
  { name: 'a loopback session with -EnableNetworkAccess', script: (x) => `Invoke-Command -ComputerName . -EnableNetworkAccess { ${x} }`, expect: 'HOP004' },
  { name: 'CredSSP', script: (x) => `Invoke-Command -ComputerName n1 -Authentication CredSSP -Credential $c { ${x} }`, expect: 'HOP004' },
  { name: 'Basic', script: (x) => `Invoke-Command -ComputerName n1 -Authentication Basic -Credential $c -UseSSL { ${x} }`, expect: 'HOP004' },
  { name: 'a CredSSP session from New-PSSession', script: (x) => `$s = New-PSSession -ComputerName n1 -Authentication Credssp -Credential $c\nInvoke-Command -Session $s { ${x} }`, expect: 'HOP004' },
  { name: 'a plain session from New-PSSession', script: (x) => `$s = New-PSSession n1\nInvoke-Command -Session $s -ScriptBlock { ${x} }`, expect: 'HOP003' },
  { name: 'PowerShell Direct (-VMName)', script: (x) => `Invoke-Command -VMName vm1 -Credential $c { ${x} }`, expect: undefined },
  { name: 'PowerShell Direct (-VMId)', script: (x) => `Invoke-Command -VMId $id -Credential $c -ScriptBlock { ${x} }`, expect: undefined },
  { name: 'a container (-ContainerId)', script: (x) => `Invoke-Command -ContainerId $id { ${x} }`, expect: undefined },
  { name: 'a PowerShell Direct session from New-PSSession', script: (x) => `$s = New-PSSession -VMName vm1 -Credential $c\nInvoke-Command -Session $s { ${x} }`, expect: undefined },
  { name: 'SSH (-HostName)', script: (x) => `Invoke-Command -HostName admin@n1 { ${x} }`, expect: 'HOP003' },
  { name: 'a custom endpoint (-ConfigurationName)', script: (x) => `Invoke-Command -ComputerName n1 -ConfigurationName ClusterAdmin { ${x} }`, expect: undefined },
  { name: 'the default endpoint (-ConfigurationName Microsoft.PowerShell)', script: (x) => `Invoke-Command -ComputerName n1 -ConfigurationName Microsoft.PowerShell { ${x} }`, expect: 'HOP003' },
  { name: '-ConnectionUri', script: (x) => `Invoke-Command -ConnectionUri http://n1:5985/wsman { ${x} }`, expect: 'HOP003' },
  { name: 'a nested block', script: (x) => `Invoke-Command -ComputerName n1 {\n  foreach ($n in 1..2) {\n    if ($n) { ${x} }\n  }\n}`, expect: 'HOP003' },
  { name: 'Enter-PSSession', script: (x) => `Enter-PSSession -ComputerName n1\n${x}\nExit-PSSession`, expect: 'HOP003' },
  { name: 'run from here', script: (x) => `${x} -Cluster n1`, expect: undefined },
];

describe('catalogue coverage: every session kind of spec §9, around every cluster cmdlet', () => {
  before(() => initParsers());
  for (const c of CATALOGUE.commands.filter((x) => x.family === 'cluster')) {
    const call = c.hopWhenOther ? `${c.name} -${c.hopWhenOther} clu1` : c.name;
    for (const kind of SESSION_KINDS) {
      it(`${c.name} in ${kind.name}: ${kind.expect ?? 'nothing'}`, () => {
        const text = kind.script(call) + '\n';
        const a = analyzeText(text, 'powershell');
        assert.deepEqual(a.findings.map((f) => `${f.code} ${f.method}`), kind.expect ? [`${kind.expect} ${c.name}`] : [], text);
        if (!kind.fix) return;
        const fix = fixesFor(a.findings[0], text, 'powershell').find((f) => f.title.startsWith(kind.fix!));
        assert.ok(fix && !fix.isPreferred, kind.fix);
        // The loopback session now has network access: the finding becomes HOP004, which names it.
        assert.deepEqual(analyzeText(applyEdits(text, fix.edits), 'powershell').findings.map((f) => f.code), ['HOP004']);
      });
    }
  }
});

/** A value for each kind of thing a `reaches` command names (catalogue `reaches`). */
const REACH_CALL: Record<string, (name: string) => string> = {
  remoting: (n) => `${n} -ComputerName n2`,
  dcom: (n) => `${n} -ComputerName n2`,
  directory: (n) => n,
  cau: (n) => `${n} -ClusterName clu1`,
  unc: (n) => `${n} \\\\srv\\share\\x`,
};

describe('catalogue coverage: every command that reaches another computer, inside a remote session, is HOP005/HOP006', () => {
  before(() => initParsers());
  for (const c of CATALOGUE.commands.filter((x) => x.reaches)) {
    const code = c.reaches === 'remoting' ? 'HOP005' : 'HOP006';
    for (const name of [c.name, ...c.aliases]) {
      const call = REACH_CALL[c.reaches!](name);
      it(`${call} in Invoke-Command -ComputerName n1 { … }: ${code}`, () => {
        const text = `Invoke-Command -ComputerName n1 {\n  ${call}\n}\n`;
        assert.deepEqual(analyzeText(text, 'powershell').findings.map((f) => `${f.code} ${f.method}`), [`${code} ${c.name}`]);
        // Not in a session: no second hop.
        assert.deepEqual(analyzeText(`${call}\n`, 'powershell').findings, []);
      });
    }
    if (c.params?.some((p) => p.name === 'Credential')) {
      it(`${c.name} with -Credential $using:cred inside a session: HOP004, and *Pass a credential* adds it`, () => {
        const call = REACH_CALL[c.reaches!](c.name);
        const text = `Invoke-Command -ComputerName n1 {\n  ${call}\n}\n`;
        const finding = analyzeText(text, 'powershell').findings[0];
        const pass = fixesFor(finding, text, 'powershell').find((f) => f.title.startsWith('Pass a credential'));
        assert.ok(pass?.isPreferred || c.reaches === 'unc', 'Pass a credential is offered');
        const fixed = applyEdits(text, pass!.edits);
        assert.ok(fixed.startsWith('$cred = Get-Credential\n'), fixed);
        assert.deepEqual(analyzeText(fixed, 'powershell').findings.map((f) => `${f.code} ${f.method}`), [`HOP004 ${c.name}`]);
      });
    }
    if (c.reaches === 'remoting' || c.reaches === 'dcom') {
      it(`${c.name} to the session's own computer is no second hop`, () => {
        for (const self of ['n1', 'localhost', '$env:COMPUTERNAME', 'N1.contoso.com']) {
          const text = `Invoke-Command -ComputerName n1 { ${c.name} -ComputerName ${self} }\n`;
          assert.deepEqual(analyzeText(text, 'powershell').findings, [], text);
        }
      });
    }
  }
});
