// Sorted offsets, shared by the two relevance modules (powershell/relevance.ts, vbscript/relevance.ts) and the
// scans an open document moves across an edit (powershell/text-scan.ts, vbscript/relevance.ts WordIndex).

/** The index of the first of the ascending `points` at or after `v` (`points.length` if none). */
export function firstAtOrAfter(points: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Does [start, end) hold one of the sorted `points`? */
export function hasPointIn(points: ArrayLike<number>, start: number, end: number): boolean {
  const i = firstAtOrAfter(points, start);
  return i < points.length && points[i] < end;
}

/** Where the character `char` occurs in `text`, ascending. */
export function offsetsOf(text: string, char: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(char); i >= 0; i = text.indexOf(char, i + 1)) out.push(i);
  return out;
}

/** `points` sorted ascending, as numbers (natively: a comparator sort was a fifth of PowerShell relevance). */
export function sortedPoints(points: readonly number[]): Int32Array {
  return Int32Array.from(points).sort();
}

/**
 * A list of offsets kept across an edit: `old` with [cut[0], cut[1]) replaced by `mid` (what the edited lines hold
 * now), the offsets after it moved by `delta`.
 */
export function spliced(old: readonly number[], cut: number[], mid: readonly number[], delta: number): number[] {
  const [a, b] = cut;
  // Copied in slices and joined: about four times faster than pushing item by item on a list of 12,000.
  const tail = old.slice(b);
  if (delta) for (let i = 0; i < tail.length; i++) tail[i] += delta;
  return old.slice(0, a).concat(mid, tail);
}

/** `spliced` for a typed list: its copies stay off the collected heap (the list of a long script's mentions is large). */
export function splicedInts(old: Int32Array, cut: number[], mid: Int32Array, delta: number): Int32Array {
  const [a, b] = cut;
  const out = new Int32Array(a + mid.length + old.length - b);
  out.set(old.subarray(0, a));
  out.set(mid, a);
  const moved = a + mid.length;
  out.set(old.subarray(b), moved);
  if (delta) for (let i = moved; i < out.length; i++) out[i] += delta;
  return out;
}
