/**
 * RollingCounter: per-member event counts over a sliding time window, in one typed array.
 * The window is cut into `buckets` equal buckets; a count covers the bucket holding `now`
 * and the buckets-1 before it, so the window's true length is between
 * window - window/buckets and window (resolution: window/buckets, rounded up to a minute).
 * Each member's row holds its newest bucket index, windowed total, peak (unless not asked
 * for) and bucket counts side by side, since every invitation touches a random member's row:
 * 64 bytes, one cache line, for 24 buckets with the peak or 28 without. Bucket counts
 * saturate at 65535 (Uint16), far above any cap worth simulating. Events must arrive in
 * nondecreasing time per member (an earlier one counts as current).
 */
import { cacheLineInt32s } from './platform/cache-lines';

// Row header words: newest bucket index (-1: none yet), windowed total, then peak total and a spare word if kept.
const HEAD = 0;
const TOTAL = 1;
const PEAK = 2;
/** Header words with and without the peak. */
const WITH_PEAK = 4;
const WITHOUT_PEAK = 2;
/** Words of a cache line: a row of at most this many is padded to a power of two, so that none straddles two lines. */
const LINE_WORDS = 16;

/** Row words for `used` words of content: a power of two up to a line, whole lines beyond. */
function rowWords(used: number): number {
  if (used > LINE_WORDS) return Math.ceil(used / LINE_WORDS) * LINE_WORDS;
  let w = 1;
  while (w < used) w *= 2;
  return w;
}

export class RollingCounter {
  readonly bucketMinutes: number;
  readonly buckets: number;
  /** Row length in int32 words: the header, then the bucket counts two to a word, then padding (rowWords). */
  private readonly stride: number;
  /** Header words: where the bucket counts start. */
  private readonly header: number;
  private readonly words: Int32Array;
  /** The same buffer as uint16: bucket b of member m is at m * stride * 2 + header * 2 + b. */
  private readonly counts: Uint16Array;

  /** `withPeak`: keep each member's peak (peak()); without it a week of 28 buckets fits a line. */
  constructor(
    members: number,
    windowMinutes: number,
    buckets = 24,
    private readonly withPeak = true,
  ) {
    this.bucketMinutes = Math.max(1, Math.ceil(windowMinutes / buckets));
    this.buckets = Math.max(1, Math.ceil(windowMinutes / this.bucketMinutes));
    this.header = withPeak ? WITH_PEAK : WITHOUT_PEAK;
    this.stride = rowWords(this.header + Math.ceil(this.buckets / 2));
    // On cache lines: a one-line row is one line, which malloc's alignment made two.
    this.words = cacheLineInt32s(members * this.stride);
    this.counts = new Uint16Array(this.words.buffer, 0, this.words.length * 2);
    for (let m = 0; m < members; m++) this.words[m * this.stride + HEAD] = -1;
  }

  /** Counts one event for `member` at `now`; returns the windowed count including it. */
  add(member: number, now: number): number {
    const b = this.advance(member, now);
    const row = member * this.stride;
    const i = row * 2 + this.header * 2 + (b % this.buckets);
    if (this.counts[i] < 0xffff) {
      this.counts[i]++;
      this.words[row + TOTAL]++;
    }
    const t = this.words[row + TOTAL];
    if (this.withPeak && t > this.words[row + PEAK]) this.words[row + PEAK] = t;
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

  /** The highest windowed count the member ever reached (0 without `withPeak`). */
  peak(member: number): number {
    if (!this.withPeak) return 0;
    return this.words[member * this.stride + PEAK];
  }

  /** Expires buckets that left the window; returns the current bucket index. */
  private advance(member: number, now: number): number {
    const b = Math.floor(now / this.bucketMinutes);
    const row = member * this.stride;
    const h = this.words[row + HEAD];
    if (b <= h) return h;
    const n = this.buckets;
    const first = row * 2 + this.header * 2;
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
