// The `hopcheck` command: scan files and folders, print text/JSON/SARIF, exit 0/1/2 (spec §8).
// It reads scripts as text only; it never runs, imports or evaluates them.
import { existsSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { DEFAULT_BUDGET_MS } from './base/budget';
import { initFileText } from './core/settings-schema';
import { CATALOGUE } from './catalogue/index';
import { DEFAULT_SETTINGS, docsBase, formatSettingsProblem, loadSettingsFile, type Settings } from './core/config';
import { SCANNED_EXTENSIONS } from './core/language';
import type { FileJob } from './cli/check-file';
import { checkFiles, DEFAULT_JOBS } from './cli/pool';
import { formatJson } from './output/json';
import { SEVERITY_RANK, type Report } from './output/report';
import { formatSarif } from './output/sarif';
import { formatText } from './output/text';
import { formatGithub } from './output/github';
import { formatJunit } from './output/junit';
import type { Severity } from './rules/types';
import { discover } from './workspace/discover';

declare const HOPCHECK_VERSION: string | undefined;
const VERSION = typeof HOPCHECK_VERSION === 'string' ? HOPCHECK_VERSION : '0.0.0-dev';

const USAGE = `Usage: hopcheck [paths...] [options]

Finds Failover Cluster WMI calls (${CATALOGUE.methods.map((m) => m.name).join(', ')}) and cluster
cmdlets in PowerShell and VBScript that fail on the Kerberos/DCOM double hop.
Scans ${SCANNED_EXTENSIONS.join(' ')} files; folders are scanned recursively (default: .).

Options:
  --format FORMAT            text (default), json, sarif (GitHub code scanning), github (annotations
                             as GitHub Actions workflow commands) or junit (JUnit XML for the test tabs
                             of Azure DevOps and Jenkins)
  --pretty, --no-pretty      text grouped by file with the source line and a caret under each call
                             (default when stdout is a terminal), or one line per finding (when piped)
  --color WHEN               colours in text output: auto (default: a terminal, unless NO_COLOR is set;
                             FORCE_COLOR forces them), always or never; --no-color is never
  --docs-url URL             base URL of the rule pages that findings link to (default: the pages
                             installed with hopcheck, a file: URL; also "docsBaseUrl" in .hopcheck.json)
  --init                     write a commented .hopcheck.json (or the --config file) with every setting
                             at its default, and exit; an existing file is left alone
  --fail-on LEVEL            exit 1 when a finding at or above LEVEL is reported:
                             error (default), warning, information, hint, none
  --config FILE              settings file, JSON with comments (default: .hopcheck.json in the current
                             folder, if present)
  --fix                      apply the preferred quick fix of each finding in place (keeping each file's
                             encoding, BOM and line endings), then report what remains
  --budget-ms N              time allowed to analyse one file (default: ${DEFAULT_BUDGET_MS}); a file that takes
                             longer is reported as not analysed
  --jobs N                   check files on N threads (default: the number of CPUs, ${DEFAULT_JOBS} here); the
                             output is the same for any N
  --allow-skipped            exit 0 even when a file could not be analysed (too slow, too deeply nested);
                             by default that exits 1, since the file may hide findings
  --                         the arguments after it are paths, even those starting with -
  -h, --help                 show this help
  -v, --version              show the version

Exit codes: 0 no finding at or above --fail-on, 1 findings or a file not analysed, 2 usage or I/O error.`;

const FORMATS = ['text', 'json', 'sarif', 'github', 'junit'] as const;

interface Args {
  paths: string[];
  format: (typeof FORMATS)[number];
  pretty?: boolean;
  color: 'auto' | 'always' | 'never';
  docsUrl?: string;
  init: boolean;
  failOn: Severity | 'none';
  config?: string;
  fix: boolean;
  budgetMs: number;
  allowSkipped: boolean;
  jobs: number;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Args | 'help' | 'version' {
  const a: Args = { paths: [], format: 'text', color: 'auto', init: false, failOn: 'error', fix: false, budgetMs: DEFAULT_BUDGET_MS, allowSkipped: false, jobs: DEFAULT_JOBS };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    // `--`: the rest are paths, even one starting with `-` (the GitHub Action passes the user's paths so).
    if (arg === '--') { a.paths.push(...argv.slice(i + 1)); break; }
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '-h': case '--help': return 'help';
      case '-v': case '--version': return 'version';
      case '--format': {
        const v = value();
        if (!(FORMATS as readonly string[]).includes(v)) throw new UsageError(`--format must be ${FORMATS.slice(0, -1).join(', ')} or ${FORMATS.at(-1)}, not '${v}'`);
        a.format = v as Args['format'];
        break;
      }
      case '--pretty': a.pretty = true; break;
      case '--no-pretty': a.pretty = false; break;
      case '--no-color': a.color = 'never'; break;
      case '--color': {
        const v = value();
        if (v !== 'auto' && v !== 'always' && v !== 'never') throw new UsageError(`--color must be auto, always or never, not '${v}'`);
        a.color = v;
        break;
      }
      case '--docs-url': {
        const v = value();
        const base = docsBase(v);
        if (!base) throw new UsageError(`--docs-url must be an http:, https: or file: URL, not '${v}'`);
        a.docsUrl = base;
        break;
      }
      case '--init': a.init = true; break;
      case '--fail-on': {
        const v = value();
        if (!['error', 'warning', 'information', 'hint', 'none'].includes(v)) throw new UsageError(`--fail-on must be error, warning, information, hint or none, not '${v}'`);
        a.failOn = v as Args['failOn'];
        break;
      }
      case '--config': a.config = value(); break;
      case '--fix': a.fix = true; break;
      case '--allow-skipped': a.allowSkipped = true; break;
      case '--budget-ms': {
        const v = value();
        if (!/^[1-9]\d{0,8}$/.test(v)) throw new UsageError(`--budget-ms must be a positive whole number of milliseconds, not '${v}'`);
        a.budgetMs = Number(v);
        break;
      }
      case '--jobs': case '-j': {
        const v = value();
        if (!/^[1-9]\d{0,3}$/.test(v)) throw new UsageError(`--jobs must be a positive whole number, not '${v}'`);
        a.jobs = Number(v);
        break;
      }
      default:
        if (arg.startsWith('-') && arg.length > 1) throw new UsageError(`unknown option ${arg}`);
        a.paths.push(arg);
    }
  }
  if (a.paths.length === 0) a.paths.push('.');
  return a;
}

function loadSettings(args: Args): Settings {
  const path = args.config ?? (existsSync('.hopcheck.json') ? '.hopcheck.json' : undefined);
  if (!path) return DEFAULT_SETTINGS;
  let loaded;
  try {
    loaded = loadSettingsFile(path);
  } catch (e) {
    throw new IoError(`cannot read settings ${path}: ${(e as Error).message}`);
  }
  // A misspelt key or a wrong value: named with its line and the allowed values; the rest still applies.
  for (const p of loaded.problems) process.stderr.write(`hopcheck: ${formatSettingsProblem(path, p)}\n`);
  if (loaded.syntaxError) throw new IoError(`cannot read settings ${path}: it is not valid JSON (comments are allowed)`);
  return loaded.settings;
}

class IoError extends Error {}

export async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`hopcheck: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  if (args === 'help') { process.stdout.write(USAGE + '\n'); return 0; }
  if (args === 'version') { process.stdout.write(VERSION + '\n'); return 0; }
  if (args.init) return init(args.config ?? '.hopcheck.json');

  let settings: Settings;
  try {
    settings = loadSettings(args);
  } catch (e) {
    process.stderr.write(`hopcheck: ${(e as Error).message}\n`);
    return 2;
  }
  const found = discover(args.paths, { include: settings.include, exclude: settings.exclude, maxFileSizeKb: settings.maxFileSizeKb });
  const report: Report = { filesScanned: 0, findings: [], problems: [], fixed: [], analysed: [], excerpts: new Map() };
  let ioError = false;
  for (const p of found.problems) {
    report.problems.push({ file: display(p.path), reason: p.reason });
    ioError = true;
  }
  for (const p of found.skipped) report.problems.push({ file: display(p.path), reason: `skipped: ${p.reason}` });
  const jobs: FileJob[] = found.files.map((file) => ({
    file, shown: display(file), root: found.roots.get(file), settings, fix: args.fix, budgetMs: args.budgetMs,
  }));
  await checkFiles(jobs, args.jobs, (r, job) => {
    if (r.scanned) {
      report.filesScanned++;
      report.analysed!.push(job.shown);
    }
    if (r.excerpts?.size) report.excerpts!.set(job.shown, r.excerpts);
    if (r.ioError) ioError = true;
    report.problems.push(...r.problems);
    report.findings.push(...r.findings);
    if (r.fixed) {
      report.fixed.push(r.fixed);
      process.stderr.write(`hopcheck: ${r.fixed.file}: applied ${r.fixed.count} fix${r.fixed.count === 1 ? '' : 'es'}\n`);
    }
  });
  for (const p of report.problems) process.stderr.write(`hopcheck: ${p.file}: ${p.reason}\n`);
  process.stdout.write(format(report, args, settings));
  if (ioError) return 2;
  const threshold = args.failOn === 'none' ? Infinity : SEVERITY_RANK[args.failOn];
  if (report.findings.some((f) => SEVERITY_RANK[f.severity] >= threshold)) return 1;
  return !args.allowSkipped && report.problems.some((p) => p.incomplete) ? 1 : 0;
}

function format(report: Report, args: Args, settings: Settings): string {
  const docs = args.docsUrl ?? settings.docsBaseUrl;
  switch (args.format) {
    case 'json': return formatJson(report, VERSION);
    case 'sarif': return formatSarif(report, VERSION, docs);
    case 'github': return formatGithub(report);
    case 'junit': return formatJunit(report, args.failOn);
    case 'text': {
      const tty = process.stdout.isTTY === true;
      return formatText(report, { pretty: args.pretty ?? tty, color: useColor(args.color, tty), docsBase: docs });
    }
  }
}

/** --color, then FORCE_COLOR (set and not 0/false), then NO_COLOR (set and not empty), then: a terminal that is not dumb. */
function useColor(when: Args['color'], tty: boolean): boolean {
  if (when !== 'auto') return when === 'always';
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (process.env.NO_COLOR) return false;
  return tty && process.env.TERM !== 'dumb';
}

/** `hopcheck --init`: a commented starting settings file; never overwrites one. */
function init(path: string): number {
  if (existsSync(path)) {
    process.stderr.write(`hopcheck: ${path} exists: left as it is\n`);
    return 2;
  }
  try {
    writeFileSync(path, initFileText(), { flag: 'wx' });
  } catch (e) {
    process.stderr.write(`hopcheck: cannot write ${path}: ${(e as Error).message}\n`);
    return 2;
  }
  process.stdout.write(`hopcheck: wrote ${path} (JSON with comments; every setting at its default)\n`);
  return 0;
}

/** Paths are shown relative to the current folder, with forward slashes, as CI annotations expect. */
function display(p: string): string {
  const rel = relative(process.cwd(), resolve(p));
  return (rel.startsWith('..') ? resolve(p) : rel || p).split('\\').join('/');
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e: unknown) => {
    process.stderr.write(`hopcheck: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 2;
  });
}
