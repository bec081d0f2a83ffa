// The JSON schema of `.hopcheck.json` (schemas/hopcheck.schema.json, written by scripts/build.mjs and
// registered with VS Code's `contributes.jsonValidation`) and the commented file `hopcheck --init`
// writes. Both follow core/config.ts's SETTING_SPECS and the catalogue's rules, so a new rule or
// setting appears in them without being listed here.
import { RULES } from '../rules/index';
import { DEFAULT_SETTINGS, SETTING_SPECS, SEVERITY_SETTINGS, type SettingSpec } from './config';

function schemaOf(spec: SettingSpec): Record<string, unknown> {
  const d = { description: spec.description };
  if (typeof spec.kind === 'object') {
    const properties = Object.fromEntries(Object.entries(spec.kind.object).map(([k, v]) => [k, schemaOf(v)]));
    return { type: 'object', ...d, properties, additionalProperties: false };
  }
  switch (spec.kind) {
    case 'boolean': return { type: 'boolean', ...d };
    case 'strings': return { type: 'array', items: { type: 'string' }, ...d };
    case 'positive': return { type: 'number', exclusiveMinimum: 0, ...d };
    case 'url': return { type: 'string', format: 'uri', pattern: '^(https?|file):', ...d };
    case 'severity': return {
      type: 'object', ...d,
      properties: Object.fromEntries(RULES.map((r) => [r.code, {
        enum: [...SEVERITY_SETTINGS], description: `${r.short} (default: ${r.defaultSeverity})`,
      }])),
      additionalProperties: false,
    };
  }
}

export function settingsFileSchema(): Record<string, unknown> {
  const keys = Object.entries(SETTING_SPECS).filter(([, v]) => !v.editorOnly);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'hopcheck settings (.hopcheck.json)',
    description: 'Settings of hopcheck, the Failover Cluster double-hop checker, for the command line and the editor. Comments are allowed (JSONC).',
    type: 'object',
    // VS Code's own keywords: the file is JSONC, as hopcheck reads it (no warnings on comments or trailing commas).
    allowComments: true,
    allowTrailingCommas: true,
    properties: { $schema: { type: 'string' }, ...Object.fromEntries(keys.map(([k, v]) => [k, schemaOf(v)])) },
    additionalProperties: false,
  };
}

/** The commented starting file of `hopcheck --init`: every setting at its default, rules listed from the catalogue. */
export function initFileText(): string {
  const q = (v: unknown) => JSON.stringify(v);
  const rules = RULES.map((r, i) => `    // ${q(r.code)}: ${q(r.defaultSeverity)}${i < RULES.length - 1 ? ',' : ''}  // ${r.short}`);
  return [
    '// hopcheck settings (JSONC: comments and trailing commas are allowed).',
    '// Read by the `hopcheck` command line and by the editor for this folder; keys set here win over',
    '// the editor\'s hopcheck.* settings. Every key is optional: the values below are the defaults.',
    '{',
    `  // Severity per rule: ${SEVERITY_SETTINGS.join(', ')}. Uncomment a line to change it.`,
    '  "severity": {',
    ...rules,
    '  },',
    '  // Host names that are the machine the scripts run on (for example the cluster node you run them',
    '  // from): a WMI connection to one of these is local, like "." or "localhost".',
    `  "localNames": ${q(DEFAULT_SETTINGS.localNames)},`,
    '  // Files scanned, and files and folders never scanned (glob patterns).',
    `  "include": ${q(DEFAULT_SETTINGS.include).replace(/","/g, '", "')},`,
    `  "exclude": ${q(DEFAULT_SETTINGS.exclude).replace(/","/g, '", "')},`,
    '  // Files larger than this (KiB) are skipped, with a notice naming them.',
    `  "maxFileSizeKb": ${DEFAULT_SETTINGS.maxFileSizeKb}`,
    '}',
    '',
  ].join('\n');
}
