/**
 * RollingCounter: per-member event counts over a sliding time window, in one typed array.
 * The window is cut into `buckets` equal buckets; a count covers the bucket holding `now`
 * and the buckets-1 before it, so the window's true length is between
 * window - window/buckets and window (resolution: window/buckets, rounded up to a minute).
 * Each member's row holds its newest bucket index, windowed total, peak and bucket counts
 * side by side (64 bytes for 24 buckets: one cache line), since every invitation touches a
 * random member's row. Bucket counts saturate at 65535 (Uint16), far above any cap worth
 * simulating. Events must arrive in nondecreasing time per member (an earlier one counts
 * as current).
 */
// Row header words: newest bucket index (-1: none yet), windowed total, peak total.
const HEAD = 0;
const TOTAL = 1;
const PEAK = 2;
const HEADER_WORDS = 4;

export class RollingCounter {
  readonly bucketMinutes: number;
  readonly buckets: number;
  /** Row length in int32 words: the header, then the bucket counts two to a word. */
  private readonly stride: number;
  private readonly words: Int32Array;
  /** The same buffer as uint16: bucket b of member m is at m * stride * 2 + HEADER_WORDS * 2 + b. */
  private readonly counts: Uint16Array;

  constructor(members: number, windowMinutes: number, buckets = 24) {
    this.bucketMinutes = Math.max(1, Math.ceil(windowMinutes / buckets));
    this.buckets = Math.max(1, Math.ceil(windowMinutes / this.bucketMinutes));
    this.stride = HEADER_WORDS + Math.ceil(this.buckets / 2);
    this.words = new Int32Array(members * this.stride);
    this.counts = new Uint16Array(this.words.buffer);
    for (let m = 0; m < members; m++) this.words[m * this.stride + HEAD] = -1;
  }

  /** Counts one event for `member` at `now`; returns the windowed count including it. */
  add(member: number, now: number): number {
    const b = this.advance(member, now);
    const row = member * this.stride;
    const i = row * 2 + HEADER_WORDS * 2 + (b % this.buckets);
    if (this.counts[i] < 0xffff) {
      this.counts[i]++;
      this.words[row + TOTAL]++;
    }
    const t = this.words[row + TOTAL];
    if (t > this.words[row + PEAK]) this.words[row + PEAK] = t;
    return t;
  }

  /** The windowed count at `now`. */
  count(member: number, now: number): number {
    this.advance(member, now);
    return this.words[member * this.stride + TOTAL];
  }

  /** Reads the member's row and changes nothing (Policy.warm). */
  warm(member: number): number {
    return this.words[member * this.stride + HEAD];
  }

  /** The highest windowed count the member ever reached. */
  peak(member: number): number {
    return this.words[member * this.stride + PEAK];
  }

  /** Expires buckets that left the window; returns the current bucket index. */
  private advance(member: number, now: number): number {
    const b = Math.floor(now / this.bucketMinutes);
    const row = member * this.stride;
    const h = this.words[row + HEAD];
    if (b <= h) return h;
    const n = this.buckets;
    const first = row * 2 + HEADER_WORDS * 2;
    if (h < 0 || b - h >= n) {
      this.counts.fill(0, first, first + n);
      this.words[row + TOTAL] = 0;
    } else {
      let total = this.words[row + TOTAL];
      for (let k = h + 1; k <= b; k++) {
        const i = first + (k % n);
        total -= this.counts[i];
        this.counts[i] = 0;
      }
      this.words[row + TOTAL] = total;
    }
    this.words[row + HEAD] = b;
    return b;
  }
}
