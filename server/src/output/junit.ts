// JUnit XML for the test tabs of Azure DevOps (PublishTestResults, testResultsFormat: JUnit) and Jenkins
// (the junit step): one <testsuite> per file analysed, one <testcase> per finding (a <failure> when at or
// above --fail-on, passed with the finding in <system-out> below it), one passing <testcase> for a file
// without findings, and an <error> test case for a file that could not be analysed. The elements and
// attributes are those of the JUnit schema both read (Jenkins' junit-plugin XSD, from Ant's format).
import { ruleEntry } from '../catalogue/derive';
import type { Severity } from '../rules/types';
import { SEVERITY_RANK, type Report } from './report';

export function xmlEscape(s: string): string {
  // Characters XML 1.0 cannot hold at all (a script's control characters) become U+FFFD.
  return s.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g, '\ufffd').replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

interface Case { name: string; classname: string; body: string }

export function formatJunit(r: Report, failOn: Severity | 'none'): string {
  const threshold = failOn === 'none' ? Infinity : SEVERITY_RANK[failOn];
  const suites = new Map<string, Case[]>();
  const suite = (file: string) => {
    let s = suites.get(file);
    if (!s) suites.set(file, (s = []));
    return s;
  };
  for (const file of r.analysed ?? []) suite(file);
  for (const f of r.findings) {
    const detail = [`${f.file}:${f.line}:${f.column}: ${f.severity} ${f.code} ${f.message}`,
      ...f.related.map((rel) => `  ${rel.file}:${rel.line}:${rel.column}: ${rel.message}`)].join('\n');
    const fails = SEVERITY_RANK[f.severity] >= threshold;
    const body = fails
      ? `<failure message="${xmlEscape(f.message)}" type="${xmlEscape(`${f.code} ${f.severity}`)}">${xmlEscape(detail)}</failure>`
      : `<system-out>${xmlEscape(detail)}</system-out>`;
    suite(f.file).push({ name: `${f.code} line ${f.line}:${f.column}: ${ruleEntry(f.code)?.short ?? f.code}`, classname: classname(f.file), body });
  }
  for (const p of r.problems.filter((x) => x.incomplete)) {
    suite(p.file).push({ name: 'analysed', classname: classname(p.file),
      body: `<error message="${xmlEscape(`not analysed: ${p.reason.replace(/^skipped: /, '')}`)}" type="not-analysed"/>` });
  }
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  const body: string[] = [];
  for (const [file, cases] of suites) {
    if (!cases.length) cases.push({ name: 'no double-hop findings', classname: classname(file), body: '' });
    const f = cases.filter((x) => x.body.startsWith('<failure')).length;
    const e = cases.filter((x) => x.body.startsWith('<error')).length;
    tests += cases.length;
    failures += f;
    errors += e;
    body.push(`  <testsuite name="${xmlEscape(file)}" tests="${cases.length}" failures="${f}" errors="${e}" skipped="0" time="0">`);
    for (const c of cases) {
      // Only the attributes of Jenkins' junit-10.xsd (no file/line: the name carries the position).
      const attrs = `name="${xmlEscape(c.name)}" classname="${xmlEscape(c.classname)}" time="0"`;
      body.push(c.body ? `    <testcase ${attrs}>\n      ${c.body}\n    </testcase>` : `    <testcase ${attrs}/>`);
    }
    body.push('  </testsuite>');
  }
  out.push(`<testsuites name="hopcheck" tests="${tests}" failures="${failures}" errors="${errors}" time="0">`, ...body, '</testsuites>');
  return out.join('\n') + '\n';
}

/** `hopcheck.scripts.remote_ps1`: test tabs group by classname's dots, like packages. */
function classname(file: string): string {
  return `hopcheck.${file.replace(/\.[^./]+$/, (ext) => `_${ext.slice(1)}`).replace(/[\\/]+/g, '.').replace(/^\.+/, '')}`;
}
