// Measures how much of a VBScript corpus the Lezer grammar parses without error nodes.
// Usage: npx tsx scripts/parse-quality.ts [dir...]   (default: test/fixtures/vbscript-corpus)
// Reads .vbs files whole and the VBScript blocks of .wsf/.hta files, decoded as the CLI decodes them
// (base/decode.ts: BOMs, UTF-16 without BOM, Windows-1252), in every folder (hidden ones and
// node_modules too: a sample is measured whole); binary files are counted apart. Always exits 0.
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { decode } from '../server/src/base/decode';
import { vbscriptSources } from '../server/src/parse/embedded';
import { errorRanges, parseVbscript } from '../server/src/parse/vbscript';

export interface FileQuality {
  file: string;
  errors: number;
  /** 1-based line:column of the first error node, if any. */
  firstError?: string;
}

export interface ParseQuality {
  files: number;
  clean: number;
  percent: number;
  errorNodes: number;
  /** Files the CLI would refuse as binary (not counted in `files`). */
  binary: string[];
  perFile: FileQuality[];
}

const EXTENSIONS = /\.(vbs|wsf|hta)$/i;

function listFiles(path: string, out: string[]): void {
  const st = lstatSync(path); // symbolic links are not followed: a link loop cannot recurse forever
  if (st.isFile()) { if (EXTENSIONS.test(path)) out.push(path); return; }
  if (!st.isDirectory()) return;
  for (const name of readdirSync(path).sort()) listFiles(join(path, name), out);
}

function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split(/\r\n|\r|\n/).length;
  const col = offset - Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) ;
  return `${line}:${col}`;
}

/** Parses every VBScript source under `dirs` and counts the files without error nodes. */
export function measureParseQuality(dirs: readonly string[]): ParseQuality {
  const files: string[] = [];
  for (const d of dirs) listFiles(resolve(d), files);
  const perFile: FileQuality[] = [];
  let clean = 0, errorNodes = 0;
  const binary: string[] = [];
  for (const file of files) {
    const decoded = decode(readFileSync(file));
    if (!decoded.ok) { binary.push(file); continue; }
    const text = decoded.text;
    let errors = 0;
    let first: number | undefined;
    for (const block of vbscriptSources(file, text)) {
      const ranges = errorRanges(parseVbscript(block.text));
      errors += ranges.length;
      if (ranges.length && first === undefined) first = block.start + ranges[0].start;
    }
    if (errors === 0) clean++;
    errorNodes += errors;
    const entry: FileQuality = { file, errors };
    if (first !== undefined) entry.firstError = lineCol(text, first);
    perFile.push(entry);
  }
  const percent = perFile.length ? (100 * clean) / perFile.length : 100;
  return { files: perFile.length, clean, percent, errorNodes, perFile, binary };
}

export function formatSummary(q: ParseQuality): string {
  const binary = q.binary.length ? `; ${q.binary.length} binary file(s) not read` : '';
  return `vbscript parse quality: ${q.clean}/${q.files} files without error nodes (${q.percent.toFixed(1)}%)${binary}`;
}

const isMain = process.argv[1] !== undefined && /parse-quality\.[cm]?[tj]s$/.test(process.argv[1]);
if (isMain) {
  const args = process.argv.slice(2);
  const dirs = args.length ? args : [join(__dirname, '..', 'test', 'fixtures', 'vbscript-corpus')];
  const q = measureParseQuality(dirs);
  for (const f of q.perFile) {
    if (f.errors > 0) console.log(`${relative(process.cwd(), f.file)}: ${f.errors} error node(s), first at ${f.firstError}`);
  }
  console.log(formatSummary(q));
  process.exitCode = 0;
}
