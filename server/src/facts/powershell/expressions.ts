// Expressions, for the interpreter: literals, variables, strings with expansion, hashtables, arrays,
// casts, member access and method calls, `+` and `-f`. What they mean for WMI is the handlers': casts
// to [wmiclass] and friends, calls on WMI objects and searchers, `[type]::new(…)` of System.Management.
import type { Node } from '../../parse/powershell';
import type { Expr, TraceStep } from '../model';
import type { Ctx, PsInterpreter } from './interpreter';
import { CONSTANT_VARIABLES, childOfType, namedChildren, spanOf, unescapeExpandable, unwrap, variableName, verbatimText } from './syntax';
import { ctorArgs } from './tree';
import { NONE, asExpr, setHashEntry, staticText, type HashEntry, type Value } from './values';
import { construct, memberOfObject } from './handlers/objects';
import { castToWmi, wmiMemberCall } from './handlers/wmi';

/** The value of an expression node (the interpreter's `evalExpr` guards depth and the deadline around this). */
export function evalExpression(it: PsInterpreter, n: Node, ctx: Ctx): Value {
  const span = spanOf(n);
  switch (n.type) {
    case 'verbatim_string_characters':
    case 'verbatim_here_string_characters':
      return { k: 'expr', e: { kind: 'text', value: verbatimText(n) ?? n.text, span } };
    case 'expandable_string_literal':
    case 'expandable_here_string_literal':
      return { k: 'expr', e: expandable(it, n, ctx) };
    case 'generic_token': {
      // A bare `$var\path` word, masked to `_var\path` for the grammar (mask.ts): PowerShell expands it.
      const written = it.text.slice(n.startIndex, n.endIndex);
      if (written[0] === '$' && n.text[0] === '_') return bareExpandable(it, written, span, ctx);
      return { k: 'expr', e: { kind: 'text', value: n.text, span } };
    }
    case 'decimal_integer_literal':
    case 'hexadecimal_integer_literal':
    case 'real_literal':
    case 'simple_name':
    case 'command_name':
      return { k: 'expr', e: { kind: 'text', value: n.text, span } };
    case 'variable':
    case 'braced_variable':
      return lookup(it, n, ctx);
    case 'array_literal_expression': {
      const items = namedChildren(n).map((c) => it.evalExpr(unwrap(c), ctx));
      const wmi = items.find((v) => v.k === 'wmi');
      if (wmi) return wmi;
      return { k: 'expr', e: { kind: 'list', items: items.map((v, i) => asExpr(v, spanOf(namedChildren(n)[i]))), span } };
    }
    case 'array_expression':
    case 'sub_expression':
    case 'parenthesized_expression': {
      let last: Value = NONE;
      for (const c of namedChildren(n)) {
        if (c.type === 'statement_list') for (const s of namedChildren(c)) last = s.type === 'pipeline' ? it.evalPipeline(s, ctx) : (it.walkStatement(s, ctx), NONE);
        else last = it.evalPipeline(c, ctx);
      }
      return last;
    }
    case 'hash_literal_expression': return hash(it, n, ctx);
    case 'script_block_expression': return { k: 'block', node: n, env: ctx.env };
    case 'cast_expression': return cast(it, n, ctx);
    case 'expression_with_unary_operator': {
      const kids = namedChildren(n);
      if (n.text.startsWith(',') && kids.length === 1) {
        const v = it.evalExpr(unwrap(kids[0]), ctx);
        return v.k === 'expr' ? { k: 'expr', e: { kind: 'list', items: [v.e], span } } : v;
      }
      return kids.length ? it.evalExpr(unwrap(kids[kids.length - 1]), ctx) : NONE;
    }
    case 'member_access': return memberAccess(it, n, ctx);
    case 'element_access': {
      const kids = namedChildren(n);
      const base = kids[0] ? it.evalExpr(unwrap(kids[0]), ctx) : NONE;
      for (const k of kids.slice(1)) it.evalExpr(unwrap(k), ctx);
      if (base.k === 'hash' && kids[1]) {
        const key = it.evalExpr(unwrap(kids[1]), ctx);
        const t = key.k === 'expr' ? staticText(key.e) : undefined;
        return (t !== undefined ? base.entries.get(t.toLowerCase())?.value : undefined) ?? NONE;
      }
      return base;
    }
    case 'invokation_expression': return invocation(it, n, ctx);
    case 'additive_expression': return additive(it, n, ctx);
    case 'format_expression': return format(it, n, ctx);
    case 'pipeline':
    case 'pipeline_chain':
    case 'assignment_expression':
      return it.evalPipeline(n, ctx);
    case 'command': return it.evalCommand(n, ctx, undefined);
    default: {
      // Not a value we model; still look inside for calls (conditions, arguments, operators).
      for (const c of namedChildren(n)) {
        if (c.type === 'statement_block' || c.type === 'script_block') it.walkChildren(c, ctx);
        else it.evalExpr(unwrap(c), ctx);
      }
      return it.unknown('an expression hopcheck does not evaluate', span);
    }
  }
}

/** `$var\rest` as PowerShell expands a command argument: the variable's value, then the text. */
function bareExpandable(it: PsInterpreter, written: string, span: { start: number; end: number }, ctx: Ctx): Value {
  const m = /^(\$[\w:]+)([\s\S]*)$/.exec(written);
  if (!m) return { k: 'expr', e: { kind: 'text', value: written, span } };
  const varSpan = { start: span.start, end: span.start + m[1].length };
  const v = lookupName(it, m[1], varSpan, ctx);
  const rest: Expr = { kind: 'text', value: m[2], span: { start: varSpan.end, end: span.end } };
  return { k: 'expr', e: { kind: 'concat', parts: [asExpr(v, varSpan), rest], span } };
}

function lookup(it: PsInterpreter, n: Node, ctx: Ctx): Value {
  return lookupName(it, n.text, spanOf(n), ctx);
}

function lookupName(it: PsInterpreter, raw: string, span: { start: number; end: number }, ctx: Ctx): Value {
  if (/^\$env:computername$/i.test(raw) || /^\$\{env:computername\}$/i.test(raw)) {
    return { k: 'expr', e: { kind: 'local', why: '$env:COMPUTERNAME', span } };
  }
  if (/^\$env:/i.test(raw)) return it.unknown(`the environment variable ${raw}`, span);
  const name = variableName(raw);
  if (name.startsWith('function:')) {
    const body = it.fns.block(name.slice('function:'.length));
    if (body) return body;
  }
  if (CONSTANT_VARIABLES.has(name)) return { k: 'expr', e: { kind: 'text', value: name === 'null' ? '' : name, span } };
  const b = ctx.env.get(name);
  if (!b) {
    const why = `${raw} is not assigned in this file`;
    return { k: 'expr', e: { kind: 'var', name: raw, span, value: { kind: 'unknown', why, span }, via: { span, message: why } } };
  }
  const via: TraceStep = { span: b.span, message: b.value.k === 'expr' && b.value.e.kind === 'param' ? `${b.written} is a parameter` : `${b.written} is assigned here` };
  switch (b.value.k) {
    case 'expr': return { k: 'expr', e: { kind: 'var', name: raw, span, value: b.value.e, via } };
    case 'wmi': return { ...b.value, trace: [{ span: b.span, message: `${b.written} holds the MSCluster_Cluster object from here` }, ...b.value.trace] };
    default: return b.value;
  }
}

/** "…$x…$(…)…": the literal pieces and the values, as a concatenation. */
function expandable(it: PsInterpreter, n: Node, ctx: Ctx): Expr {
  const parts: Expr[] = [];
  const isHere = n.text.startsWith('@');
  let pos = n.startIndex + (isHere ? 2 : 1);
  const end = n.endIndex - (isHere ? 2 : 1);
  const literal = (from: number, to: number) => {
    if (to > from) parts.push({ kind: 'text', value: unescapeExpandable(it.text.slice(from, to)), span: { start: from, end: to } });
  };
  for (const c of namedChildren(n)) {
    literal(pos, c.startIndex);
    const v = c.type === 'sub_expression' ? it.evalExpr(c, ctx) : it.evalExpr(unwrap(c), ctx);
    parts.push(asExpr(v, spanOf(c)));
    pos = c.endIndex;
  }
  literal(pos, end);
  if (parts.length === 1 && parts[0].kind === 'text') return { ...parts[0], span: spanOf(n) };
  return { kind: 'concat', parts, span: spanOf(n) };
}

function hash(it: PsInterpreter, n: Node, ctx: Ctx): Value {
  const entries = new Map<string, HashEntry>();
  // Only this hashtable's own entries (children of its body): nested tables are values.
  const body = childOfType(n, 'hash_literal_body');
  for (const e of body ? namedChildren(body) : []) {
    if (e.type !== 'hash_entry') continue;
    const kids = namedChildren(e);
    const keyNode = kids.find((k) => k.type === 'key_expression');
    const valueNode = kids.find((k) => k.type !== 'key_expression');
    if (!keyNode || !valueNode) continue;
    const keyValue = it.evalExpr(unwrap(keyNode), ctx);
    const key = keyValue.k === 'expr' ? staticText(keyValue.e) : undefined;
    if (!key) continue;
    entries.set(key.toLowerCase(), { key, keySpan: spanOf(keyNode), value: it.evalPipeline(valueNode, ctx), valueSpan: spanOf(valueNode) });
  }
  return { k: 'hash', entries };
}

function cast(it: PsInterpreter, n: Node, ctx: Ctx): Value {
  const kids = namedChildren(n);
  const type = kids.find((k) => k.type === 'type_literal')?.text.toLowerCase().replace(/\s/g, '') ?? '';
  const operandNode = kids.find((k) => k.type !== 'type_literal');
  const operand = operandNode ? it.evalExpr(unwrap(operandNode), ctx) : NONE;
  if (operand.k !== 'expr') return operand;
  const bare = type.replace(/^\[|\]$/g, '').replace(/^system\.management\./, '');
  return castToWmi(it, bare, operand.e, spanOf(n)) ?? operand;
}

function memberAccess(it: PsInterpreter, n: Node, ctx: Ctx): Value {
  const kids = namedChildren(n);
  const baseNode = kids[0];
  const member = childOfType(n, 'member_name')?.text.toLowerCase() ?? '';
  if (baseNode?.type === 'type_literal') {
    const type = baseNode.text.toLowerCase().replace(/\s/g, '');
    if (/^\[(system\.)?environment\]$/.test(type) && member === 'machinename') {
      return { k: 'expr', e: { kind: 'local', why: '[Environment]::MachineName', span: spanOf(n) } };
    }
    return it.unknown(`${n.text}`, spanOf(n));
  }
  const base = baseNode ? it.evalExpr(unwrap(baseNode), ctx) : NONE;
  if (base.k === 'wmi' && (member === 'psbase' || member === 'baseobject' || member === 'psobject')) return base;
  if (base.k === 'hash') return base.entries.get(member)?.value ?? NONE;
  return memberOfObject(base, member) ?? it.unknown(`the property ${n.text}`, spanOf(n));
}

function invocation(it: PsInterpreter, n: Node, ctx: Ctx): Value {
  const kids = namedChildren(n);
  const baseNode = kids[0];
  const memberNode = childOfType(n, 'member_name');
  const argList = childOfType(n, 'argument_list');
  const argNodes = argList ? ctorArgs(argList) : [];
  const member = memberNode?.text.toLowerCase() ?? '';
  if (baseNode?.type === 'type_literal') {
    const type = baseNode.text.toLowerCase().replace(/\s/g, '');
    if (/^\[(system\.)?net\.dns\]$/.test(type) && member === 'gethostname') {
      return { k: 'expr', e: { kind: 'local', why: '[System.Net.Dns]::GetHostName()', span: spanOf(n) } };
    }
    const args = argNodes.map((a) => ({ value: it.evalExpr(unwrap(a), ctx), span: spanOf(a) }));
    if (member === 'new') return construct(it, type, args, spanOf(n));
    return it.unknown(n.text, spanOf(n));
  }
  const base = baseNode ? it.evalExpr(unwrap(baseNode), ctx) : NONE;
  const args = argNodes.map((a) => it.evalExpr(unwrap(a), ctx));
  if (base.k === 'hash' && member === 'add' && args.length === 2) {
    setHashEntry(base, args[0], spanOf(argNodes[0]), args[1], spanOf(argNodes[1]));
    return NONE;
  }
  return wmiMemberCall(it, n, base, member, memberNode, args, argNodes, ctx) ?? it.unknown(`the result of ${n.text.slice(0, 60)}`, spanOf(n));
}

function additive(it: PsInterpreter, n: Node, ctx: Ctx): Value {
  const ops = n.children.filter((c) => !c.isNamed).map((c) => c.text);
  const values = namedChildren(n).map((c) => it.evalExpr(unwrap(c), ctx));
  if (ops.every((o) => o === '+') && values.every((v) => v.k === 'expr')) {
    return { k: 'expr', e: { kind: 'concat', parts: values.map((v) => (v as { e: Expr }).e), span: spanOf(n) } };
  }
  return it.unknown('arithmetic', spanOf(n));
}

/** `'\\{0}\root\MSCluster' -f $node` with a literal format string. */
function format(it: PsInterpreter, n: Node, ctx: Ctx): Value {
  const kids = namedChildren(n).filter((c) => c.type !== 'format_operator');
  if (kids.length !== 2) return it.unknown('a format expression', spanOf(n));
  const fmt = it.evalExpr(unwrap(kids[0]), ctx);
  const argsV = it.evalExpr(unwrap(kids[1]), ctx);
  const template = fmt.k === 'expr' ? staticText(fmt.e) : undefined;
  if (template === undefined || argsV.k !== 'expr' || fmt.k !== 'expr') return it.unknown('a format expression', spanOf(n));
  const fmtSpan = fmt.e.span;
  const items = argsV.e.kind === 'list' ? argsV.e.items : [argsV.e];
  const parts: Expr[] = [];
  let last = 0;
  const re = /\{(\d+)(?:[,:][^}]*)?\}/g;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    if (m.index > last) parts.push({ kind: 'text', value: template.slice(last, m.index), span: fmtSpan });
    parts.push(items[Number(m[1])] ?? { kind: 'unknown', why: 'a missing format argument', span: spanOf(n) });
    last = m.index + m[0].length;
  }
  if (last < template.length) parts.push({ kind: 'text', value: template.slice(last), span: fmtSpan });
  return { k: 'expr', e: { kind: 'concat', parts, span: spanOf(n) } };
}
