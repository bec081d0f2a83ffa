// Draws images/icon.png (128×128, the Marketplace icon) with Node's standard library only: a PNG is a
// signature, an IHDR chunk, zlib-compressed scanlines (IDAT) and IEND, each chunk with its CRC-32.
// The picture: three cluster nodes; the first hop (left to middle) goes through, the second hop (middle
// to right) is refused (a red broken line with a cross). Anti-aliased by 4×4 supersampling.
// usage: node scripts/icon.mjs   (rewrites images/icon.png)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SS = 4;
const BG = [0x1b, 0x2f, 0x4e];
const NODE = [0xf2, 0xf5, 0xf9];
const OK = [0x4c, 0xc3, 0x8a];
const BAD = [0xe5, 0x48, 0x4d];

const nodes = [[26, 86], [64, 42], [102, 86]];

function segDist(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** The colour at a point, or undefined outside the rounded square. */
function colourAt(x, y) {
  const r = 24; // corner radius
  const cx = Math.min(Math.max(x, r), SIZE - r), cy = Math.min(Math.max(y, r), SIZE - r);
  if (Math.hypot(x - cx, y - cy) > r) return undefined;
  for (const [nx, ny] of nodes) {
    const d = Math.hypot(x - nx, y - ny);
    if (d <= 11) return d >= 8 ? BG.map((c) => c + 40) : NODE;
  }
  if (segDist(x, y, nodes[0], nodes[1]) <= 4) return OK;
  // the second hop: dashed
  if (segDist(x, y, nodes[1], nodes[2]) <= 4) {
    const along = ((x - nodes[1][0]) * (nodes[2][0] - nodes[1][0]) + (y - nodes[1][1]) * (nodes[2][1] - nodes[1][1])) / Math.hypot(38, 44);
    if (Math.floor(along / 9) % 2 === 0) return BAD;
  }
  // the cross over the second hop
  const [mx, my] = [86, 56];
  if (segDist(x, y, [mx - 9, my - 9], [mx + 9, my + 9]) <= 3.5 || segDist(x, y, [mx - 9, my + 9], [mx + 9, my - 9]) <= 3.5) return BAD;
  // a baseline: the cluster
  if (y >= 104 && y <= 108 && x >= 20 && x <= 108) return BG.map((c) => c + 55);
  return BG;
}

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) {
    const acc = [0, 0, 0, 0];
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const c = colourAt(x + (sx + 0.5) / SS, y + (sy + 0.5) / SS);
        if (!c) continue;
        acc[0] += c[0]; acc[1] += c[1]; acc[2] += c[2]; acc[3] += 255;
      }
    }
    const n = acc[3] / 255;
    const o = y * (SIZE * 4 + 1) + 1 + x * 4;
    raw[o] = n ? Math.round(acc[0] / n) : 0;
    raw[o + 1] = n ? Math.round(acc[1] / n) : 0;
    raw[o + 2] = n ? Math.round(acc[2] / n) : 0;
    raw[o + 3] = Math.round(acc[3] / (SS * SS));
  }
}

const CRC = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
function crc32(buf) {
  let c = -1;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0)),
]);
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'images', 'icon.png');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, png);
console.log(`icon: ${out} (${png.length} bytes)`);
