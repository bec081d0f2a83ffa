// A structural validator for JUnit XML, written for these tests because npm has no package with the
// schema and no XSD validator without native code or Java. It checks well-formedness (tags nest and
// close, attribute values quoted, only the five predefined entities and character references, no raw
// `<`/`&` in text, characters XML 1.0 allows) and the elements, attributes and counts of the JUnit schema
// Jenkins publishes (junit-10.xsd of the xunit plugin, after Ant's format) and Azure DevOps' JUnit reader:
//   testsuites(name, time, tests, failures, disabled, errors) > testsuite*
//   testsuite(name!, tests!, failures, errors, time, disabled, skipped, timestamp, hostname, id, package,
//             file, log, url, version) > properties?, testcase*, system-out?, system-err?
//   testcase(name!, assertions, time, classname, status) > (skipped | error | failure | system-out | system-err)*
//   failure/error(message, type) text; skipped(message)
// plus: the counts a suite declares (tests, failures, errors) are the counts it holds.

interface El { name: string; attrs: Record<string, string>; children: El[]; text: string }

const ALLOWED: Record<string, { attrs: string[]; required?: string[]; children: string[] }> = {
  testsuites: { attrs: ['name', 'time', 'tests', 'failures', 'disabled', 'errors'], children: ['testsuite'] },
  testsuite: {
    attrs: ['name', 'tests', 'failures', 'errors', 'time', 'disabled', 'skipped', 'timestamp', 'hostname', 'id', 'package', 'file', 'log', 'url', 'version'],
    required: ['name', 'tests'], children: ['properties', 'testcase', 'system-out', 'system-err'],
  },
  properties: { attrs: [], children: ['property'] },
  property: { attrs: ['name', 'value'], required: ['name', 'value'], children: [] },
  testcase: { attrs: ['name', 'assertions', 'time', 'classname', 'status'], required: ['name'], children: ['skipped', 'error', 'failure', 'system-out', 'system-err'] },
  failure: { attrs: ['message', 'type'], children: [] },
  error: { attrs: ['message', 'type'], children: [] },
  skipped: { attrs: ['message'], children: [] },
  'system-out': { attrs: [], children: [] },
  'system-err': { attrs: [], children: [] },
};

function decode(s: string, where: string): string {
  if (/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(s)) throw new Error(`not well-formed: a bare & in ${where}`);
  if (/[\x00-\x08\x0b\x0c\x0e-\x1f]/.test(s)) throw new Error(`not well-formed: a control character in ${where}`);
  return s.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) =>
    e === 'amp' ? '&' : e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : e === 'apos' ? "'"
      : String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)));
}

function parseXml(xml: string): El {
  let i = 0;
  const decl = /^<\?xml\s[^?]*\?>\s*/.exec(xml);
  if (decl) i = decl[0].length;
  const stack: El[] = [];
  let root: El | undefined;
  while (i < xml.length) {
    if (xml[i] !== '<') {
      const next = xml.indexOf('<', i);
      const text = xml.slice(i, next < 0 ? xml.length : next);
      if (!stack.length) {
        if (text.trim()) throw new Error(`not well-formed: text outside the root element: ${text.slice(0, 40)}`);
      } else stack.at(-1)!.text += decode(text, `<${stack.at(-1)!.name}>`);
      i = next < 0 ? xml.length : next;
      continue;
    }
    const close = /^<\/([A-Za-z][\w.-]*)\s*>/.exec(xml.slice(i));
    if (close) {
      const open = stack.pop();
      if (!open || open.name !== close[1]) throw new Error(`not well-formed: </${close[1]}> closes <${open?.name}>`);
      i += close[0].length;
      continue;
    }
    const tag = /^<([A-Za-z][\w.-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/.exec(xml.slice(i));
    if (!tag) throw new Error(`not well-formed at offset ${i}: ${xml.slice(i, i + 40)}`);
    const el: El = { name: tag[1], attrs: {}, children: [], text: '' };
    for (const a of tag[2].matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      if (a[1] in el.attrs) throw new Error(`not well-formed: attribute ${a[1]} twice on <${el.name}>`);
      el.attrs[a[1]] = decode(a[2] ?? a[3], `${el.name}@${a[1]}`);
    }
    if (stack.length) stack.at(-1)!.children.push(el);
    else if (root) throw new Error('not well-formed: two root elements');
    else root = el;
    if (!tag[3]) stack.push(el);
    i += tag[0].length;
  }
  if (stack.length) throw new Error(`not well-formed: <${stack.at(-1)!.name}> is not closed`);
  if (!root) throw new Error('no root element');
  return root;
}

function check(el: El, parent: string | undefined): void {
  const rule = ALLOWED[el.name];
  if (!rule) throw new Error(`<${el.name}> is not a JUnit element`);
  if (parent && !ALLOWED[parent].children.includes(el.name)) throw new Error(`<${el.name}> may not be inside <${parent}>`);
  for (const a of Object.keys(el.attrs)) if (!rule.attrs.includes(a)) throw new Error(`<${el.name}> has no attribute ${a}`);
  for (const a of rule.required ?? []) if (!(a in el.attrs) || el.attrs[a] === '') throw new Error(`<${el.name}> needs attribute ${a}`);
  for (const a of ['tests', 'failures', 'errors', 'skipped', 'disabled', 'assertions']) {
    if (a in el.attrs && !/^\d+$/.test(el.attrs[a])) throw new Error(`<${el.name}> ${a}="${el.attrs[a]}" is not a count`);
  }
  if ('time' in el.attrs && !/^\d+(\.\d+)?$/.test(el.attrs.time)) throw new Error(`<${el.name}> time="${el.attrs.time}" is not a number`);
  if (rule.children.length === 0 && el.children.length) throw new Error(`<${el.name}> holds text only`);
  for (const c of el.children) check(c, el.name);
  if (el.name === 'testsuite') {
    const cases = el.children.filter((c) => c.name === 'testcase');
    const count = (n: string) => cases.filter((c) => c.children.some((x) => x.name === n)).length;
    if (Number(el.attrs.tests) !== cases.length) throw new Error(`testsuite ${el.attrs.name}: tests=${el.attrs.tests} but ${cases.length} testcases`);
    if ('failures' in el.attrs && Number(el.attrs.failures) !== count('failure')) throw new Error(`testsuite ${el.attrs.name}: failures=${el.attrs.failures} but ${count('failure')}`);
    if ('errors' in el.attrs && Number(el.attrs.errors) !== count('error')) throw new Error(`testsuite ${el.attrs.name}: errors=${el.attrs.errors} but ${count('error')}`);
  }
}

export interface JunitCase { name: string; classname?: string; outcome: 'passed' | 'failure' | 'error' | 'skipped'; text: string }
export interface JunitDoc { tests: number; failures: number; errors: number; suites: { name: string; cases: JunitCase[] }[] }

/** Throws with the first problem; returns the suites and cases when the document is valid. */
export function validateJunit(xml: string): JunitDoc {
  const root = parseXml(xml);
  if (root.name !== 'testsuites' && root.name !== 'testsuite') throw new Error(`root <${root.name}> is not testsuites or testsuite`);
  check(root, undefined);
  const suites = root.name === 'testsuites' ? root.children : [root];
  const doc: JunitDoc = {
    tests: 0, failures: 0, errors: 0,
    suites: suites.map((s) => ({
      name: s.attrs.name,
      cases: s.children.filter((c) => c.name === 'testcase').map((c) => {
        const r = c.children.find((x) => ['failure', 'error', 'skipped'].includes(x.name));
        return { name: c.attrs.name, classname: c.attrs.classname, outcome: (r?.name ?? 'passed') as JunitCase['outcome'],
          text: [r?.attrs.message ?? '', r?.text ?? '', ...c.children.filter((x) => x.name === 'system-out').map((x) => x.text)].join('\n') };
      }),
    })),
  };
  for (const s of doc.suites) {
    doc.tests += s.cases.length;
    doc.failures += s.cases.filter((c) => c.outcome === 'failure').length;
    doc.errors += s.cases.filter((c) => c.outcome === 'error').length;
  }
  if (root.name === 'testsuites') {
    for (const [k, v] of [['tests', doc.tests], ['failures', doc.failures], ['errors', doc.errors]] as const) {
      if (k in root.attrs && Number(root.attrs[k]) !== v) throw new Error(`testsuites ${k}=${root.attrs[k]} but ${v}`);
    }
  }
  return doc;
}
