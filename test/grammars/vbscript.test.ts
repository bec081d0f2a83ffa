import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatSummary, measureParseQuality } from '../../scripts/parse-quality';
import { vbscriptSources } from '../../server/src/parse/embedded';
import { analyzeText } from '../../server/src/core/analyze';
import type { SyntaxNode, Tree } from '@lezer/common';
import {
  applyChanges, comments, errorRanges, identifierName, nodeText, parseVbscript, printTree, reparseVbscript, stringValue,
} from '../../server/src/parse/vbscript';

interface Parsed { tree: Tree; text: string }

function parse(text: string): Parsed {
  return { tree: parseVbscript(text), text };
}

function clean(text: string): Parsed {
  const p = parse(text);
  const errors = errorRanges(p.tree);
  assert.deepEqual(errors, [], `unexpected error nodes in:\n${text}\n${printTree(p.tree, text)}`);
  return p;
}

function all(p: Parsed, name: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  p.tree.iterate({ enter(n) { if (n.name === name) out.push(n.node); } });
  return out;
}

function one(p: Parsed, name: string): SyntaxNode {
  const nodes = all(p, name);
  assert.ok(nodes.length > 0, `no ${name} in ${printTree(p.tree, p.text)}`);
  return nodes[0];
}

const text = (p: Parsed, n: SyntaxNode | null): string => (n ? nodeText(p.text, n) : '<null>');
const names = (n: SyntaxNode): string[] => {
  const out: string[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) if (/^[A-Za-z]/.test(c.name)) out.push(c.name);
  return out;
};
const argTexts = (p: Parsed, call: SyntaxNode): string[] => {
  const args = call.getChild('ArgList');
  assert.ok(args, 'call without ArgList');
  const out: string[] = [];
  for (let c = args.firstChild; c; c = c.nextSibling) if (/^[A-Z]/.test(c.name)) out.push(c.name === 'EmptyArgument' ? '<empty>' : text(p, c));
  return out;
};
const tree = (src: string): string => printTree(parseVbscript(src), src);

describe('VBScript grammar', () => {
  describe('calls', () => {
    it('call statement without parentheses: obj.EvictNode "n2"', () => {
      const p = clean('obj.EvictNode "n2"\n');
      const stmt = one(p, 'CallStatement');
      const call = stmt.getChild('CallExpression')!;
      assert.equal(call.firstChild!.name, 'MemberExpression');
      assert.equal(text(p, call.firstChild), 'obj.EvictNode');
      assert.equal(call.firstChild!.getChild('MemberName') && text(p, call.firstChild!.getChild('MemberName')), 'EvictNode');
      assert.deepEqual(argTexts(p, call), ['"n2"']);
      assert.equal(stringValue(p.text, call.getChild('ArgList')!.firstChild!), 'n2');
    });

    it('several bare arguments: WScript.Echo "a", b', () => {
      const p = clean('WScript.Echo "a", b');
      assert.deepEqual(argTexts(p, one(p, 'CallExpression')), ['"a"', 'b']);
    });

    it('Call keyword with parentheses', () => {
      const p = clean('Call obj.EvictNode("n2")');
      const stmt = one(p, 'CallStatement');
      assert.deepEqual(names(stmt), ['Call', 'CallExpression']);
      const call = stmt.getChild('CallExpression')!;
      assert.equal(text(p, call.firstChild), 'obj.EvictNode');
      assert.deepEqual(argTexts(p, call), ['"n2"']);
    });

    it('Call without arguments and spaced parentheses', () => {
      clean('Call DoIt\nCall DoIt ()\nCall obj.Run (1, 2)');
    });

    it('call statement with parentheses attached: f(x)', () => {
      const p = clean('MsgBox("hi")');
      assert.equal(tree(p.text), 'Program(CallStatement(CallExpression(Identifier,ArgList(String))))');
    });

    it('spaced first parenthesized argument: Echo (a), b', () => {
      const p = clean('WScript.Echo ("a" & x), b');
      const call = one(p, 'CallExpression');
      assert.deepEqual(argTexts(p, call), ['("a" & x)', 'b']);
      assert.equal(call.getChild('ArgList')!.firstChild!.name, 'ParenthesizedExpression');
    });

    it('call statement without arguments', () => {
      assert.equal(tree('objFile.Close\nDoIt'), 'Program(CallStatement(MemberExpression(Identifier,MemberName)),CallStatement(Identifier))');
    });

    it('function call in an expression: x = obj.AddNode("n3")', () => {
      const p = clean('x = obj.AddNode("n3")');
      const assign = one(p, 'AssignStatement');
      assert.deepEqual(names(assign), ['Identifier', 'CallExpression']);
      assert.deepEqual(argTexts(p, assign.getChild('CallExpression')!), ['"n3"']);
    });

    it('spaced call parentheses inside an expression', () => {
      const p = clean('n = UBound (arr) + 1');
      assert.equal(text(p, one(p, 'CallExpression')), 'UBound (arr)');
    });

    it('empty arguments', () => {
      const p = clean('f(a, , b)\nSet c = svc.ExecQuery(q,,48)\nx = g(, 1)\nShow , 2');
      const calls = all(p, 'CallExpression');
      assert.deepEqual(argTexts(p, calls[0]), ['a', '<empty>', 'b']);
      assert.deepEqual(argTexts(p, calls[1]), ['q', '<empty>', '48']);
      assert.deepEqual(argTexts(p, calls[2]), ['<empty>', '1']);
      assert.deepEqual(argTexts(p, calls[3]), ['<empty>', '2']);
      assert.equal(all(p, 'EmptyArgument').length, 4);
    });

    it('member chains: a.b.c(1).d and Methods_(...).InParameters.SpawnInstance_()', () => {
      const p = clean('x = a.b.c(1).d\nSet inp = obj.Methods_("EvictNode").InParameters.SpawnInstance_()\n');
      const set = one(p, 'SetStatement');
      const rhs = set.lastChild!;
      assert.equal(rhs.name, 'CallExpression');
      assert.equal(text(p, rhs.firstChild), 'obj.Methods_("EvictNode").InParameters.SpawnInstance_');
      const methods = all(p, 'CallExpression').find((c) => text(p, c.firstChild) === 'obj.Methods_')!;
      assert.deepEqual(argTexts(p, methods), ['"EvictNode"']);
      assert.equal(text(p, one(p, 'AssignStatement').lastChild), 'a.b.c(1).d');
    });

    it('ExecMethod_ and ExecMethod calls', () => {
      const p = clean('Set out = obj.ExecMethod_("EvictNode", inParams)\nsvc.ExecMethod "MSCluster_Cluster", "CreateCluster", inParams');
      const calls = all(p, 'CallExpression');
      assert.deepEqual(calls.map((c) => text(p, c.firstChild)), ['obj.ExecMethod_', 'svc.ExecMethod']);
      assert.deepEqual(argTexts(p, calls[1]), ['"MSCluster_Cluster"', '"CreateCluster"', 'inParams']);
    });

    it('keywords after a member dot are member names', () => {
      const p = clean('x = a.End + Me.Next + rs.Fields.Item("Set").Value\nobj.Class = 1\nobj.Property "If"');
      assert.ok(all(p, 'MemberName').map((n) => text(p, n)).includes('End'));
      assert.ok(all(p, 'MemberName').map((n) => text(p, n)).includes('Class'));
    });
  });

  describe('assignments and declarations', () => {
    it('Option Explicit', () => {
      assert.equal(tree('Option Explicit'), 'Program(OptionStatement(Option,Explicit))');
    });

    it('Dim with array bounds', () => {
      const p = clean('Dim a, b(3), c(), d(2, 3)');
      const decls = all(p, 'VariableDeclarator');
      assert.deepEqual(decls.map((d) => text(p, d.getChild('Identifier'))), ['a', 'b', 'c', 'd']);
      assert.equal(decls[1].getChild('ArrayBounds') !== null, true);
    });

    it('ReDim Preserve', () => {
      assert.equal(tree('ReDim Preserve arr(UBound(arr) + 1)'),
        'Program(ReDimStatement(ReDim,Preserve,ReDimTarget(Identifier,ArrayBounds(BinaryExpression(CallExpression(Identifier,ArgList(Identifier)),ArithOp,Number)))))');
      clean('ReDim a(5), b(2, 2)');
    });

    it('Const, Private, Public', () => {
      assert.equal(tree('Const A = 1, B = "x"'), 'Program(ConstStatement(Const,ConstDeclarator(Identifier,Number),ConstDeclarator(Identifier,String)))');
      assert.equal(tree('Private m_x, m_y'), 'Program(DimStatement(Private,VariableDeclarator(Identifier),VariableDeclarator(Identifier)))');
      assert.equal(tree('Public Const V = 2'), 'Program(ConstStatement(Public,Const,ConstDeclarator(Identifier,Number)))');
    });

    it('Set and plain assignment to variables, members and indexes', () => {
      const p = clean('Set o = GetObject("x")\nobj.Prop = 1\na(1) = 2\nsvc.Security_.ImpersonationLevel = 4\nSet d.Item("k") = Nothing\nx = y = z');
      const targets = [...all(p, 'AssignStatement'), ...all(p, 'SetStatement')].map((s) => s.firstChild!.name === 'Set' ? text(p, s.firstChild!.nextSibling) : text(p, s.firstChild));
      assert.deepEqual(targets.sort(), ['a(1)', 'd.Item("k")', 'o', 'obj.Prop', 'svc.Security_.ImpersonationLevel', 'x'].sort());
      const last = all(p, 'AssignStatement').at(-1)!;
      assert.equal(last.lastChild!.name, 'BinaryExpression'); // x = (y = z)
    });

    it('GetObject moniker with concatenation', () => {
      const p = clean('Set objWMI = GetObject("winmgmts:{impersonationLevel=impersonate}!\\\\" & strComputer & "\\root\\MSCluster")');
      const call = one(p, 'CallExpression');
      assert.equal(text(p, call.firstChild), 'GetObject');
      assert.equal(all(p, 'ConcatOp').length, 2);
    });

    it('New, Nothing, Empty, Null, True, False, Me', () => {
      assert.equal(tree('Set o = New Person'), 'Program(SetStatement(Set,Identifier,NewExpression(New,Identifier)))');
      assert.equal(tree('x = Array(Nothing, Empty, Null, True, False, Me)'),
        'Program(AssignStatement(Identifier,CallExpression(Identifier,ArgList(Nothing,Empty,Null,True,False,Me))))');
    });
  });

  describe('procedures and classes', () => {
    it('Sub with ByVal/ByRef params', () => {
      const p = clean('Sub Foo(ByVal a, ByRef b, c, d())\n  Exit Sub\nEnd Sub');
      const sub = one(p, 'SubDeclaration');
      assert.equal(text(p, sub.getChild('Identifier')), 'Foo');
      const params = sub.getChild('ParamList')!.getChildren('Param');
      assert.deepEqual(params.map((x) => text(p, x)), ['ByVal a', 'ByRef b', 'c', 'd()']);
      assert.deepEqual(names(params[0]), ['ByVal', 'Identifier']);
      assert.ok(all(p, 'ExitStatement').length === 1);
    });

    it('Function without parentheses, and on one line', () => {
      clean('Function F\n  F = 1\nEnd Function\nFunction G() : G = 2 : End Function');
    });

    it('Class with properties, Public Default and Class_Initialize', () => {
      const src = [
        'Class Person',
        '  Private m_name',
        '  Public Default Property Get Name()',
        '    Name = m_name',
        '  End Property',
        '  Public Property Let Name(ByVal v) : m_name = v : End Property',
        '  Property Set Parent(o)',
        '    Set m_parent = o',
        '  End Property',
        '  Private Sub Class_Initialize()',
        '    m_name = ""',
        '  End Sub',
        '  Public Function Greet(x)',
        '    Exit Function',
        '  End Function',
        'End Class',
      ].join('\n');
      const p = clean(src);
      assert.equal(text(p, one(p, 'ClassDeclaration').getChild('Identifier')), 'Person');
      const props = all(p, 'PropertyDeclaration');
      assert.equal(props.length, 3);
      assert.deepEqual(names(props[0]).slice(0, 5), ['Public', 'Default', 'Property', 'Get', 'Identifier']);
      assert.ok(names(props[1]).includes('Let'));
      assert.ok(names(props[2]).includes('Set'));
      assert.equal(all(p, 'SubDeclaration').length, 1);
      assert.equal(all(p, 'FunctionDeclaration').length, 1);
    });

    it('Property is an ordinary name outside classes', () => {
      clean('property = 1\nget = 2\nstep = 3\nDim error, default, explicit');
    });
  });

  describe('control flow', () => {
    it('block If / ElseIf / Else', () => {
      const p = clean('If x > 1 Then\n  y = 2\nElseIf x < 0 Then\n  y = 3\nElse\n  y = 4\nEnd If');
      const ifs = one(p, 'IfStatement');
      assert.deepEqual(names(ifs), ['If', 'BinaryExpression', 'Then', 'Block', 'ElseIfClause', 'ElseClause', 'End', 'If']);
    });

    it('single-line If with : separated statements and Else', () => {
      const p = clean('If x Then y = 1 : obj.EvictNode "n2" Else z = 3 : Exit Sub\nw = 1');
      const ifs = one(p, 'IfStatement');
      assert.deepEqual(names(ifs), ['If', 'Identifier', 'Then', 'AssignStatement', 'CallStatement', 'ElseClause']);
      assert.deepEqual(names(ifs.getChild('ElseClause')!), ['Else', 'AssignStatement', 'ExitStatement']);
      assert.equal(p.tree.topNode.getChildren('AssignStatement').length, 1); // w = 1 is outside
    });

    it('nested single-line and Else If', () => {
      clean('If a Then If b Then c Else d\nIf a Then\n  x\nElse If b Then\n  y\nEnd If\nEnd If\nIf (x = 1) Then : y : End If');
    });

    it('Select Case', () => {
      const p = clean('Select Case x\n  Case 1, 2\n    y = 1\n  Case Is > 3\n  Case "a": y = 3\n  Case Else\n    y = 4\nEnd Select');
      const clauses = all(p, 'CaseClause');
      assert.equal(clauses.length, 4);
      assert.deepEqual(names(clauses[0]).slice(0, 3), ['Case', 'Number', 'Number']);
      assert.deepEqual(names(clauses[3]).slice(0, 2), ['Case', 'Else']);
    });

    it('For ... To ... Step and Next', () => {
      const p = clean('For i = 1 To n Step -2\n  x = x + i\nNext\nFor j = 0 To 3 : WScript.Echo j : Next j');
      const f = one(p, 'ForStatement');
      assert.deepEqual(names(f), ['For', 'Identifier', 'Number', 'To', 'Identifier', 'Step', 'UnaryExpression', 'Block', 'Next']);
    });

    it('For Each ... In', () => {
      const p = clean('For Each objNode In colNodes\n  objNode.EvictNode "n2"\nNext');
      const f = one(p, 'ForEachStatement');
      assert.equal(text(p, f.getChild('Identifier')), 'objNode');
      assert.deepEqual(names(f).slice(0, 5), ['For', 'Each', 'Identifier', 'In', 'Identifier']);
    });

    it('Do loops with While/Until at either end, While ... Wend', () => {
      const p = clean('Do While i < 3\n i = i + 1\nLoop\nDo\n i = i - 1\nLoop Until i <= 0\nDo Until rs.EOF : rs.MoveNext : Loop\nDo\nLoop While False\nWhile x\n x = False\nWend');
      assert.equal(all(p, 'DoStatement').length, 4);
      assert.equal(all(p, 'WhileStatement').length, 1);
    });

    it('With block with leading-dot members', () => {
      const p = clean('With objCluster\n  .EvictNode "n2"\n  x = .Name\n  WScript.Echo .Name, .State\n  .Owner.Name = "a"\nEnd With');
      const w = one(p, 'WithStatement');
      assert.equal(text(p, w.getChild('Identifier')), 'objCluster');
      const call = all(p, 'CallExpression')[0];
      assert.equal(call.firstChild!.name, 'WithMember');
      assert.equal(text(p, call.firstChild!.getChild('MemberName')), 'EvictNode');
      assert.deepEqual(argTexts(p, call), ['"n2"']);
      assert.equal(all(p, 'WithMember').length, 5);
      assert.deepEqual(argTexts(p, all(p, 'CallExpression')[1]), ['.Name', '.State']);
    });

    it('Exit Do/For/Sub/Function/Property', () => {
      const p = clean('Exit Do\nExit For\nExit Sub\nExit Function\nExit Property');
      assert.equal(all(p, 'ExitStatement').length, 5);
    });

    it('On Error Resume Next / GoTo 0', () => {
      assert.equal(tree('On Error Resume Next\non error goto 0'), 'Program(OnErrorStatement(On,Error,Resume,Next),OnErrorStatement(On,Error,GoTo,Number))');
    });

    it('Execute, ExecuteGlobal, Randomize, Erase, Stop', () => {
      assert.equal(tree('Execute "x = 1"\nExecuteGlobal code\nRandomize\nRandomize 42\nErase a, b\nStop'),
        'Program(ExecuteStatement(Execute,String),ExecuteStatement(ExecuteGlobal,Identifier),RandomizeStatement(Randomize),RandomizeStatement(Randomize,Number),EraseStatement(Erase,Identifier,Identifier),StopStatement(Stop))');
    });
  });

  describe('expressions and tokens', () => {
    it('every operator, with VBScript precedence', () => {
      const p = clean('x = a ^ b * c / d \\ e Mod f + g - h & i = j <> k < l > m <= n >= o\ny = Not a And b Or c Xor d Eqv e Imp f\nz = o Is Nothing\nw = -2 ^ 2');
      const ops = new Set<string>();
      p.tree.iterate({ enter(n) { if (['ArithOp', 'CompareOp', 'ConcatOp', 'Mod', 'And', 'Or', 'Xor', 'Eqv', 'Imp', 'Is', 'Not'].includes(n.name)) ops.add(nodeText(p.text, n)); } });
      assert.deepEqual([...ops].sort(), ['-', '*', '/', '\\', '&', '+', '<', '<=', '<>', '=', '>', '>=', '^', 'And', 'Eqv', 'Imp', 'Is', 'Mod', 'Not', 'Or', 'Xor'].sort());
      // -2 ^ 2 is -(2 ^ 2)
      assert.equal(tree('w = -2 ^ 2'), 'Program(AssignStatement(Identifier,UnaryExpression(ArithOp,BinaryExpression(Number,ArithOp,Number))))');
      // a & b = c compares the concatenation; Not binds looser than =
      assert.equal(tree('x = Not a = b'), 'Program(AssignStatement(Identifier,UnaryExpression(Not,BinaryExpression(Identifier,CompareOp,Identifier))))');
      assert.equal(tree('x = a + b & c'), 'Program(AssignStatement(Identifier,BinaryExpression(BinaryExpression(Identifier,ArithOp,Identifier),ConcatOp,Identifier)))');
      assert.equal(tree('x = a Or b And c'), 'Program(AssignStatement(Identifier,BinaryExpression(Identifier,Or,BinaryExpression(Identifier,And,Identifier))))');
    });

    it('strings with doubled quotes', () => {
      const p = clean('s = "He said ""hi"" it\'s"');
      assert.equal(stringValue(p.text, one(p, 'String')), 'He said "hi" it\'s');
    });

    it('numbers: decimal, float, exponent, &H, &O', () => {
      const p = clean('x = Array(1, 3.14, .5, 1E10, 2.5e-3, &H1F, &hFF, &H80000002&, &O17)');
      assert.deepEqual(all(p, 'Number').map((n) => text(p, n)), ['1', '3.14', '.5', '1E10', '2.5e-3', '&H1F', '&hFF', '&H80000002&', '&O17']);
    });

    it('date literals', () => {
      const p = clean('d = #1/1/2020#\nIf d > #2020-01-01 10:00:00# Then x = 1');
      assert.deepEqual(all(p, 'DateLiteral').map((n) => text(p, n)), ['#1/1/2020#', '#2020-01-01 10:00:00#']);
    });

    it('bracketed identifiers', () => {
      const p = clean('[my var] = 5\nx = [Dim] + obj.[Some Prop]\nDim [end]');
      const ids = all(p, 'Identifier').map((n) => identifierName(p.text, n));
      assert.deepEqual(ids, ['my var', 'x', 'Dim', 'obj', 'end']);
      assert.equal(identifierName(p.text, one(p, 'MemberName')), 'Some Prop');
    });

    it('case-insensitive keywords', () => {
      const variants = ['dim x\nif x then\nx = 1\nelseif x then\nend if', 'DIM x\nIF x THEN\nx = 1\nELSEIF x THEN\nEND IF', 'Dim x\nIf x Then\nx = 1\nElseIf x Then\nEnd If', 'dIm x\niF x tHeN\nx = 1\neLsEiF x ThEn\nEnD iF'];
      for (const v of variants) {
        assert.equal(tree(v), 'Program(DimStatement(Dim,VariableDeclarator(Identifier)),IfStatement(If,Identifier,Then,Block(AssignStatement(Identifier,Number)),ElseIfClause(ElseIf,Identifier,Then,Block),End,If))', v);
      }
      clean('SET o = NOTHING\nfor each x in y : next\nselect case x\ncase else\nend select\nON ERROR RESUME NEXT');
    });

    it('line continuation', () => {
      const p = clean('s = "a" & _\n    "b" & _\r\n\t"c"\nobj.EvictNode _\n   "n2"\nSet o = GetObject("winmgmts:" _\n  & "\\\\srv\\root\\MSCluster")');
      assert.equal(all(p, 'AssignStatement').length, 1);
      assert.deepEqual(argTexts(p, all(p, 'CallExpression')[0]), ['"n2"']);
      assert.equal(p.tree.topNode.getChildren('Statement').length, 3);
    });

    it(': statement separators', () => {
      const p = clean('Dim a : a = 1 : WScript.Echo a::b = 2');
      assert.deepEqual(names(p.tree.topNode), ['DimStatement', 'AssignStatement', 'CallStatement', 'AssignStatement']);
    });

    it('comments: apostrophe and Rem, kept as nodes', () => {
      const src = "' header\nx = 1 ' trailing\nRem rem comment\n  rem: indented\ny = 2 : Rem after colon\n' hopcheck-disable-next-line HOP001\nobj.EvictNode \"n2\"";
      const p = clean(src);
      const cs = comments(p.tree, src).map((c) => c.text);
      assert.deepEqual(cs, ["' header", "' trailing", 'Rem rem comment', 'rem: indented', 'Rem after colon', "' hopcheck-disable-next-line HOP001"]);
      assert.equal(all(p, 'CallStatement').length, 1);
    });

    it('names that are keywords in other languages', () => {
      clean('Dim string, int, var, this, self, let, return, function1, type, error, step\nstring = int & var\nreturn = this.self');
    });
  });

  describe('forms Windows runs that the grammar once rejected (issue 16)', () => {
    it('Case with a statement on the same line: the statement is the first of its Block', () => {
      assert.equal(tree('Select Case x\nCase 1 y = 2\nCase "a", "b" WScript.Echo "a"\nCase Else y = 4\nEnd Select\n'),
        'Program(SelectStatement(Select,Case,Identifier,CaseClause(Case,Number,Block(AssignStatement(Identifier,Number))),'
        + 'CaseClause(Case,String,String,Block(CallStatement(CallExpression(MemberExpression(Identifier,MemberName),ArgList(String))))),'
        + 'CaseClause(Case,Else,Block(AssignStatement(Identifier,Number))),End,Select))');
      clean('Select Case n\n  Case 1 : a = 1\n  Case 2\n    a = 2\nEnd Select\n');
    });

    it('one-line If … Then … End If, with Else and with a nested one-line If', () => {
      assert.equal(tree('If x Then y = 1 End If\n'), 'Program(IfStatement(If,Identifier,Then,AssignStatement(Identifier,Number),End,If))');
      clean('If x Then y = 1 : z = 2 End If\nIf a Then b Else c End If\nIf a Then If b Then c End If\n');
    });

    it('obj.M(x) & y as a statement: the parentheses begin the first argument', () => {
      assert.equal(tree('obj.M(x) & y\n'),
        'Program(CallStatement(CallExpression(MemberExpression(Identifier,MemberName),ArgList(BinaryExpression(ParenthesizedExpression(Identifier),ConcatOp,Identifier)))))');
      clean('WScript.Echo("a") & b, c\nWScript.Echo ("Total: ") + CStr(n)\n');
      // The call's own parentheses still are its own: unchanged forms.
      assert.equal(tree('obj.M(x)\n'), 'Program(CallStatement(CallExpression(MemberExpression(Identifier,MemberName),ArgList(Identifier))))');
      assert.equal(tree('a(1) = 2\n'), 'Program(AssignStatement(CallExpression(Identifier,ArgList(Number)),Number))');
    });

    it('Foo () and obj.Bar (): a call with empty parentheses after a space', () => {
      assert.equal(tree('Foo ()\n'), 'Program(CallStatement(CallExpression(Identifier,ArgList)))');
      assert.equal(tree('obj.Bar ()\n'), 'Program(CallStatement(CallExpression(MemberExpression(Identifier,MemberName),ArgList)))');
    });

    it('a `& _` chain of thousands of continued lines is one flat BinaryExpression without error nodes', () => {
      const chain = (n: number) => 's = "a" & _\n' + Array.from({ length: n }, (_, i) => `  "<tr><td>${i}</td><td>" & x & "</td></tr>" & _\n`).join('') + '  "end"\n';
      for (const n of [400, 3000]) {
        const p = clean(chain(n));
        const top = one(p, 'BinaryExpression');
        assert.equal(top.getChildren('ConcatOp').length, 3 * n + 1);
        assert.equal(all(p, 'BinaryExpression').length, 1);
      }
      // Precedence is unchanged: + and * bind tighter, comparison and Or looser.
      assert.equal(tree('x = a & b + c & d = e'),
        'Program(AssignStatement(Identifier,BinaryExpression(BinaryExpression(Identifier,ConcatOp,BinaryExpression(Identifier,ArithOp,Identifier),ConcatOp,Identifier),CompareOp,Identifier)))');
      assert.equal(tree('x = a & b & c = d & e Or f'),
        'Program(AssignStatement(Identifier,BinaryExpression(BinaryExpression(BinaryExpression(Identifier,ConcatOp,Identifier,ConcatOp,Identifier),CompareOp,BinaryExpression(Identifier,ConcatOp,Identifier)),Or,Identifier)))');
    });

    it('a moniker built by a long chain is still read (the chain folded for the extractor)', () => {
      const parts = Array.from({ length: 2000 }, () => '"" & _\n').join('');
      const text = 'Set svc = GetObject("winmgmts:\\\\" & _\n' + parts + '"node1" & "\\root\\MSCluster")\nsvc.Get("MSCluster_Cluster").EvictNode "n2"\n';
      const a = analyzeText(text, 'vbscript');
      assert.deepEqual(a.findings.map((f) => `${f.code} ${f.target}`), ['HOP001 node1']);
    });

    it('the extractor reads each of them (a remote EvictNode in every form)', async () => {
      const head = 'Set svc = GetObject("winmgmts:\\\\node1\\root\\MSCluster")\nSet c = svc.Get("MSCluster_Cluster")\n';
      const forms = [
        'Select Case 1\nCase 1 c.EvictNode "n2"\nEnd Select\n',
        'If True Then c.EvictNode "n2" End If\n',
        'c.EvictNode("n2") & ""\n',
      ];
      for (const f of forms) {
        const a = analyzeText(head + f, 'vbscript');
        assert.deepEqual(a.findings.map((x) => x.code), ['HOP001'], f);
        assert.equal(a.facts[0].syntaxErrors.length, 0, f);
      }
    });
  });

  describe('error recovery and incremental parsing', () => {
    const bottom = 'obj.EvictNode "n2"';
    const body = Array.from({ length: 50 }, (_, i) => `  WScript.Echo "line ${i}", x & ${i}`).join('\n');

    for (const garbage of ['x = = 3 ))( "unterminated', '}}}{{{', 'End If', 'Next', 'Sub Foo(', 'For i = 1 To', 'Dim 3x', 'x = foo(1, 2']) {
      it(`a broken line (${garbage}) does not hide a call 50 lines later`, () => {
        const src = `Option Explicit\nDim x, obj\n${garbage}\nSub Main\n${body}\nEnd Sub\n${bottom}\n`;
        const p = parse(src);
        assert.ok(errorRanges(p.tree).length > 0, 'expected an error node');
        const at = src.lastIndexOf(bottom);
        const call = all(p, 'CallExpression').find((c) => c.from === at);
        assert.ok(call, `no call at the bottom: ${printTree(p.tree, src)}`);
        assert.equal(text(p, call.firstChild), 'obj.EvictNode');
        assert.deepEqual(argTexts(p, call), ['"n2"']);
        assert.equal(call.parent!.name, 'CallStatement');
      });
    }

    it('errorRanges lists the broken spots', () => {
      const p = parse('x = 1\ny = = 2\nz = 3');
      const errs = errorRanges(p.tree);
      assert.ok(errs.length >= 1);
      assert.ok(errs.every((e) => e.start >= 6 && e.end <= 14), JSON.stringify(errs));
    });

    it('incremental re-parse gives the same tree as a fresh parse', () => {
      const lines = Array.from({ length: 300 }, (_, i) => (i % 7 === 0 ? `If x${i} Then\n  obj.EvictNode "n${i}"\nEnd If` : `WScript.Echo "l${i}" & v${i}`));
      const oldText = lines.join('\n');
      const oldTree = parseVbscript(oldText);
      const edits = [
        [{ from: oldText.indexOf('"l50"'), to: oldText.indexOf('"l50"') + 5, insert: '"changed" & z' }],
        [{ from: 0, to: 0, insert: "' new first line\n" }],
        [{ from: oldText.indexOf('If x140'), to: oldText.indexOf('If x140') + 2, insert: 'iF' }],
        [{ from: oldText.indexOf('l200'), to: oldText.indexOf('l200') + 20, insert: '' }],
        [{ from: 10, to: 10, insert: 'x = = (' }, { from: oldText.length, to: oldText.length, insert: '\nCall obj.AddNode("n9")' }],
      ];
      for (const changes of edits) {
        const { tree: incremental, text: newText } = reparseVbscript(oldTree, oldText, changes);
        assert.equal(newText, applyChanges(oldText, changes));
        const fresh = parseVbscript(newText);
        assert.equal(printTree(incremental, newText, { tokens: true }), printTree(fresh, newText, { tokens: true }));
        assert.equal(incremental.length, newText.length);
      }
    });
  });
});

describe('VBScript corpus', () => {
  const dir = join(__dirname, '..', 'fixtures', 'vbscript-corpus');

  it('every corpus file (and .wsf/.hta VBScript block) parses without error nodes', () => {
    const q = measureParseQuality([dir]);
    assert.ok(q.files >= 60, `corpus has only ${q.files} files`);
    assert.deepEqual(q.perFile.filter((f) => f.errors > 0), [], formatSummary(q));
  });

  it('parse-quality reads every folder (hidden, node_modules) and decodes like the CLI (UTF-16 without BOM, Windows-1252)', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'hopcheck-pq-'));
    try {
      mkdirSync(join(tmp, '.hidden'));
      mkdirSync(join(tmp, 'node_modules'));
      writeFileSync(join(tmp, '.hidden', 'a.vbs'), 'WScript.Echo "a"\r\n');
      writeFileSync(join(tmp, 'node_modules', 'b.vbs'), Buffer.from('x = "\u00e9"\r\n', 'latin1'));
      writeFileSync(join(tmp, 'c.vbs'), Buffer.from('If a Then b\r\n', 'utf16le')); // no BOM
      writeFileSync(join(tmp, 'd.vbs'), Buffer.from([0x4d, 0x5a, 0x00, 0x01, 0x02]));
      const q = measureParseQuality([tmp]);
      assert.deepEqual(q.perFile.map((f) => `${f.file.slice(tmp.length + 1).replace(/\\/g, '/')} ${f.errors}`), ['.hidden/a.vbs 0', 'c.vbs 0', 'node_modules/b.vbs 0']);
      assert.equal(q.binary.length, 1);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('finds every cluster method call in the corpus as a CallExpression', () => {
    let calls = 0, mentions = 0;
    for (const name of readdirSync(dir)) {
      const file = readFileSync(join(dir, name), 'utf8');
      for (const block of vbscriptSources(name, file)) {
        const code = block.text.split(/\r?\n/).map((l) => l.replace(/'.*$/, '')).join('\n');
        mentions += (code.match(/\.(EvictNode|AddNode|DestroyCluster)\b/gi) ?? []).length;
        const p = { tree: parseVbscript(block.text), text: block.text };
        for (const c of all(p, 'CallExpression')) {
          const callee = c.firstChild!;
          const member = callee.getChild('MemberName');
          if (member && /^(EvictNode|AddNode|DestroyCluster)$/i.test(text(p, member))) calls++;
        }
      }
    }
    assert.ok(calls >= 8, `only ${calls} calls`);
    assert.equal(calls, mentions);
  });
});
