// JScript: which .js files are WSH scripts, how JScript's forms reach the shared facts, and its fixes.
import { strict as assert } from 'node:assert';
import { analyzeText, initParsers } from '../../../server/src/core/analyze';
import { unescapeJs } from '../../../server/src/facts/literals';
import { fixesFor } from '../../../server/src/fixes/index';
import { applyEdits } from '../../../server/src/fixes/types';
import { isWshScript, parseJscriptWithin } from '../../../server/src/parse/jscript';
import { found } from '../../helpers/analyze';

const wsh = (text: string) => isWshScript(parseJscriptWithin(text), text);

describe('JScript', () => {
  before(() => initParsers());

  describe('which .js files are WSH scripts', () => {
    it('WScript., new ActiveXObject and GetObject("winmgmts:…") mark one', () => {
      assert.equal(wsh('WScript.Echo("hi");'), true);
      assert.equal(wsh('var fso = new ActiveXObject("Scripting.FileSystemObject");'), true);
      assert.equal(wsh('var s = GetObject("winmgmts:\\\\\\\\" + n + "\\\\root\\\\MSCluster");'), true);
    });
    it('require, import/export, module/exports/process/window/document before them mark a web or Node file', () => {
      assert.equal(wsh('const x = require("fs");\nWScript.Echo(1);'), false);
      assert.equal(wsh('import fs from "fs";\nnew ActiveXObject("x");'), false);
      assert.equal(wsh('export const a = 1;'), false);
      assert.equal(wsh('document.title = "x";\nvar l = new ActiveXObject("WbemScripting.SWbemLocator");'), false);
      assert.equal(wsh('module.exports = function () { WScript.Echo(1); };'), false);
      assert.equal(wsh('if (process.argv) { GetObject("winmgmts:root\\\\MSCluster"); }'), false);
    });
    it('marks in comments and strings do not count; a file without marks is not one', () => {
      assert.equal(wsh('// WScript.Echo\nvar s = "new ActiveXObject(1)";\n/* GetObject("winmgmts:") */'), false);
      assert.equal(wsh('function evict(c) { return c.EvictNode("n2"); }'), false);
      assert.equal(wsh('// require("x") in a comment\nWScript.Echo(1);'), true);
    });
    it('a Node or browser .js file naming EvictNode over a remote moniker gives no finding', async () => {
      const body = 'var svc = GetObject("winmgmts:\\\\\\\\node1\\\\root\\\\MSCluster");\nsvc.Get("MSCluster_Cluster").EvictNode("n2");\n';
      assert.deepEqual(await found(body, 'jscript'), ['HOP001 2:30']);
      assert.deepEqual(await found('const path = require("path");\n' + body, 'jscript'), []);
      assert.deepEqual(await found('window.onload = function () {\n' + body + '};\n', 'jscript'), []);
    });
  });

  describe('forms', () => {
    it('decodes JavaScript string escapes and knows where each character is written', () => {
      const raw = '"winmgmts:\\\\\\\\node1\\\\root\\x41\\u0042\\n"';
      const { value, offsets } = unescapeJs(raw);
      assert.equal(value, 'winmgmts:\\\\node1\\rootAB\n');
      assert.equal(raw.slice(offsets[9], offsets[11]), '\\\\\\\\');
      assert.equal(raw.slice(offsets[11], offsets[16]), 'node1');
      assert.equal(offsets.length, value.length + 1);
    });
    it('WScript.Arguments is unknown; a constant through a function parameter is remote; `var f = function` is a function', async () => {
      assert.deepEqual(await found('var s = GetObject("winmgmts:\\\\\\\\" + WScript.Arguments.Item(0) + "\\\\root\\\\MSCluster");\ns.Get("MSCluster_Cluster").AddNode("n3");\n', 'jscript'), ['HOP002 2:28']);
      const fn = 'var connect = function (h) { return GetObject("winmgmts://" + h + "/root/MSCluster:MSCluster_Cluster"); };\nconnect("node1").EvictNode("n2");\n';
      assert.deepEqual(await found(fn, 'jscript'), ['HOP001 2:18']);
    });
    it('a server chosen by `c ? a : b` is an unknown target, not a lost connection', async () => {
      const text = 'var server = WScript.Arguments.length > 0 ? WScript.Arguments(0) : "node1";\n'
        + 'var svc = GetObject("winmgmts:\\\\\\\\" + server + "\\\\root\\\\MSCluster");\nsvc.Get("MSCluster_Cluster").EvictNode("n2");\n';
      assert.deepEqual(await found(text, 'jscript'), ['HOP002 3:30']);
    });

    it('try/catch, switch and if/else arms, and functions declared inside blocks are read', async () => {
      const text = [
        'WScript.Echo("start");',
        'try {',
        '  var svc = GetObject("winmgmts:\\\\\\\\node1\\\\root\\\\MSCluster");',
        '} catch (e) { WScript.Quit(1); }',
        'switch (WScript.Arguments(0)) {',
        '  case "evict": svc.Get("MSCluster_Cluster").EvictNode("n2"); break;',
        '  default: if (x) { go(); } else { svc.Get("MSCluster_Cluster").DestroyCluster(true); }',
        '}',
        'if (true) { function go() { svc.Get("MSCluster_Cluster").AddNode("n3"); } }',
      ].join('\n');
      assert.deepEqual(await found(text, 'jscript'), ['HOP001 6:46', 'HOP001 7:65', 'HOP001 9:58']);
    });
    it('a local connection or another namespace gives nothing', async () => {
      assert.deepEqual(await found('var s = GetObject("winmgmts:\\\\\\\\localhost\\\\root\\\\MSCluster");\ns.Get("MSCluster_Cluster").EvictNode("n2");\n', 'jscript'), []);
      assert.deepEqual(await found('var s = GetObject("winmgmts:\\\\\\\\node1\\\\root\\\\cimv2");\ns.Get("MSCluster_Cluster").EvictNode("n2");\n', 'jscript'), []);
    });
  });

  describe('fixes', () => {
    const fixOf = (text: string, title: RegExp, kind: 'jscript' | 'wsf' = 'jscript') => {
      const a = analyzeText(text, kind);
      assert.equal(a.findings.length, 1, JSON.stringify(a.findings.map((f) => f.code)));
      const f = a.findings[0];
      const fix = fixesFor(f, text, kind).find((x) => title.test(x.title));
      assert.ok(fix, fixesFor(f, text, kind).map((x) => x.title).join('; '));
      return { fix, fixed: applyEdits(text, fix.edits) };
    };
    const MONIKER = 'var svc = GetObject("winmgmts:\\\\\\\\node1\\\\root\\\\MSCluster");\nsvc.Get("MSCluster_Cluster").EvictNode("node2");\n';
    const LOCATOR = 'var loc = new ActiveXObject("WbemScripting.SWbemLocator");\nvar svc = loc.ConnectServer("node1", "root\\\\MSCluster");\nsvc.Get("MSCluster_Cluster").AddNode("n3");\n';

    it('delegation in the moniker is offered, never preferred', () => {
      const { fix, fixed } = fixOf(MONIKER, /delegation in the moniker/);
      assert.notEqual(fix.isPreferred, true);
      assert.equal(fixed.split('\n')[0], 'var svc = GetObject("winmgmts:{impersonationLevel=delegate}!\\\\\\\\node1\\\\root\\\\MSCluster");');
      assert.deepEqual(analyzeText(fixed, 'jscript').findings.map((f) => f.code), ['HOP004']);
    });
    it('delegation after ConnectServer adds a JScript statement (with its semicolon), not preferred', () => {
      const { fix, fixed } = fixOf(LOCATOR, /after ConnectServer/);
      assert.notEqual(fix.isPreferred, true);
      assert.equal(fixed.split('\n')[2], 'svc.Security_.ImpersonationLevel = 4;');
      assert.deepEqual(analyzeText(fixed, 'jscript').findings.map((f) => f.code), ['HOP004']);
      assert.equal(analyzeText(fixed, 'jscript').facts[0].syntaxErrors.length, 0);
    });
    it('disable comments start with // in .js files and JScript blocks', () => {
      const line = fixOf(MONIKER, /for this line/);
      assert.equal(line.fixed.split('\n')[1], '// hopcheck-disable-next-line HOP001');
      assert.deepEqual(analyzeText(line.fixed, 'jscript').findings, []);
      const file = fixOf(MONIKER, /for this file/);
      assert.ok(file.fixed.startsWith('// hopcheck-disable-file HOP001\n'));
      const wsf = '<job><script language="JScript">\n' + MONIKER + '</script></job>\n';
      const w = fixOf(wsf, /for this line/, 'wsf');
      assert.equal(w.fixed.split('\n')[2], '// hopcheck-disable-next-line HOP001');
      assert.deepEqual(analyzeText(w.fixed, 'wsf').findings, []);
    });
  });
});
