// Writes text back in the encoding it was read in (for `hopcheck --fix`), byte-exact for everything
// the edit did not touch: same BOM, same encoding, and the line endings are the text's own.
import { encodeCp1252 } from './cp1252';
import type { Encoding } from './decode';

/** Encodes `text`; undefined when a character has no representation in the encoding (nothing is written then). */
export function encode(text: string, encoding: Encoding): Uint8Array | undefined {
  switch (encoding) {
    case 'utf8': return Buffer.from(text, 'utf8');
    case 'utf8bom': return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf16le': return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf16be': {
      const le = Buffer.from(text, 'utf16le');
      for (let i = 0; i + 1 < le.length; i += 2) { const t = le[i]; le[i] = le[i + 1]; le[i + 1] = t; }
      return Buffer.concat([Buffer.from([0xfe, 0xff]), le]);
    }
    case 'windows1252': return encodeCp1252(text);
  }
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
