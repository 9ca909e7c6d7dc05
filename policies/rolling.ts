/**
 * RollingCounter: per-member event counts over a sliding time window, in typed arrays.
 * The window is cut into `buckets` equal buckets; a count covers the bucket holding `now`
 * and the buckets-1 before it, so the window's true length is between
 * window - window/buckets and window (resolution: window/buckets, rounded up to a minute).
 * Bucket counts saturate at 65535 (Uint16), far above any cap worth simulating.
 * Events must arrive in nondecreasing time per member (an earlier one counts as current).
 */
export class RollingCounter {
  readonly bucketMinutes: number;
  readonly buckets: number;
  private readonly counts: Uint16Array;
  /** Absolute index of each member's newest bucket (-1: none yet). */
  private readonly head: Int32Array;
  private readonly total: Uint32Array;
  /** Highest windowed count each member ever reached. */
  readonly peak: Uint32Array;

  constructor(members: number, windowMinutes: number, buckets = 24) {
    this.bucketMinutes = Math.max(1, Math.ceil(windowMinutes / buckets));
    this.buckets = Math.max(1, Math.ceil(windowMinutes / this.bucketMinutes));
    this.counts = new Uint16Array(members * this.buckets);
    this.head = new Int32Array(members).fill(-1);
    this.total = new Uint32Array(members);
    this.peak = new Uint32Array(members);
  }

  /** Counts one event for `member` at `now`; returns the windowed count including it. */
  add(member: number, now: number): number {
    const b = this.advance(member, now);
    const i = member * this.buckets + (b % this.buckets);
    if (this.counts[i] < 0xffff) {
      this.counts[i]++;
      this.total[member]++;
    }
    const t = this.total[member];
    if (t > this.peak[member]) this.peak[member] = t;
    return t;
  }

  /** The windowed count at `now`. */
  count(member: number, now: number): number {
    this.advance(member, now);
    return this.total[member];
  }

  /** Expires buckets that left the window; returns the current bucket index. */
  private advance(member: number, now: number): number {
    const b = Math.floor(now / this.bucketMinutes);
    const h = this.head[member];
    if (b <= h) return h;
    const n = this.buckets;
    const base = member * n;
    if (h < 0 || b - h >= n) {
      this.counts.fill(0, base, base + n);
      this.total[member] = 0;
    } else {
      for (let k = h + 1; k <= b; k++) {
        const i = base + (k % n);
        this.total[member] -= this.counts[i];
        this.counts[i] = 0;
      }
    }
    this.head[member] = b;
    return b;
  }
}
