// Decoding every encoding Windows tools save scripts in, and writing each back byte for byte.
import { strict as assert } from 'node:assert';
import { decode } from '../../server/src/base/decode';
import { encode, sameBytes } from '../../server/src/base/encode';

const SCRIPT = 'Set svc = GetObject("winmgmts:\\\\node1\\root\\MSCluster") \' Ünïcødé ✓ 𝄞\r\nsvc.Get("MSCluster_Cluster").EvictNode "n2"\r\n';

function be16(text: string): Buffer {
  const b = Buffer.from(text, 'utf16le');
  for (let i = 0; i + 1 < b.length; i += 2) { const t = b[i]; b[i] = b[i + 1]; b[i + 1] = t; }
  return b;
}

function utf32(text: string, le: boolean, bom = true): Buffer {
  const cps = [...text].map((c) => c.codePointAt(0)!);
  const out = Buffer.alloc((cps.length + (bom ? 1 : 0)) * 4);
  let at = 0;
  for (const cp of bom ? [0xfeff, ...cps] : cps) { if (le) out.writeUInt32LE(cp, at); else out.writeUInt32BE(cp, at); at += 4; }
  return out;
}

function roundTrips(bytes: Uint8Array, encoding: string): void {
  const d = decode(bytes);
  assert.ok(d.ok, d.ok ? '' : d.reason);
  if (!d.ok) return;
  assert.equal(d.encoding, encoding);
  assert.equal(d.text, SCRIPT);
  const back = encode(d.text, d.encoding);
  assert.ok(back && sameBytes(back, bytes), 'written back byte for byte');
}

describe('decoding', () => {
  it('reads UTF-16LE without a BOM (NUL in the odd bytes) and writes it back without one', () => {
    roundTrips(Buffer.from(SCRIPT, 'utf16le'), 'utf16le-nobom');
  });

  it('reads UTF-16BE without a BOM (NUL in the even bytes) and writes it back without one', () => {
    roundTrips(be16(SCRIPT), 'utf16be-nobom');
  });

  it('reads UTF-32LE and UTF-32BE with a BOM (not UTF-16LE, whose BOM begins the same)', () => {
    roundTrips(utf32(SCRIPT, true), 'utf32le');
    roundTrips(utf32(SCRIPT, false), 'utf32be');
  });

  it('keeps UTF-16 with a BOM and UTF-8 as they were', () => {
    roundTrips(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SCRIPT, 'utf16le')]), 'utf16le');
    roundTrips(Buffer.concat([Buffer.from([0xfe, 0xff]), be16(SCRIPT)]), 'utf16be');
    roundTrips(Buffer.from(SCRIPT, 'utf8'), 'utf8');
  });

  it('still refuses binary files: NUL bytes without the UTF-16 pattern, control characters, broken UTF-32', () => {
    const exe = Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00]);
    assert.equal(decode(exe).ok, false);
    // NUL in every odd byte but the even bytes are control characters: not text.
    const controls = Buffer.alloc(64);
    for (let i = 0; i < 64; i += 2) controls[i] = 1 + (i % 7);
    assert.equal(decode(controls).ok, false);
    // UTF-16 pattern with an odd length: not UTF-16.
    assert.equal(decode(Buffer.concat([Buffer.from('abcdef', 'utf16le'), Buffer.from([0x41])])).ok, false);
    const badUtf32 = Buffer.concat([utf32('ab', true), Buffer.from([0x00, 0xd8, 0x00, 0x00])]);
    const d = decode(badUtf32);
    assert.equal(d.ok, false);
    assert.match(d.ok ? '' : d.reason, /UTF-32/);
    assert.equal(decode(Buffer.concat([utf32('ab', false), Buffer.from([0x00])])).ok, false);
  });

  it('refuses to encode a lone surrogate in UTF-32 (nothing is written then)', () => {
    assert.equal(encode('a\ud800b', 'utf32le'), undefined);
  });
});
