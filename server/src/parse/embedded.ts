// Cuts the script blocks out of Windows Script Files (.wsf) and HTML Applications (.hta).
//
// Every block keeps exact offsets: `block.text[i]` is `file[block.start + i]`. Markup that is not
// script but may sit inside a block (`<![CDATA[`, `]]>`, an HTML comment opener `<!--` / closer
// `-->` hiding the code from old browsers) is replaced by the same number of spaces, never removed.
// Never throws: unclosed tags and comments run to the end of the file.

export type ScriptLanguage = 'vbscript' | 'jscript' | 'other';

export interface ScriptBlock {
  language: ScriptLanguage;
  /** UTF-16 offset of the block's first character in the file. */
  start: number;
  /** UTF-16 offset just after the block's last character. */
  end: number;
  /** The block's source, same length as `end - start`, markers blanked out. */
  text: string;
  /** The `src=` attribute: an external script (a .wsf job's include, core/wsf-jobs.ts). */
  src?: string;
  /** Where the `src=` value is written (without quotes). */
  srcSpan?: { start: number; end: number };
  /** The `language=` / `type=` attribute as written. */
  languageAttribute?: string;
  /** Offset of the `<script` tag that opens the block. */
  tagStart: number;
}

const VBSCRIPT = /^(vbscript|vbs|text\/vbscript|text\/vbs)$/i;
const JSCRIPT = /^(jscript|javascript|js|ecmascript|text\/javascript|text\/jscript|text\/ecmascript|application\/javascript|application\/x-javascript)(\d(\.\d+)?)?$/i;

/** Maps a `language` or `type` attribute value to a script language. */
export function classifyLanguage(value: string | undefined): ScriptLanguage {
  if (value === undefined) return 'jscript'; // the default of both WSH and MSHTML
  const v = value.trim();
  if (VBSCRIPT.test(v)) return 'vbscript';
  if (JSCRIPT.test(v) || v === '') return 'jscript';
  return 'other'; // e.g. VBScript.Encode, PerlScript
}

/** Attributes of a start tag (names lower-cased; valueless attributes map to ''). */
export function parseAttributes(tagBody: string): Map<string, string> {
  const attrs = new Map<string, string>();
  const re = /([^\s"'<>\/=]+)(?:\s*=\s*(?:"([^"]*)"?|'([^']*)'?|([^\s>]+)))?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(tagBody)) !== null) {
    const name = m[1].toLowerCase();
    if (!attrs.has(name)) attrs.set(name, m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

/** End of the start tag beginning at `from` (the offset after its `>`), honouring quoted values. */
function tagEnd(text: string, from: number): number {
  let quote = '';
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote) { if (c === quote) quote = ''; }
    else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i + 1;
  }
  return text.length;
}

/** Offset of the `</script` end tag at or after `from` (followed by space, `/` or `>`), or -1. */
function findCloseTag(lower: string, from: number): number {
  let i = from;
  for (;;) {
    i = lower.indexOf('</script', i);
    if (i < 0) return -1;
    const after = lower[i + 8];
    if (after === undefined || /[\s\/>]/.test(after)) return i;
    i += 8;
  }
}

function blank(s: string): string {
  return ' '.repeat(s.length);
}

/** Blanks CDATA markers and a leading `<!--` / trailing `-->` so the script text parses as code. */
export function blankMarkup(code: string): string {
  let out = code.replace(/<!\[CDATA\[/gi, blank).replace(/\]\]>/g, blank);
  // `<!--` as the first thing in the block and `-->` (optionally after `'` or `//`) as the last.
  out = out.replace(/^(\s*)(<!--)/, (_m, ws: string, open: string) => ws + blank(open));
  out = out.replace(/(?:'|\/\/)?[ \t]*-->(\s*)$/, (m: string, ws: string) => blank(m.slice(0, m.length - ws.length)) + ws);
  return out;
}

/**
 * All `<script>` blocks of a .wsf or .hta file, in document order. `<script>` tags inside
 * `<!-- ... -->` comments are ignored (but a comment inside a script block does not end it).
 */
export function extractScriptBlocks(file: string): ScriptBlock[] {
  const blocks: ScriptBlock[] = [];
  const lower = file.toLowerCase();
  let pos = 0;
  while (pos < file.length) {
    const tag = lower.indexOf('<script', pos);
    if (tag < 0) break;
    const comment = lower.indexOf('<!--', pos);
    if (comment >= 0 && comment < tag) {
      const close = lower.indexOf('-->', comment + 4);
      pos = close < 0 ? file.length : close + 3;
      continue;
    }
    const nameEnd = tag + '<script'.length;
    if (nameEnd < file.length && /[\w:-]/.test(file[nameEnd])) { pos = nameEnd; continue; } // <scriptlet>
    const openEnd = tagEnd(file, nameEnd);
    let body = file.slice(nameEnd, openEnd);
    if (body.endsWith('>')) body = body.slice(0, -1);
    const selfClosing = body.trimEnd().endsWith('/');
    const attrs = parseAttributes(selfClosing ? body.trimEnd().slice(0, -1) : body);
    const languageAttribute = attrs.get('language') ?? attrs.get('type');
    const language = classifyLanguage(languageAttribute);
    const src = attrs.get('src');
    let start = openEnd, end = openEnd, next = openEnd;
    if (!selfClosing) {
      const close = findCloseTag(lower, openEnd);
      end = close < 0 ? file.length : close;
      next = close < 0 ? file.length : tagEnd(file, close);
    }
    const block: ScriptBlock = { language, start, end, text: blankMarkup(file.slice(start, end)), tagStart: tag };
    if (src !== undefined) {
      block.src = src;
      const m = /\bsrc\s*=\s*(["']?)/i.exec(file.slice(nameEnd, openEnd));
      if (m) {
        const at = nameEnd + m.index + m[0].length;
        block.srcSpan = { start: at, end: at + src.length };
      }
    }
    if (languageAttribute !== undefined) block.languageAttribute = languageAttribute;
    blocks.push(block);
    pos = Math.max(next, nameEnd);
  }
  return blocks;
}

/**
 * Offsets of the `<job` tags of a .wsf file, outside `<!-- -->` comments and script blocks, in order:
 * each job runs its own scripts (and includes) in one script engine, apart from the other jobs.
 */
export function jobStarts(file: string, blocks: readonly ScriptBlock[] = extractScriptBlocks(file)): number[] {
  const lower = file.toLowerCase();
  const out: number[] = [];
  let next = 0; // blocks are in document order, and so are the tags: one pass
  const re = /<!--|<job\b/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(lower)) !== null) {
    if (m[0] === '<!--') {
      const close = lower.indexOf('-->', m.index + 4);
      if (close < 0) break;
      re.lastIndex = close + 3;
      continue;
    }
    const at = m.index;
    while (next < blocks.length && blocks[next].end <= at) next++;
    const inside = next < blocks.length && at >= blocks[next].start && at < blocks[next].end;
    if (!inside) out.push(at);
  }
  return out;
}

/** The kinds of file hopcheck reads VBScript from. */
export function isEmbeddingFile(fileName: string): boolean {
  return /\.(wsf|hta)$/i.test(fileName);
}

/**
 * The VBScript sources of a file: the whole text of a .vbs (or .vbe-less plain script), the
 * VBScript blocks of a .wsf/.hta. Each entry's offsets point into the original file.
 */
export function vbscriptSources(fileName: string, file: string): ScriptBlock[] {
  if (isEmbeddingFile(fileName)) return extractScriptBlocks(file).filter((b) => b.language === 'vbscript');
  return [{ language: 'vbscript', start: 0, end: file.length, text: file, tagStart: 0 }];
}
