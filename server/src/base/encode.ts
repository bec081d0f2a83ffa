// Writes text back in the encoding it was read in (for `hopcheck --fix`), byte-exact for everything
// the edit did not touch: same BOM (or none), same encoding, and the line endings are the text's own.
import { encodeCp1252 } from './cp1252';
import type { Encoding } from './decode';

/** Encodes `text`; undefined when a character has no representation in the encoding (nothing is written then). */
export function encode(text: string, encoding: Encoding): Uint8Array | undefined {
  switch (encoding) {
    case 'utf8': return Buffer.from(text, 'utf8');
    case 'utf8bom': return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf16le': return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf16le-nobom': return Buffer.from(text, 'utf16le');
    case 'utf16be': return Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)]);
    case 'utf16be-nobom': return utf16be(text);
    case 'utf32le': return utf32(text, true);
    case 'utf32be': return utf32(text, false);
    case 'windows1252': return encodeCp1252(text);
  }
}

function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i + 1 < le.length; i += 2) { const t = le[i]; le[i] = le[i + 1]; le[i + 1] = t; }
  return le;
}

/** UTF-32 with its BOM; undefined for a lone surrogate (it has no UTF-32 form). */
function utf32(text: string, littleEndian: boolean): Uint8Array | undefined {
  const out = Buffer.alloc(4 + text.length * 4);
  out.writeUInt32LE(0xfeff, 0);
  if (!littleEndian) out.writeUInt32BE(0xfeff, 0);
  let at = 4;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) return undefined;
    if (littleEndian) out.writeUInt32LE(cp, at); else out.writeUInt32BE(cp, at);
    at += 4;
  }
  return out.subarray(0, at);
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
