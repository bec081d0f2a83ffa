// Line boundaries in a text, as every part of hopcheck counts lines: `\n`, `\r\n` and a lone `\r` end one.

/** The offset where the line holding `offset` starts. */
export function lineStart(text: string, offset: number): number {
  return lineBreakBefore(text, offset) + 1;
}

/** The offset of the last line break before `offset`, looking at most `within` characters back; -1 if none. */
export function lineBreakBefore(text: string, offset: number, within = Infinity): number {
  for (let i = offset; i > 0 && offset - i < within; i--) {
    const c = text.charCodeAt(i - 1);
    if (c === 10 || c === 13) return i - 1;
  }
  return -1;
}

/** The offset where the line holding `offset` ends (its line break, or the text's end). */
export function lineEnd(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
  return i;
}
