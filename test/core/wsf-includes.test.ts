// .wsf includes (issue 16, item 2): a job's `<script src="…"/>` libraries are part of the job, read
// under the same rules as `Invoke-Command -FilePath`; the trace points into both files.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeFile, initParsers } from '../../server/src/core/analyze';
import { LineIndex } from '../../server/src/core/positions';
import { fixesFor } from '../../server/src/fixes/index';
import type { Finding } from '../../server/src/rules/types';
import { TestClient } from '../lsp/client';

const FIXTURES = join(__dirname, '..', 'fixtures', 'wsf-includes');
const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

describe('.wsf includes', function () {
  this.timeout(30000);
  let ws: string;
  let outer: string;
  before(async () => {
    await initParsers();
    outer = mkdtempSync(join(tmpdir(), 'hopcheck-inc-'));
    ws = join(outer, 'ws');
    cpSync(FIXTURES, ws, { recursive: true });
  });
  after(() => rmSync(outer, { recursive: true, force: true }));

  const analyze = (file: string, root = ws) => {
    const path = join(ws, file);
    const text = readFileSync(path, 'utf8');
    const a = analyzeFile(path, text, { root })!;
    const index = new LineIndex(text);
    const at = (f: Finding) => { const p = index.positionAt(f.span.start); return `${f.code} ${f.method} ${p.line + 1}:${p.character + 1}`; };
    return { findings: a.findings, text, at };
  };

  it('finds a connection made in the library and used in the job, and one made in the job and used in the library, per job', () => {
    const { findings, at } = analyze('jobs.wsf');
    assert.deepEqual(findings.map(at), [
      // job UseLibrary: the job's AddNode over GetClusterService (library); the library's uncalled Sub
      // EvictFrom runs with the job's globals (as every uncalled Sub does), reported on the include
      'HOP001 EvictNode 5:38', 'HOP001 AddNode 8:36',
      // job LibraryUses: the connection is the job's, EvictFrom's EvictNode is the library's
      'HOP001 EvictNode 16:38',
      // job NoInclude: nothing (GetClusterService is not this job's). Job JScriptLibrary: connect() of lib/cluster.js
      'HOP001 EvictNode 32:49',
    ]);
  });

  it('the trace points into both files; a finding in the library is placed on the include and offers no fix', () => {
    const { findings, text } = analyze('jobs.wsf');
    const add = findings.find((f) => f.method === 'AddNode')!;
    const inLib = add.related.filter((r) => r.elsewhere);
    assert.ok(inLib.some((r) => r.elsewhere!.relative === 'lib/cluster.vbs' && r.elsewhere!.start.line === 4 && /connection to 'node1' is opened here/.test(r.message)), JSON.stringify(add.related));
    assert.ok(add.related.some((r) => !r.elsewhere && /svc is set here/.test(r.message)));
    // The connection is in the library: no "Connect locally" edit in this document; disabling still works.
    assert.deepEqual(fixesFor(add, text, 'wsf').map((f) => f.title), ['Disable HOP001 for this line', 'Disable HOP001 for this file']);

    const evict = findings.filter((f) => f.method === 'EvictNode' && f.inInclude !== undefined);
    assert.equal(evict.length, 2);
    const reverse = evict.find((f) => text.slice(f.span.start, f.span.end) === 'lib/cluster.vbs')!;
    assert.match(reverse.related[0].message, /EvictNode is called here, in lib\/cluster\.vbs/);
    assert.equal(reverse.related[0].elsewhere!.start.line, 9);
    assert.ok(reverse.related.some((r) => !r.elsewhere && /connection to 'node2' is opened here/.test(r.message)));
    assert.deepEqual(fixesFor(reverse, text, 'wsf'), []);
  });

  it('an .hta page whose own text names no method still reads its include (the call is in the library)', () => {
    writeFileSync(join(ws, 'page.hta'), '<html><head>\n<script language="VBScript" src="lib/cluster.vbs"></script>\n<script language="VBScript">\nSet svc = GetObject("winmgmts:\\\\node8\\root\\MSCluster")\nSub Go_OnClick\n  EvictFrom "n2"\nEnd Sub\n</script></head><body></body></html>\n');
    const { findings, at } = analyze('page.hta');
    assert.deepEqual(findings.map(at), ['HOP001 EvictNode 2:34']);
    rmSync(join(ws, 'page.hta'));
  });

  it('many jobs including the same library: each job\'s finding is placed on its own include', () => {
    const job = (i: number) => `<job id="j${i}">\n<script language="VBScript" src="lib/cluster.vbs"/>\n<script language="VBScript">\nSet svc = GetObject("winmgmts:\\\\node${i}\\root\\MSCluster")\nEvictFrom "n2"\n</script>\n</job>\n`;
    writeFileSync(join(ws, 'many.wsf'), `<package>\n${Array.from({ length: 200 }, (_, i) => job(i)).join('')}</package>\n`);
    const { findings, text } = analyze('many.wsf');
    assert.equal(findings.length, 200);
    assert.equal(new Set(findings.map((f) => f.span.start)).size, 200);
    assert.ok(findings.every((f) => text.slice(f.span.start, f.span.end) === 'lib/cluster.vbs'));
    assert.deepEqual(findings.slice(0, 2).map((f) => f.target), ['node0', 'node1']);
    rmSync(join(ws, 'many.wsf'));
  });

  it('reads includes only as -FilePath would: relative, inside the root, regular files (not .., absolute, UNC, URL, a link out)', () => {
    writeFileSync(join(outer, 'outside.vbs'), 'Function Sneaky(s)\n  Set Sneaky = GetObject("winmgmts:\\\\node9\\root\\MSCluster")\nEnd Function\n');
    symlinkSync(join(outer, 'outside.vbs'), join(ws, 'lib', 'link.vbs'));
    mkdirSync(join(ws, 'lib', 'dir.vbs'));
    const job = (src: string) => `<job><script language="VBScript" src="${src}"/>\n<script language="VBScript">\nSneaky("x").Get("MSCluster_Cluster").EvictNode "n2"\n</script></job>\n`;
    for (const src of ['..\\outside.vbs', join(outer, 'outside.vbs'), '\\\\fileserver\\share\\outside.vbs', 'file://fileserver/share/outside.vbs', 'lib/link.vbs', 'lib/dir.vbs']) {
      writeFileSync(join(ws, 'unsafe.wsf'), job(src));
      assert.deepEqual(analyze('unsafe.wsf').findings, [], src);
    }
    // The same file inside the root is read.
    cpSync(join(outer, 'outside.vbs'), join(ws, 'lib', 'inside.vbs'));
    writeFileSync(join(ws, 'unsafe.wsf'), job('lib\\inside.vbs'));
    assert.deepEqual(analyze('unsafe.wsf').findings.map((f) => f.code), ['HOP001']);
    rmSync(join(ws, 'unsafe.wsf'));
    rmSync(join(ws, 'lib', 'link.vbs'));
    rmSync(join(ws, 'lib', 'inside.vbs'));
    rmSync(join(ws, 'lib', 'dir.vbs'), { recursive: true });
  });

  it('command line: text and SARIF name the library file in the trace', () => {
    const text = spawnSync(process.execPath, [CLI, '--format', 'json', 'jobs.wsf'], { cwd: ws, encoding: 'utf8' });
    const j = JSON.parse(text.stdout);
    const add = j.findings.find((f: { method: string }) => f.method === 'AddNode');
    assert.ok(add.related.some((r: { file: string; line: number }) => r.file === 'lib/cluster.vbs' && r.line === 5), JSON.stringify(add.related));
    assert.ok(add.related.some((r: { file: string }) => r.file === 'jobs.wsf'));
    const sarif = JSON.parse(spawnSync(process.execPath, [CLI, '--format', 'sarif', '.'], { cwd: ws, encoding: 'utf8' }).stdout);
    const uris = sarif.runs[0].results.flatMap((r: { relatedLocations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.relatedLocations.map((l) => l.physicalLocation.artifactLocation.uri));
    assert.ok(uris.includes('lib/cluster.vbs') && uris.includes('jobs.wsf') && uris.includes('lib/cluster.js'), uris.join(' '));
  });

  it('language server: relatedInformation carries the library file\'s URI', async () => {
    const client = new TestClient();
    try {
      await client.initialize(pathToFileURL(ws).href);
      const uri = pathToFileURL(join(ws, 'jobs.wsf')).href;
      await client.open(uri, 'xml', readFileSync(join(ws, 'jobs.wsf'), 'utf8'));
      const p = await client.waitForDiagnostics(uri, (d) => d.diagnostics.length >= 4);
      const lib = pathToFileURL(join(ws, 'lib', 'cluster.vbs')).href;
      const add = p.diagnostics.find((d) => /AddNode/.test(typeof d.message === "string" ? d.message : d.message.value))!;
      const inLib = add.relatedInformation!.filter((r) => r.location.uri === lib);
      assert.ok(inLib.some((r) => r.location.range.start.line === 4), JSON.stringify(add.relatedInformation));
      assert.ok(add.relatedInformation!.some((r) => r.location.uri === uri));
    } finally {
      await client.stop();
    }
  });
});
