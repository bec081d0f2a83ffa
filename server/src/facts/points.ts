// Sorted offsets, shared by the two relevance modules (powershell/relevance.ts, vbscript/relevance.ts).

/** Does [start, end) hold one of the sorted `points`? (Binary search for the first point at or after `start`.) */
export function hasPointIn(points: readonly number[], start: number, end: number): boolean {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid] < start) lo = mid + 1;
    else hi = mid;
  }
  return lo < points.length && points[lo] < end;
}
