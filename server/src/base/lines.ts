// Line boundaries in a text, as every part of hopcheck counts lines: `\n`, `\r\n` and a lone `\r` end one.

/** The offset where the line holding `offset` starts. */
export function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text.charCodeAt(i - 1) !== 10 && text.charCodeAt(i - 1) !== 13) i--;
  return i;
}

/** The offset where the line holding `offset` ends (its line break, or the text's end). */
export function lineEnd(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
  return i;
}
