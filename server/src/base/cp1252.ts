// Windows-1252, both ways. Node's TextDecoder('windows-1252') decodes 0x80–0x9F as C1 controls
// (Latin-1), which would turn the smart quotes PowerShell accepts as string delimiters into garbage;
// so the table is ours. The five unassigned bytes map to the C1 code points, so every byte round-trips.
const HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];
const BACK = new Map(HIGH.map((cp, i) => [cp, 0x80 + i]));

export function decodeCp1252(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    s += String.fromCharCode(...Array.from(chunk, (b) => (b >= 0x80 && b < 0xa0 ? HIGH[b - 0x80] : b)));
  }
  return s;
}

/** Undefined when a character has no Windows-1252 byte. */
export function encodeCp1252(text: string): Uint8Array | undefined {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const b = c < 0x80 || (c >= 0xa0 && c <= 0xff) ? c : BACK.get(c);
    if (b === undefined) return undefined;
    out[i] = b;
  }
  return out;
}
