// Tables derived from the catalogue: name lookups, the words the pre-filter and the relevance seeds
// look for, the extension table. Each table is built on first use from the catalogue in use and kept;
// a test that swaps in an extended catalogue (./testing.ts) makes every table rebuild on its next use,
// which is how test/catalogue/newcomer.test.ts shows that a catalogue entry alone is enough.
import { CATALOGUE, type Catalogue, type CommandEntry, type FileKind, type MethodEntry, type RuleEntry } from './index';

let inUse: Catalogue = CATALOGUE;

export function activeCatalogue(): Catalogue {
  return inUse;
}

/**
 * A table computed from the catalogue in use, built once (and again only after a test swapped the
 * catalogue). Module-level tables are declared with it instead of being computed at import time.
 */
export function derived<T>(build: (c: Catalogue) => T): () => T {
  let builtFrom: Catalogue | undefined;
  let value: T | undefined;
  return () => {
    if (builtFrom !== inUse) {
      value = build(inUse);
      builtFrom = inUse;
    }
    return value as T;
  };
}

/**
 * Test-only (./testing.ts is its one caller; test/catalogue/catalogue.test.ts checks that no server or
 * client module calls either): replaces the catalogue in use and returns the previous one.
 */
export function swapCatalogueForTests(next: Catalogue): Catalogue {
  const previous = inUse;
  inUse = next;
  return previous;
}

// ---- lookups -------------------------------------------------------------------------------------

const methodsByLower = derived((c) => new Map(c.methods.map((m) => [m.name.toLowerCase(), m])));

/** The method named `name` (any case), or undefined when it is not one of the catalogue's. */
export function methodNamed(name: string): MethodEntry | undefined {
  return methodsByLower().get(name.toLowerCase());
}

const commandsByLower = derived((c) => {
  const m = new Map<string, CommandEntry>();
  for (const e of c.commands) for (const n of [e.name, ...e.aliases]) m.set(n.toLowerCase(), e);
  return m;
});

/** The command named `name` or one of its aliases (lower case, without module qualification). */
export function commandNamedLower(lower: string): CommandEntry | undefined {
  return commandsByLower().get(lower);
}

/** The FailoverClusters cmdlet that replaces a method (spec §2), if it has one. */
export function replacementCmdletOf(method: string): string | undefined {
  return methodNamed(method)?.replacement?.cmdlet;
}

export function ruleEntry(code: string): RuleEntry | undefined {
  return activeCatalogue().rules.find((r) => r.code === code);
}

// ---- words the text is searched for ---------------------------------------------------------------

const namesOf = (entries: readonly CommandEntry[]) => entries.flatMap((e) => [e.name, ...e.aliases]);

/**
 * The pre-filter's words (`core/analyze.ts` `mayHaveFindings`): a file that names none of them has no
 * finding. Every finding is about a call written by name: a cluster method (over a WMI connection, in
 * any language), or a command inside a remote PowerShell session, which the file must open itself with
 * one of the session commands (`Invoke-Command`, including the scripts it runs with `-FilePath`,
 * `New-PSSession`, `Enter-PSSession`, and their aliases). A cluster cmdlet without any of these runs
 * where the script runs and is no second hop.
 */
export function prefilterWords(c: Catalogue): string[] {
  return [...c.methods.map((m) => m.name), ...namesOf(c.commands.filter((e) => e.family === 'session' && e.session !== 'exit'))];
}

/** The commands that run code in a remote session (HOP003–HOP006 need one): Invoke-Command, Enter-PSSession. */
export function sessionStartWords(c: Catalogue): string[] {
  return namesOf(c.commands.filter((e) => e.session === 'invoke' || e.session === 'enter'));
}

/**
 * Further PowerShell relevance seeds, matched as whole command words (`ps`, `net`, `dir` would match inside
 * other words): the commands that reach another computer by themselves (catalogue `reaches`, `pathParams`),
 * whose calls inside a session are HOP005/HOP006 findings.
 */
export function powershellCommandSeedWords(c: Catalogue): string[] {
  const seeds = new Set(powershellSeedWords(c).map((w) => w.toLowerCase()));
  return namesOf(c.commands.filter((e) => e.reaches || e.pathParams)).filter((n) => !seeds.has(n.toLowerCase()));
}

/**
 * PowerShell relevance seeds (facts/powershell/relevance.ts): the methods, the cluster cmdlets, the
 * session commands (a session makes later statements remote) and the commands that run another script.
 * Not the parameter that names the script (`-FilePath`): it runs one only on such a command, whose word is
 * a seed in the same statement, and a splatted hashtable holding it comes in through the splat's name.
 */
export function powershellSeedWords(c: Catalogue): string[] {
  return [...new Set([
    ...c.methods.map((m) => m.name), ...namesOf(c.commands.filter((e) => e.family === 'cluster')),
    ...namesOf(c.commands.filter((e) => e.runsScript)), ...namesOf(c.commands.filter((e) => e.family === 'session')),
  ])];
}

/** VBScript relevance seeds (facts/vbscript/relevance.ts): the methods; connections come in through the names they mention. */
export function vbscriptSeedWords(c: Catalogue): string[] {
  return c.methods.map((m) => m.name);
}

// ---- files ------------------------------------------------------------------------------------------

export const KIND_BY_EXTENSION: Readonly<Record<string, FileKind>> = Object.fromEntries(CATALOGUE.files.map((f) => [f.extension, f.kind]));
export const KIND_BY_EDITOR_LANGUAGE: Readonly<Record<string, FileKind>> = Object.fromEntries(
  (CATALOGUE.editorLanguages as Catalogue['editorLanguages']).flatMap((l) => (l.kind ? [[l.id, l.kind]] : [])),
);
export const SCANNED_EXTENSIONS: readonly string[] = CATALOGUE.files.map((f) => f.extension);

/** `**\/*.ps1`… for settings' `include` default. */
export const INCLUDE_GLOBS: readonly string[] = SCANNED_EXTENSIONS.map((e) => `**/*${e}`);

/**
 * One glob for every scanned file, in both cases (file watchers and document selectors match case-
 * sensitively): `**\/*.{ps1,…,PS1,…}`.
 */
export const FILE_GLOB = `**/*.{${[...SCANNED_EXTENSIONS.map((e) => e.slice(1)), ...SCANNED_EXTENSIONS.map((e) => e.slice(1).toUpperCase())].join(',')}}`;

