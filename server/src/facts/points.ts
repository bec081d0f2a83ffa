// Sorted offsets, shared by the two relevance modules (powershell/relevance.ts, vbscript/relevance.ts).

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

/** `points` sorted ascending, as numbers (natively: a comparator sort was a fifth of PowerShell relevance). */
export function sortedPoints(points: readonly number[]): Int32Array {
  return Int32Array.from(points).sort();
}
