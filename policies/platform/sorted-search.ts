/** Index of x in the ascending run a[lo .. hi] (both ends included), or -1: a binary search. */
export function indexInSorted(a: Int32Array, lo: number, hi: number, x: number): number {
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = a[mid];
    if (v === x) return mid;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
