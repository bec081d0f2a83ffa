// Settings shared by the editor (`hopcheck.*`) and the command line (`.hopcheck.json`), spec §7.
import { readFileSync } from 'node:fs';
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

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);

/** Merges user-supplied settings over the defaults, keeping only well-formed values; problems are returned, not thrown. */
export function normalizeSettings(raw: unknown): { settings: Settings; problems: string[] } {
  const problems: string[] = [];
  const s: Settings = { ...DEFAULT_SETTINGS, severity: {} };
  if (raw === null || raw === undefined) return { settings: s, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { settings: s, problems: ['settings must be an object'] };
  const r = raw as Record<string, unknown>;
  if (typeof r.enable === 'boolean') s.enable = r.enable;
  if (r.severity && typeof r.severity === 'object') {
    for (const [code, level] of Object.entries(r.severity as Record<string, unknown>)) {
      const c = code.toUpperCase();
      if (!RULES.some((x) => x.code === c)) problems.push(`unknown rule ${code} in severity`);
      else if (typeof level !== 'string' || !SEVERITIES.has(level.toLowerCase())) problems.push(`severity of ${code} must be error, warning, information, hint or off`);
      else s.severity[c as RuleCode] = level.toLowerCase() as SeveritySetting;
    }
  }
  const strings = (v: unknown, key: string): string[] | undefined => {
    if (v === undefined) return undefined;
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
    problems.push(`${key} must be a list of strings`);
    return undefined;
  };
  s.localNames = strings(r.localNames, 'localNames') ?? s.localNames;
  s.include = strings(r.include, 'include') ?? s.include;
  s.exclude = strings(r.exclude, 'exclude') ?? s.exclude;
  if (typeof r.maxFileSizeKb === 'number' && r.maxFileSizeKb > 0) s.maxFileSizeKb = r.maxFileSizeKb;
  else if (r.maxFileSizeKb !== undefined) problems.push('maxFileSizeKb must be a positive number');
  const scan = r.scan as Record<string, unknown> | undefined;
  if (scan && typeof scan.onStartup === 'boolean') s.scanOnStartup = scan.onStartup;
  return { settings: s, problems };
}

/**
 * The team's `.hopcheck.json` over the editor's settings: keys the file sets win (it is what CI
 * checks with), keys it leaves out keep the editor's values.
 */
export function overlaySettings(base: Settings, raw: unknown): { settings: Settings; problems: string[] } {
  const { settings: file, problems } = normalizeSettings(raw);
  if (!raw || typeof raw !== 'object') return { settings: base, problems };
  const r = raw as Record<string, unknown>;
  const out: Settings = { ...base, severity: { ...base.severity, ...file.severity } };
  if ('enable' in r) out.enable = file.enable;
  if ('localNames' in r) out.localNames = file.localNames;
  if ('include' in r) out.include = file.include;
  if ('exclude' in r) out.exclude = file.exclude;
  if ('maxFileSizeKb' in r) out.maxFileSizeKb = file.maxFileSizeKb;
  if ('scan' in r) out.scanOnStartup = file.scanOnStartup;
  return { settings: out, problems };
}

export function loadSettingsFile(path: string): { settings: Settings; problems: string[] } {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  return normalizeSettings(parsed);
}

export function effectiveSeverity(settings: Settings, code: RuleCode, def: Severity): SeveritySetting {
  return settings.severity[code] ?? def;
}
