// One decoder for the server and the CLI (spec §8): UTF-8 with or without BOM, UTF-16LE/BE with BOM
// or without one (recognised by where the NUL bytes of ASCII text fall), UTF-32LE/BE with BOM, else
// Windows-1252. Binary files are recognised and reported, never analysed.
import { decodeCp1252 } from './cp1252';

export type Encoding =
  | 'utf8' | 'utf8bom' | 'utf16le' | 'utf16be' | 'utf16le-nobom' | 'utf16be-nobom' | 'utf32le' | 'utf32be' | 'windows1252';

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
  // UTF-32LE's BOM starts with UTF-16LE's: test it first.
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0) return utf32(bytes.subarray(4), true);
  if (bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff) return utf32(bytes.subarray(4), false);
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { ok: true, text: utf16le.decode(bytes.subarray(2)), encoding: 'utf16le' };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { ok: true, text: utf16be.decode(bytes.subarray(2)), encoding: 'utf16be' };
  const u16 = utf16WithoutBom(bytes);
  if (u16) return u16;
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

/**
 * UTF-16 without a BOM (Notepad's "Unicode" saved by some tools, PowerShell 5's `Out-File` piped
 * through others): script text is mostly ASCII, so every other byte is NUL — the odd ones in
 * little-endian, the even ones in big-endian — and the other half almost never is. Required: an even
 * length, NUL in at least half of one side's bytes and in under 1% of the other's, and decoded text
 * that is not itself full of control characters.
 */
function utf16WithoutBom(bytes: Uint8Array): Decoded | undefined {
  if (bytes.length < 4 || bytes.length % 2 !== 0) return undefined;
  const n = Math.min(bytes.length, 8192) & ~1;
  let evenNul = 0, oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  const le = oddNul >= pairs / 2 && evenNul <= pairs / 100;
  const be = evenNul >= pairs / 2 && oddNul <= pairs / 100;
  if (!le && !be) return undefined;
  const text = (le ? utf16le : utf16be).decode(bytes);
  if (controlShare(text) > 0.1) return undefined;
  return { ok: true, text, encoding: le ? 'utf16le-nobom' : 'utf16be-nobom' };
}

/** UTF-32 after its BOM; a length that is not a multiple of 4 or a value that is no code point is refused. */
function utf32(bytes: Uint8Array, littleEndian: boolean): Decoded {
  if (bytes.length % 4 !== 0) return { ok: false, reason: 'invalid UTF-32 (length is not a multiple of 4)' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += 4) {
    const cp = view.getUint32(i, littleEndian);
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return { ok: false, reason: `invalid UTF-32 (U+${cp.toString(16).toUpperCase()} at byte ${i + 4})` };
    parts.push(String.fromCodePoint(cp));
  }
  return { ok: true, text: parts.join(''), encoding: littleEndian ? 'utf32le' : 'utf32be' };
}

/** The share of C0 control characters (other than tab, line ends, form feed) in the first 8 Ki characters. */
function controlShare(text: string): number {
  const n = Math.min(text.length, 8192);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 9 || (c > 13 && c < 32)) controls++;
  }
  return n === 0 ? 0 : controls / n;
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
