// Calls of a catalogue method over a remote connection to node1, generated from its entry (spec §3
// forms, both languages), for the catalogue tests.
import { strict as assert } from 'node:assert';
import type { MethodEntry, MethodParam } from '../../server/src/catalogue/index';
import { analyzeText } from '../../server/src/core/analyze';
import type { DocKind } from '../../server/src/core/language';
import { fixesFor } from '../../server/src/fixes/index';

/** A literal argument of the parameter's type, in each language. */
function literal(p: MethodParam, lang: 'ps' | 'vbs' | 'js'): string {
  switch (p.type) {
    case 'string': return lang === 'ps' ? `'n2'` : '"n2"';
    case 'string[]': return lang === 'ps' ? `@('n1', 'n2')` : lang === 'js' ? '["n1", "n2"]' : 'Array("n1", "n2")';
    case 'uint32': return '1';
    case 'boolean': return lang === 'ps' ? '$true' : lang === 'js' ? 'true' : 'True';
  }
}

const psArgs = (m: MethodEntry) => m.params.map((p) => literal(p, 'ps')).join(', ');
const vbsArgs = (m: MethodEntry) => m.params.map((p) => literal(p, 'vbs')).join(', ');
const jsArgs = (m: MethodEntry) => m.params.map((p) => literal(p, 'js')).join(', ');

/** Ways to call a method over a remote connection to node1 (spec §3), PowerShell, VBScript, then JScript (a WSH .js). */
export const METHOD_FORMS: { name: string; kind: DocKind; script: (m: MethodEntry) => string }[] = [
  { name: 'Get-WmiObject, then the method', kind: 'powershell', script: (m) =>
    `$c = Get-WmiObject -ComputerName node1 -Namespace root\\MSCluster -Class MSCluster_Cluster\n$c.${m.name}(${psArgs(m)})\n` },
  { name: 'Invoke-WmiMethod -Path', kind: 'powershell', script: (m) =>
    `Invoke-WmiMethod -Path '\\\\node1\\root\\MSCluster:MSCluster_Cluster' -Name ${m.name} -ArgumentList ${psArgs(m) || '$null'}\n` },
  { name: 'Invoke-CimMethod -ComputerName', kind: 'powershell', script: (m) =>
    `Invoke-CimMethod -ComputerName node1 -Namespace root/MSCluster -ClassName MSCluster_Cluster -MethodName ${m.name} -Arguments @{${m.params.map((p) => `${p.name} = ${literal(p, 'ps')}`).join('; ')}}\n` },
  { name: '[wmiclass] and InvokeMethod', kind: 'powershell', script: (m) =>
    `$c = [wmiclass]'\\\\node1\\root\\MSCluster:MSCluster_Cluster'\n$c.InvokeMethod('${m.name}', @(${psArgs(m)}))\n` },
  { name: 'GetObject moniker, then the method', kind: 'vbscript', script: (m) =>
    `Set c = GetObject("winmgmts:{impersonationLevel=impersonate}!\\\\node1\\root\\MSCluster:MSCluster_Cluster.Name='c1'")\nc.${m.name} ${vbsArgs(m)}\n` },
  { name: 'SWbemLocator.ConnectServer, Get, Call', kind: 'vbscript', script: (m) =>
    `Set loc = CreateObject("WbemScripting.SWbemLocator")\nSet svc = loc.ConnectServer("node1", "root\\MSCluster")\n`
    + `Set c = svc.Get("MSCluster_Cluster.Name='c1'")\nCall c.${m.name}(${vbsArgs(m)})\n` },
  { name: 'ExecMethod_ with in-parameters', kind: 'vbscript', script: (m) =>
    `Set c = GetObject("winmgmts:\\\\node1\\root\\MSCluster:MSCluster_Cluster.Name='c1'")\n`
    + `Set inParams = c.Methods_("${m.name}").InParameters.SpawnInstance_()\nSet out = c.ExecMethod_("${m.name}", inParams)\n` },
  { name: 'GetObject moniker with JS escapes, then the method', kind: 'jscript', script: (m) =>
    `var c = GetObject("winmgmts:{impersonationLevel=impersonate}!\\\\\\\\node1\\\\root\\\\MSCluster:MSCluster_Cluster.Name='c1'");\nc.${m.name}(${jsArgs(m)});\n` },
  { name: 'ActiveXObject locator, ConnectServer, Enumerator over ExecQuery', kind: 'jscript', script: (m) =>
    `var loc = new ActiveXObject("WbemScripting.SWbemLocator");\nvar svc = loc.ConnectServer("node1", "root\\\\MSCluster");\n`
    + `for (var e = new Enumerator(svc.ExecQuery("SELECT * FROM MSCluster_Cluster")); !e.atEnd(); e.moveNext()) {\n  e.item().${m.name}(${jsArgs(m)});\n}\n` },
];

/** The one HOP001 finding of a script that calls `method` over a remote connection, with its fixes. */
export function remoteCallFinding(text: string, kind: DocKind, method: string) {
  const a = analyzeText(text, kind);
  const hits = a.findings.filter((f) => f.code === 'HOP001' && f.method === method);
  assert.equal(hits.length, 1, `expected one HOP001 for ${method}, got ${JSON.stringify(a.findings.map((f) => `${f.code} ${f.method}`))} in\n${text}`);
  assert.equal(text.slice(hits[0].span.start, hits[0].span.end), method, 'the finding points at the method name');
  return { finding: hits[0], fixes: fixesFor(hits[0], text, kind) };
}
