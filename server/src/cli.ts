// The `hopcheck` command: scan files and folders, print text/JSON/SARIF, exit 0/1/2 (spec §8).
// It reads scripts as text only; it never runs, imports or evaluates them.
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { DEFAULT_BUDGET_MS } from './base/budget';
import { CATALOGUE } from './catalogue/index';
import { DEFAULT_SETTINGS, loadSettingsFile, type Settings } from './core/config';
import { SCANNED_EXTENSIONS } from './core/language';
import type { FileJob } from './cli/check-file';
import { checkFiles, DEFAULT_JOBS } from './cli/pool';
import { formatJson } from './output/json';
import { SEVERITY_RANK, type Report } from './output/report';
import { formatSarif } from './output/sarif';
import { formatText } from './output/text';
import type { Severity } from './rules/types';
import { discover } from './workspace/discover';

declare const HOPCHECK_VERSION: string | undefined;
const VERSION = typeof HOPCHECK_VERSION === 'string' ? HOPCHECK_VERSION : '0.0.0-dev';

const USAGE = `Usage: hopcheck [paths...] [options]

Finds Failover Cluster WMI calls (${CATALOGUE.methods.map((m) => m.name).join(', ')}) and cluster
cmdlets in PowerShell and VBScript that fail on the Kerberos/DCOM double hop.
Scans ${SCANNED_EXTENSIONS.join(' ')} files; folders are scanned recursively (default: .).

Options:
  --format text|json|sarif   output format (default: text)
  --fail-on LEVEL            exit 1 when a finding at or above LEVEL is reported:
                             error (default), warning, information, hint, none
  --config FILE              settings file (default: .hopcheck.json in the current folder, if present)
  --fix                      apply the preferred quick fix of each finding in place (keeping each file's
                             encoding, BOM and line endings), then report what remains
  --budget-ms N              time allowed to analyse one file (default: ${DEFAULT_BUDGET_MS}); a file that takes
                             longer is reported as not analysed
  --jobs N                   check files on N threads (default: the number of CPUs, ${DEFAULT_JOBS} here); the
                             output is the same for any N
  --allow-skipped            exit 0 even when a file could not be analysed (too slow, too deeply nested);
                             by default that exits 1, since the file may hide findings
  -h, --help                 show this help
  -v, --version              show the version

Exit codes: 0 no finding at or above --fail-on, 1 findings or a file not analysed, 2 usage or I/O error.`;

interface Args {
  paths: string[];
  format: 'text' | 'json' | 'sarif';
  failOn: Severity | 'none';
  config?: string;
  fix: boolean;
  budgetMs: number;
  allowSkipped: boolean;
  jobs: number;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Args | 'help' | 'version' {
  const a: Args = { paths: [], format: 'text', failOn: 'error', fix: false, budgetMs: DEFAULT_BUDGET_MS, allowSkipped: false, jobs: DEFAULT_JOBS };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
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
        if (v !== 'text' && v !== 'json' && v !== 'sarif') throw new UsageError(`--format must be text, json or sarif, not '${v}'`);
        a.format = v;
        break;
      }
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
  for (const p of loaded.problems) process.stderr.write(`hopcheck: ${path}: ${p}\n`);
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

  let settings: Settings;
  try {
    settings = loadSettings(args);
  } catch (e) {
    process.stderr.write(`hopcheck: ${(e as Error).message}\n`);
    return 2;
  }
  const found = discover(args.paths, { include: settings.include, exclude: settings.exclude, maxFileSizeKb: settings.maxFileSizeKb });
  const report: Report = { filesScanned: 0, findings: [], problems: [], fixed: [] };
  let ioError = false;
  for (const p of found.problems) {
    report.problems.push({ file: display(p.path), reason: p.reason });
    ioError = true;
  }
  for (const p of found.skipped) report.problems.push({ file: display(p.path), reason: `skipped: ${p.reason}` });
  const jobs: FileJob[] = found.files.map((file) => ({
    file, shown: display(file), root: found.roots.get(file), settings, fix: args.fix, budgetMs: args.budgetMs,
  }));
  await checkFiles(jobs, args.jobs, (r) => {
    if (r.scanned) report.filesScanned++;
    if (r.ioError) ioError = true;
    report.problems.push(...r.problems);
    report.findings.push(...r.findings);
    if (r.fixed) {
      report.fixed.push(r.fixed);
      process.stderr.write(`hopcheck: ${r.fixed.file}: applied ${r.fixed.count} fix${r.fixed.count === 1 ? '' : 'es'}\n`);
    }
  });
  for (const p of report.problems) process.stderr.write(`hopcheck: ${p.file}: ${p.reason}\n`);
  const out = args.format === 'json' ? formatJson(report, VERSION) : args.format === 'sarif' ? formatSarif(report, VERSION) : formatText(report);
  process.stdout.write(out);
  if (ioError) return 2;
  const threshold = args.failOn === 'none' ? Infinity : SEVERITY_RANK[args.failOn];
  if (report.findings.some((f) => SEVERITY_RANK[f.severity] >= threshold)) return 1;
  return !args.allowSkipped && report.problems.some((p) => p.incomplete) ? 1 : 0;
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
