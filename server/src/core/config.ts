// Settings shared by the editor (`hopcheck.*`) and the command line (`.hopcheck.json`), spec §7.
// `.hopcheck.json` is JSONC (comments and trailing commas allowed, as in VS Code's own settings files):
// `hopcheck --init` writes a commented one, so the CLI and the language server both read it with
// jsonc-parser, which also keeps the positions that problems are reported with.
import { readFileSync } from 'node:fs';
import { LineIndex } from './positions';
import { findNodeAtLocation, parse, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { RuleCode, Severity, SeveritySetting } from '../rules/types';
import { RULES } from '../rules/index';
import { INCLUDE_GLOBS } from '../catalogue/derive';

export interface Settings {
  enable: boolean;
  severity: Partial<Record<RuleCode, SeveritySetting>>;
  localNames: string[];
  include: string[];
  exclude: string[];
  maxFileSizeKb: number;
  /** Scan the workspace folders in the background when the server starts (editor only). */
  scanOnStartup: boolean;
  /** Where rule links point (ending in `/`); undefined: the rule pages of the installed package. */
  docsBaseUrl?: string;
}

export const DEFAULT_SETTINGS: Settings = {
  enable: true,
  severity: {},
  localNames: [],
  include: [...INCLUDE_GLOBS],
  exclude: ['**/node_modules/**', '**/.git/**'],
  maxFileSizeKb: 2048,
  scanOnStartup: true,
};

export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['error', 'warning', 'information', 'hint', 'off'];

/**
 * The keys of a settings object, what each holds and says: the one description the validation below,
 * the JSON schema (core/settings-schema.ts) and `hopcheck --init` follow.
 */
export type SettingKind = 'boolean' | 'strings' | 'positive' | 'severity' | 'url' | { object: Record<string, SettingSpec> };
export interface SettingSpec {
  kind: SettingKind;
  description: string;
  /** Only the editor has it (`hopcheck.trace.server`): not a key of `.hopcheck.json`. */
  editorOnly?: true;
}

export const SETTING_SPECS: Record<string, SettingSpec> = {
  enable: { kind: 'boolean', description: 'Check PowerShell and VBScript files (false: report nothing).' },
  severity: { kind: 'severity', description: 'Severity per rule code: error, warning, information, hint or off. Rules not listed keep their default.' },
  localNames: { kind: 'strings', description: 'Host names that are the machine the scripts run on: a WMI connection to one of these is local, like "." or "localhost". Case-insensitive.' },
  include: { kind: 'strings', description: 'Glob patterns of the files scanned.' },
  exclude: { kind: 'strings', description: 'Glob patterns (.gitignore style) of files and folders never scanned.' },
  maxFileSizeKb: { kind: 'positive', description: 'Files larger than this (in KiB) are skipped, with a notice naming them.' },
  scan: { kind: { object: { onStartup: { kind: 'boolean', description: 'Scan the workspace folders in the background when the language server starts (editor only).' } } }, description: 'Background scan of the workspace (editor only).' },
  docsBaseUrl: { kind: 'url', description: 'Base URL of the rule pages that findings link to (the folder holding HOP001.md, ...). Default: the pages shipped in the installed package (a file: URL).' },
  trace: { kind: { object: { server: { kind: 'strings', description: '' } } }, description: 'Editor only.', editorOnly: true },
};

/** A problem in the settings, at a JSON path; `line`/`column` (1-based) once placed in a file's text. */
export interface SettingsProblem {
  message: string;
  path: (string | number)[];
  /** The problem is the key itself (misspelt), not its value. */
  onKey?: boolean;
  line?: number;
  column?: number;
}

type Source = 'file' | 'editor';

/** Merges user-supplied settings over the defaults, keeping only well-formed values; problems are returned, not thrown. */
export function normalizeSettings(raw: unknown): { settings: Settings; problems: string[] } {
  const { settings, problems } = validateSettings(raw, 'editor');
  return { settings, problems: problems.map((p) => p.message) };
}

/** Checks every key and value; unknown keys and wrong values are problems naming what is allowed. */
export function validateSettings(raw: unknown, source: Source = 'file'): { settings: Settings; problems: SettingsProblem[] } {
  const problems: SettingsProblem[] = [];
  const s: Settings = { ...DEFAULT_SETTINGS, severity: {} };
  if (raw === null || raw === undefined) return { settings: s, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { settings: s, problems: [{ message: 'settings must be an object ({ ... })', path: [] }] };
  const r = raw as Record<string, unknown>;
  const keys = Object.keys(SETTING_SPECS).filter((k) => source === 'editor' || !SETTING_SPECS[k].editorOnly);
  for (const key of Object.keys(r)) {
    if (keys.includes(key) || (source === 'file' && key === '$schema')) continue;
    problems.push({ message: `unknown setting '${key}'${didYouMean(key, keys)}; allowed: ${keys.join(', ')}`, path: [key], onKey: true });
  }
  const wrong = (path: (string | number)[], what: string, v: unknown) =>
    problems.push({ message: `${path.join('.')} must be ${what}, not ${show(v)}`, path });
  if (r.enable !== undefined) {
    if (typeof r.enable === 'boolean') s.enable = r.enable;
    else wrong(['enable'], 'true or false', r.enable);
  }
  if (r.severity !== undefined) {
    if (!r.severity || typeof r.severity !== 'object' || Array.isArray(r.severity)) wrong(['severity'], 'an object of rule codes, e.g. { "HOP002": "error" }', r.severity);
    else {
      const codes = RULES.map((x) => x.code);
      for (const [code, level] of Object.entries(r.severity as Record<string, unknown>)) {
        const c = code.toUpperCase();
        if (!codes.some((x) => x === c)) problems.push({ message: `unknown rule '${code}' in severity; allowed: ${codes.join(', ')}`, path: ['severity', code], onKey: true });
        else if (typeof level !== 'string' || !SEVERITY_SETTINGS.includes(level.toLowerCase() as SeveritySetting)) {
          problems.push({ message: `severity of ${code} must be one of ${SEVERITY_SETTINGS.join(', ')}, not ${show(level)}`, path: ['severity', code] });
        } else s.severity[c as RuleCode] = level.toLowerCase() as SeveritySetting;
      }
    }
  }
  const strings = (key: 'localNames' | 'include' | 'exclude') => {
    const v = r[key];
    if (v === undefined) return;
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) s[key] = v as string[];
    else wrong([key], 'a list of strings, e.g. ["a", "b"]', v);
  };
  strings('localNames');
  strings('include');
  strings('exclude');
  if (r.maxFileSizeKb !== undefined) {
    if (typeof r.maxFileSizeKb === 'number' && r.maxFileSizeKb > 0 && Number.isFinite(r.maxFileSizeKb)) s.maxFileSizeKb = r.maxFileSizeKb;
    else wrong(['maxFileSizeKb'], 'a positive number (KiB)', r.maxFileSizeKb);
  }
  if (r.scan !== undefined) {
    if (!r.scan || typeof r.scan !== 'object' || Array.isArray(r.scan)) wrong(['scan'], 'an object, e.g. { "onStartup": true }', r.scan);
    else {
      const scan = r.scan as Record<string, unknown>;
      for (const k of Object.keys(scan)) {
        if (k !== 'onStartup') problems.push({ message: `unknown setting 'scan.${k}'${didYouMean(k, ['onStartup'])}; allowed: onStartup`, path: ['scan', k], onKey: true });
      }
      if (typeof scan.onStartup === 'boolean') s.scanOnStartup = scan.onStartup;
      else if (scan.onStartup !== undefined) wrong(['scan', 'onStartup'], 'true or false', scan.onStartup);
    }
  }
  if (r.docsBaseUrl !== undefined && r.docsBaseUrl !== null && r.docsBaseUrl !== '') {
    const base = docsBase(r.docsBaseUrl);
    if (base) s.docsBaseUrl = base;
    else wrong(['docsBaseUrl'], 'an http:, https: or file: URL', r.docsBaseUrl);
  }
  return { settings: s, problems };
}

/** A rule-page base URL ending in `/`, or undefined when `v` is not an http(s) or file URL. */
export function docsBase(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    return undefined;
  }
  if (!['http:', 'https:', 'file:'].includes(u.protocol)) return undefined;
  return u.href.endsWith('/') ? u.href : `${u.href}/`;
}

/**
 * The team's `.hopcheck.json` (as read by `parseSettingsText`) over the editor's settings: keys the
 * file sets win (it is what CI checks with), keys it leaves out keep the editor's values.
 */
export function overlaySettings(base: Settings, fileRead: { raw: unknown; settings: Settings }): Settings {
  const { raw, settings: file } = fileRead;
  if (!raw || typeof raw !== 'object') return base;
  const r = raw as Record<string, unknown>;
  const out: Settings = { ...base, severity: { ...base.severity, ...file.severity } };
  if ('enable' in r) out.enable = file.enable;
  if ('localNames' in r) out.localNames = file.localNames;
  if ('include' in r) out.include = file.include;
  if ('exclude' in r) out.exclude = file.exclude;
  if ('maxFileSizeKb' in r) out.maxFileSizeKb = file.maxFileSizeKb;
  if ('scan' in r) out.scanOnStartup = file.scanOnStartup;
  if (file.docsBaseUrl) out.docsBaseUrl = file.docsBaseUrl;
  return out;
}

/** A settings file's text read as JSONC; problems (syntax and settings) carry 1-based lines and columns. */
export function parseSettingsText(text: string): SettingsRead {
  const errors: ParseError[] = [];
  const options = { allowTrailingComma: true, disallowComments: false };
  const raw: unknown = parse(text, errors, options);
  const at = lineColumn(text);
  if (errors.length) {
    return {
      raw: undefined, settings: validateSettings(undefined).settings, syntaxError: true,
      problems: errors.map((e) => ({ message: `not valid JSON: ${describeParseError(e)}`, path: [], ...at(e.offset) })),
    };
  }
  const tree = parseTree(text, [], options);
  const { settings, problems } = validateSettings(raw, 'file');
  for (const p of problems) {
    const node = tree && findNodeAtLocation(tree, p.path);
    const place: Node | undefined = p.onKey ? node?.parent?.children?.[0] : node;
    Object.assign(p, at((place ?? tree)?.offset ?? 0));
  }
  return { raw, settings, problems, syntaxError: false };
}

/** A settings file read: its parsed JSON, the settings it gives (over the defaults), and its problems. */
export interface SettingsRead {
  raw: unknown;
  settings: Settings;
  problems: SettingsProblem[];
  syntaxError: boolean;
}

/** Reads a settings file (JSONC). Throws only when the file cannot be read. */
export function loadSettingsFile(path: string): SettingsRead {
  return parseSettingsText(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
}

/** `file:line:column: message`, as compilers print it (the position is left out when unknown). */
export function formatSettingsProblem(file: string, p: SettingsProblem): string {
  return p.line === undefined ? `${file}: ${p.message}` : `${file}:${p.line}:${p.column}: ${p.message}`;
}

export function effectiveSeverity(settings: Settings, code: RuleCode, def: Severity): SeveritySetting {
  return settings.severity[code] ?? def;
}

function describeParseError(e: ParseError): string {
  const names: Record<string, string> = {
    InvalidSymbol: 'unexpected character', InvalidNumberFormat: 'bad number', PropertyNameExpected: 'a key in double quotes expected',
    ValueExpected: 'a value expected', ColonExpected: "':' expected", CommaExpected: "',' expected",
    CloseBraceExpected: "'}' expected", CloseBracketExpected: "']' expected", EndOfFileExpected: 'text after the end',
    UnexpectedEndOfComment: 'unterminated comment', UnexpectedEndOfString: 'unterminated string',
  };
  const code = printParseErrorCode(e.error);
  return names[code] ?? code;
}

/** 1-based line and column of an offset (LineIndex counts from 0). */
function lineColumn(text: string): (offset: number) => { line: number; column: number } {
  const index = new LineIndex(text);
  return (offset) => {
    const p = index.positionAt(offset);
    return { line: p.line + 1, column: p.character + 1 };
  };
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/** " (did you mean 'severity'?)" for a key one or two edits away from an allowed one. */
function didYouMean(key: string, allowed: readonly string[]): string {
  let best: string | undefined;
  let bestD = 3;
  for (const a of allowed) {
    const d = distance(key.toLowerCase(), a.toLowerCase());
    if (d < bestD) { best = a; bestD = d; }
  }
  return best ? ` (did you mean '${best}'?)` : '';
}

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
