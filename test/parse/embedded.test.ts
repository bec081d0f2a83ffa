import { strict as assert } from 'node:assert';
import { classifyLanguage, extractScriptBlocks, vbscriptSources, type ScriptBlock } from '../../server/src/parse/embedded';
import { errorRanges, parseVbscript } from '../../server/src/parse/vbscript';

function checkOffsets(file: string, block: ScriptBlock): void {
  assert.equal(block.text.length, block.end - block.start);
  const original = file.slice(block.start, block.end);
  for (let i = 0; i < block.text.length; i++) {
    if (block.text[i] !== original[i]) assert.equal(block.text[i], ' ', `offset ${i} changed to something other than a space`);
  }
}

function tokenAt(file: string, block: ScriptBlock, token: string): void {
  const inBlock = block.text.indexOf(token);
  assert.ok(inBlock >= 0, `${token} not in block`);
  assert.equal(block.start + inBlock, file.indexOf(token), `${token}: block offset does not map to file offset`);
  assert.equal(file.slice(block.start + inBlock, block.start + inBlock + token.length), token);
}

const wsf = `<?xml version="1.0" ?>
<package>
<job id="Evict">
  <!-- <script language="VBScript">commented out</script> -->
  <script language="VBScript" src="lib\\common.vbs"/>
  <script language="VBScript">
  <![CDATA[
    Set objCluster = GetObject("winmgmts:\\\\" & strNode & "\\root\\MSCluster:MSCluster_Cluster.Name='c1'")
    objCluster.EvictNode "n2"
  ]]>
  </script>
</job>
<job id="Add">
  <SCRIPT LANGUAGE=vbs>
    Call objCluster.AddNode("n3")
  </SCRIPT>
  <script language='JScript'>
    var x = "<b>" + 1; // </scripty
  </script>
</job>
</package>
`;

describe('embedded scripts (.wsf/.hta)', () => {
  it('cuts two VBScript jobs, an external src and a JScript block out of a .wsf', () => {
    const blocks = extractScriptBlocks(wsf);
    assert.deepEqual(blocks.map((b) => b.language), ['vbscript', 'vbscript', 'vbscript', 'jscript']);
    assert.equal(blocks[0].src, 'lib\\common.vbs');
    assert.equal(blocks[0].text, '');
    assert.equal(blocks[3].languageAttribute, 'JScript');
    for (const b of blocks) checkOffsets(wsf, b);
    tokenAt(wsf, blocks[1], 'EvictNode');
    tokenAt(wsf, blocks[2], 'AddNode');
    assert.ok(blocks[3].text.includes('</scripty'));
  });

  it('blanks CDATA markers with spaces so the VBScript parses and offsets stay exact', () => {
    const b = extractScriptBlocks(wsf)[1];
    assert.ok(!b.text.includes('CDATA') && !b.text.includes(']]>'));
    assert.equal(wsf.slice(b.start, b.end).replace('<![CDATA[', ' '.repeat(9)).replace(']]>', '   '), b.text);
    const tree = parseVbscript(b.text);
    assert.deepEqual(errorRanges(tree), []);
    let found = -1;
    tree.iterate({ enter(n) { if (n.name === 'MemberName' && b.text.slice(n.from, n.to) === 'EvictNode') found = n.from; } });
    assert.equal(b.start + found, wsf.indexOf('EvictNode'));
  });

  it('vbscriptSources keeps only VBScript blocks and treats a .vbs as one block', () => {
    assert.equal(vbscriptSources('x.WSF', wsf).length, 3);
    const vbs = 'WScript.Echo 1';
    assert.deepEqual(vbscriptSources('a.vbs', vbs).map((b) => [b.start, b.end, b.text]), [[0, vbs.length, vbs]]);
  });

  it('reads .hta files with language= and type= blocks and HTML comment hiding', () => {
    const hta = `<html><head><title>Cluster tool</title>
<HTA:APPLICATION ID="tool" APPLICATIONNAME="Cluster tool"/>
<script type="text/vbscript">
<!--
Sub Window_OnLoad
  window.resizeTo 400, 300
End Sub
'-->
</script>
<script language="VBScript">
Sub RunButton_OnClick
  Set svc = GetObject("winmgmts:\\\\" & txtNode.Value & "\\root\\MSCluster")
  For Each c In svc.InstancesOf("MSCluster_Cluster") : c.EvictNode txtEvict.Value : Next
End Sub
</script>
<script>alert(1)</script>
<script language="VBScript.Encode">#@~^XXXX</script>
</head><body><input type="button" name="RunButton" value="Run"></body></html>`;
    const blocks = extractScriptBlocks(hta);
    assert.deepEqual(blocks.map((b) => b.language), ['vbscript', 'vbscript', 'jscript', 'other']);
    for (const b of blocks) checkOffsets(hta, b);
    assert.ok(!blocks[0].text.includes('<!--') && !blocks[0].text.includes('-->'));
    for (const b of blocks.slice(0, 2)) assert.deepEqual(errorRanges(parseVbscript(b.text)), [], b.text);
    tokenAt(hta, blocks[1], 'EvictNode');
    tokenAt(hta, blocks[0], 'resizeTo');
  });

  it('handles quoting variants and case-insensitive attributes', () => {
    const f = `<script LANGUAGE="vbscript">a=1</script><script language='VBS'>b=2</script><script Language=VBScript>c=3</script><script type=text/vbscript >d=4</script>`;
    const blocks = extractScriptBlocks(f);
    assert.deepEqual(blocks.map((b) => [b.language, b.text]), [['vbscript', 'a=1'], ['vbscript', 'b=2'], ['vbscript', 'c=3'], ['vbscript', 'd=4']]);
    assert.equal(f.slice(blocks[2].start, blocks[2].end), 'c=3');
  });

  it('maps language attributes', () => {
    assert.equal(classifyLanguage('VBScript'), 'vbscript');
    assert.equal(classifyLanguage('javascript1.2'), 'jscript');
    assert.equal(classifyLanguage(undefined), 'jscript');
    assert.equal(classifyLanguage('PerlScript'), 'other');
  });

  it('never throws on malformed markup', () => {
    const inputs = ['<script language="VBScript">x = 1', '<script language="VBScript', '<script', '<!-- <script>', '<script language="vbscript"/', '</script><script>', '', '<scriptlet><script language=vbs>y</script>', '<script language="VBScript"><![CDATA[ x = 1'];
    for (const input of inputs) {
      const blocks = extractScriptBlocks(input);
      for (const b of blocks) {
        assert.ok(b.start <= b.end && b.end <= input.length, input);
        checkOffsets(input, b);
      }
    }
    const unclosed = extractScriptBlocks('<job><script language="VBScript">\nobj.EvictNode "n2"\n');
    assert.equal(unclosed.length, 1);
    assert.ok(unclosed[0].text.includes('EvictNode'));
    assert.equal(extractScriptBlocks('<scriptlet><script language=vbs>y</script>')[0].text, 'y');
  });
});
