// One decoder for the server and the CLI (spec §8): UTF-8 with or without BOM, UTF-16LE/BE with BOM,
// else Windows-1252. Binary files are recognised and reported, never analysed.
import { decodeCp1252 } from './cp1252';

export type Encoding = 'utf8' | 'utf8bom' | 'utf16le' | 'utf16be' | 'windows1252';

export type Decoded =
  | { ok: true; text: string; encoding: Encoding }
  | { ok: false; reason: string };

// ignoreBOM: a second BOM is kept as text, so decoding stays lossless (hopcheck --fix writes files back).
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf16le = new TextDecoder('utf-16le', { ignoreBOM: true });
const utf16be = new TextDecoder('utf-16be', { ignoreBOM: true });

export function decode(bytes: Uint8Array): Decoded {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return utf8Or1252(bytes.subarray(3), 'utf8bom');
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { ok: true, text: utf16le.decode(bytes.subarray(2)), encoding: 'utf16le' };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { ok: true, text: utf16be.decode(bytes.subarray(2)), encoding: 'utf16be' };
  if (looksBinary(bytes)) return { ok: false, reason: 'binary file (contains NUL bytes or control characters)' };
  return utf8Or1252(bytes, 'utf8');
}

function utf8Or1252(bytes: Uint8Array, enc: 'utf8' | 'utf8bom'): Decoded {
  try {
    return { ok: true, text: utf8.decode(bytes), encoding: enc };
  } catch {
    return { ok: true, text: decodeCp1252(bytes), encoding: 'windows1252' };
  }
}

/** NUL bytes, or many control characters, in the first 8 KiB: not a script. */
function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32)) controls++;
  }
  return n > 0 && controls / n > 0.1;
}
