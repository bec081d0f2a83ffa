// Rule pages: where findings link to, and their text for SARIF's rules[].help.
// The links default to the pages shipped in the installed package (docs/rules/ next to dist/, in the
// npm package and in the .vsix): they exist wherever hopcheck runs, with no network. The setting
// `hopcheck.docsBaseUrl` / `docsBaseUrl` / `--docs-url` points them elsewhere (an internal wiki, a web copy).
// The text comes from a module generated at build time (scripts/build.mjs), so nothing is read at run time.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ruleEntry } from '../catalogue/derive';
import { RULE_PAGES } from './rule-docs.generated';

let installed: string | undefined;

/** `file:` URL of the installed package's docs/rules/ (the folder above the bundle that has package.json). */
export function defaultDocsBase(): string {
  if (installed) return installed;
  let dir = __dirname;
  for (let i = 0; i < 5 && !existsSync(join(dir, 'package.json')); i++) dir = dirname(dir);
  installed = pathToFileURL(join(dir, 'docs', 'rules')).href + '/';
  return installed;
}

/** The page of a rule under `base` (default: the installed pages). */
export function ruleDocUrl(code: string, base?: string): string {
  return `${base ?? defaultDocsBase()}${ruleEntry(code)?.doc ?? `${code}.md`}`;
}

/** The rule's page as Markdown, and as plain text (for viewers that show no Markdown), if shipped. */
export function ruleHelp(code: string): { markdown: string; text: string; description: { markdown: string; text: string } } | undefined {
  const page = RULE_PAGES[ruleEntry(code)?.doc ?? ''];
  if (!page) return undefined;
  const first = firstSection(page);
  return { markdown: page, text: plainText(page), description: { markdown: first, text: plainText(first) } };
}

/** The page's "What it finds" section (else everything before its second heading), without its heading. */
function firstSection(md: string): string {
  const head = /^## What it finds[^\n]*\n/m.exec(md);
  const body = head ? md.slice(head.index + head[0].length) : md.replace(/^#[^\n]*\n/, '');
  const next = body.search(/^## /m);
  return (next < 0 ? body : body.slice(0, next)).trim();
}

/**
 * Markdown → readable text: no heading marks, emphasis, code quotes or link targets; tables and lists kept
 * as lines; fenced code blocks (scripts, whose `#` comments are not headings) kept as they are, unfenced.
 */
function plainText(md: string): string {
  return md.split(/^(```[^\n]*\n[\s\S]*?^```[ \t]*$)/m).map((part) => {
    if (part.startsWith('```')) return part.replace(/^```[^\n]*\n/, '').replace(/^```[ \t]*$/m, '').replace(/\n$/, '');
    return part
      .replace(/^#+\s*/gm, '')
      .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
      .replace(/\*\*([^*]+)\*\*/g, '$1')
      .replace(/`([^`]+)`/g, '$1')
      .replace(/^\|(?:\s*:?-+:?\s*\|)+\s*$\n/gm, '');
  }).join('').trim() + '\n';
}
