// External tokenizers for the VBScript grammar.
//
// - `wordTokens` reads words (`[A-Za-z][A-Za-z0-9_]*`, `[bracketed names]`) and comments.
//   VBScript keywords are case-insensitive, so a word is lower-cased and looked up; it becomes a
//   keyword token only where the parser can shift that keyword (contextual keywords), otherwise
//   a MemberName (right after a member dot) or an Identifier. `'...` and `Rem ...` (in statement
//   position) become Comment tokens.
// - `punctTokens` decides whether `(` and `.` written directly after a name continue a
//   member/call chain (`callParen`, `memberDot`) or start something new (plain `(` / `.`), which
//   is what separates `f(x)` from `f (x), y` and `obj.Name` from `Echo .Name` in statement heads.
import { ExternalTokenizer, type InputStream, type Stack } from '@lezer/lr';
import * as t from './parser.terms';

const keywords: Record<string, number> = {
  option: t.Option, explicit: t.Explicit, dim: t.Dim, redim: t.ReDim, preserve: t.Preserve,
  const: t.Const, private: t.Private, public: t.Public, default: t.Default,
  set: t.Set, call: t.Call, sub: t.Sub, function: t.Function, property: t.Property,
  get: t.Get, let: t.Let, class: t.Class, end: t.End, exit: t.Exit,
  if: t.If, then: t.Then, else: t.Else, elseif: t.ElseIf, select: t.Select, case: t.Case, is: t.Is,
  for: t.For, each: t.Each, in: t.In, to: t.To, step: t.Step, next: t.Next,
  do: t.Do, loop: t.Loop, while: t.While, until: t.Until, wend: t.Wend, with: t.With,
  on: t.On, error: t.Error, resume: t.Resume, goto: t.GoTo,
  execute: t.Execute, executeglobal: t.ExecuteGlobal, randomize: t.Randomize, erase: t.Erase, stop: t.Stop,
  byval: t.ByVal, byref: t.ByRef, new: t.New,
  not: t.Not, and: t.And, or: t.Or, xor: t.Xor, eqv: t.Eqv, imp: t.Imp, mod: t.Mod,
  true: t.True, false: t.False, nothing: t.Nothing, empty: t.Empty, null: t.Null, me: t.Me,
};

// Words VBScript never accepts as names: where the parser cannot use them they still become
// keyword tokens, so a stray `End If` or `Next` is a syntax error instead of a call statement.
const reserved = new Set([
  'and', 'call', 'case', 'class', 'const', 'dim', 'do', 'each', 'else', 'elseif', 'empty', 'end', 'eqv',
  'exit', 'false', 'for', 'function', 'if', 'imp', 'in', 'is', 'loop', 'me', 'mod', 'new', 'next', 'not',
  'nothing', 'null', 'on', 'option', 'or', 'preserve', 'private', 'public', 'redim', 'resume', 'select',
  'set', 'sub', 'then', 'to', 'true', 'until', 'wend', 'while', 'with', 'xor',
]);

const NEWLINE = 10, CR = 13, QUOTE = 39, LBRACKET = 91, RBRACKET = 93, LPAREN = 40, RPAREN = 41, DOT = 46;

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f);
}
function isWordChar(c: number): boolean {
  return isLetter(c) || (c >= 48 && c <= 57) || c === 95;
}
function isLineEnd(c: number): boolean {
  return c === NEWLINE || c === CR || c === 0x2028 || c === 0x2029 || c < 0;
}

function readComment(input: InputStream): void {
  while (!isLineEnd(input.next)) input.advance();
  input.acceptToken(t.Comment);
}

/**
 * Where a scan from a `[` stopped: at a `]` (closed) or at a line end. Nothing in between is either,
 * so a `[` anywhere in [from, stop) stops at the same place. Without this, a line of thousands of
 * `[` (each one tried again during error recovery) was scanned to its end from every one of them:
 * quadratic, seconds for 16 KB.
 */
const bracketScans = new WeakMap<InputStream, { from: number; stop: number; closed: boolean }>();

/** The length of the `[bracketed name]` at the input (through its `]`), or undefined if the line has no `]`. */
function bracketedLength(input: InputStream): number | undefined {
  const pos = input.pos;
  let scan = bracketScans.get(input);
  if (!scan || pos < scan.from || pos >= scan.stop) {
    let n = 1;
    let c = input.peek(n);
    while (c !== RBRACKET && !isLineEnd(c)) c = input.peek(++n);
    scan = { from: pos, stop: pos + n, closed: c === RBRACKET };
    bracketScans.set(input, scan);
  }
  return scan.closed ? scan.stop - pos + 1 : undefined;
}

export const wordTokens = new ExternalTokenizer((input: InputStream, stack: Stack) => {
  const first = input.next;
  if (first === QUOTE) { readComment(input); return; }
  let word: string;
  if (first === LBRACKET) {
    const n = bracketedLength(input);
    if (n === undefined) return;
    input.advance(n);
    word = '';
  } else if (isLetter(first)) {
    let chars = '';
    while (isWordChar(input.next)) { chars += String.fromCharCode(input.next); input.advance(); }
    word = chars.toLowerCase();
  } else {
    return;
  }
  if (word === 'rem' && stack.canShift(t.Dim)) {
    readComment(input);
    return;
  }
  const kw = word ? keywords[word] : undefined;
  if (kw !== undefined && stack.canShift(kw)) input.acceptToken(kw);
  else if (stack.canShift(t.MemberName)) input.acceptToken(t.MemberName);
  else if (kw !== undefined && reserved.has(word)) input.acceptToken(kw);
  else input.acceptToken(t.Identifier);
}, { contextual: true });

export const punctTokens = new ExternalTokenizer((input: InputStream, stack: Stack) => {
  const c = input.next;
  if (c !== LPAREN && c !== DOT) return;
  const prev = input.peek(-1);
  const attached = isWordChar(prev) || prev === RPAREN || prev === RBRACKET;
  if (c === LPAREN) {
    // Where both are possible (a statement head: `f(x)` vs `f (x), y`), whitespace decides.
    const call = stack.canShift(t.callParen), open = stack.canShift(t.openParen);
    if (call && (attached || !open)) input.acceptToken(t.callParen, 1);
    else input.acceptToken(t.openParen, 1);
    return;
  }
  const member = stack.canShift(t.memberDot), withDot = stack.canShift(t.withDot);
  if (member && (attached || !withDot)) { input.acceptToken(t.memberDot, 1); return; }
  const next = input.peek(1);
  if (next >= 48 && next <= 57) return; // `.5` is a Number
  input.acceptToken(withDot || !member ? t.withDot : t.memberDot, 1);
}, { contextual: true });
