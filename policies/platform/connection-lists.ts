/**
 * ConnectionLists: every member's connections in one segment of one pool: the row of the
 * snapshot the run opened with (sorted), then the connections added since, in the order
 * added. A member's bookkeeping (segment start, connections, the snapshot's share, capacity)
 * and its block signature share one 64-byte record on a cache line of its own. So a mutual
 * count reads one line a side, and for most pairs of strangers nothing else; otherwise one
 * contiguous run of ids a side, where a snapshot CSR beside separate added lists read five
 * places a side (two offsets, the row, the added count and head, the added segment): in the
 * policies bench, that was most of score's and model's time, cache misses and loop overhead alike.
 *
 * A full segment moves to the pool's end with twice the capacity; a pool that fills is
 * replaced by one holding the live segments only, in member order (as AdjacencyLists does).
 */
import { copyInAddedOrder } from './adjacency-lists';
import type { Csr } from './connection-graph';
import { indexInSorted } from './sorted-search';
import { cacheLineInt32s } from './cache-lines';

/** Record words: segment start, connections, of which from the snapshot, segment capacity, then the signature. */
const START = 0;
const COUNT = 1;
const BASE = 2;
const CAPACITY = 3;
const SIGNATURE = 4;
/**
 * Words of a member's block signature: bit k is set when the member has a connection among
 * the k-th of SIGNATURE_WORDS * 32 equal ranges of member ids. Two members whose signatures
 * share no bit share no connection, and that answers without reading either list: in the
 * policies bench 82% of invitations go to strangers, and member ids are clustered enough that
 * 384 bits rule out 60% of those pairs (128 bits: 40%, 512: 65%; a hash of the id instead of
 * its range: 22% at 128). 384 bits are what fill the record's line beside its four words.
 * `disjoint` reads the words unrolled: change both together.
 */
const SIGNATURE_WORDS = 12;
/** Words a record: one 64-byte cache line. */
const RECORD = 16;
/** A member's first added connection gets at least this much room. */
const MIN_SEGMENT = 4;
/**
 * Mutual connections are counted by marking the smaller side's connections when the other
 * side has at most this many times as many; beyond it, probing each of the smaller side's
 * connections (a binary search and a walk of the hub's added part) costs less than reading
 * the hub's whole list.
 */
const MARK_RATIO = 16;
/**
 * A segment's room when the run opens: its snapshot row and half as much again (at least
 * MIN_SEGMENT), so that the first added connections move nothing; a move copies the
 * snapshot's part too, which made `none`'s replay (all connects) a quarter slower without it.
 */
function firstCapacity(base: number): number {
  return base + Math.max(MIN_SEGMENT, base >> 1);
}

export class ConnectionLists {
  private readonly record: Int32Array;
  private pool: Int32Array;
  private used: number;
  /**
   * Bit c: c is a connection of the member being counted against, set for one count and
   * cleared after it. A bit a member (12.5 KB at 100,000 members) stays in the first-level
   * cache.
   */
  private readonly marks: Int32Array;
  /** Signature bits per member id: bit of connection c is floor(c * bitsPerId). */
  private readonly bitsPerId: number;

  constructor(start: Csr) {
    const members = start.offsets.length - 1;
    const { offsets, targets } = start;
    // Signature bits are only ever set, as connections are only added.
    this.record = cacheLineInt32s(members * RECORD);
    let at = 0;
    for (let m = 0; m < members; m++) {
      const r = m * RECORD;
      const n = offsets[m + 1] - offsets[m];
      this.record[r + START] = at;
      this.record[r + COUNT] = n;
      this.record[r + BASE] = n;
      this.record[r + CAPACITY] = firstCapacity(n);
      at += firstCapacity(n);
    }
    // As much room again before the first compaction.
    this.pool = new Int32Array(Math.max(64, 2 * at));
    for (let m = 0; m < members; m++) this.pool.set(targets.subarray(offsets[m], offsets[m + 1]), this.record[m * RECORD + START]);
    this.used = at;
    this.marks = new Int32Array((members + 31) >>> 5);
    this.bitsPerId = (SIGNATURE_WORDS * 32) / Math.max(1, members);
    for (let m = 0; m < members; m++) for (let i = offsets[m]; i < offsets[m + 1]; i++) this.sign(m, targets[i]);
  }

  /** Sets the signature bit of m's connection x. */
  private sign(m: number, x: number): void {
    // min: rounding must not carry the last ids past the last bit.
    const bit = Math.min(SIGNATURE_WORDS * 32 - 1, Math.floor(x * this.bitsPerId));
    this.record[m * RECORD + SIGNATURE + (bit >>> 5)] |= 1 << (bit & 31);
  }

  /** True when a's and b's signatures share no bit: then they share no connection. */
  private disjoint(a: number, b: number): boolean {
    const r = this.record;
    const pa = a * RECORD + SIGNATURE;
    const pb = b * RECORD + SIGNATURE;
    return (
      ((r[pa] & r[pb]) |
        (r[pa + 1] & r[pb + 1]) |
        (r[pa + 2] & r[pb + 2]) |
        (r[pa + 3] & r[pb + 3]) |
        (r[pa + 4] & r[pb + 4]) |
        (r[pa + 5] & r[pb + 5]) |
        (r[pa + 6] & r[pb + 6]) |
        (r[pa + 7] & r[pb + 7]) |
        (r[pa + 8] & r[pb + 8]) |
        (r[pa + 9] & r[pb + 9]) |
        (r[pa + 10] & r[pb + 10]) |
        (r[pa + 11] & r[pb + 11])) ===
      0
    );
  }

  count(m: number): number {
    return this.record[m * RECORD + COUNT];
  }

  /** Whether b is among a's connections: a binary search of a's snapshot part, then the shorter of the two added parts. */
  has(a: number, b: number): boolean {
    const rec = this.record;
    const pool = this.pool;
    const ra = a * RECORD;
    const lo = rec[ra + START];
    if (indexInSorted(pool, lo, lo + rec[ra + BASE] - 1, b) >= 0) return true;
    const rb = b * RECORD;
    const addedA = rec[ra + COUNT] - rec[ra + BASE];
    const addedB = rec[rb + COUNT] - rec[rb + BASE];
    const r = addedA <= addedB ? ra : rb;
    const x = addedA <= addedB ? b : a;
    const to = rec[r + START] + rec[r + COUNT];
    for (let i = rec[r + START] + rec[r + BASE]; i < to; i++) if (pool[i] === x) return true;
    return false;
  }

  /**
   * Writes m's connections into out (while room lasts): the snapshot's row in its order, then
   * the added ones in AdjacencyLists' order; returns how many m has.
   */
  copy(m: number, out: Int32Array): number {
    const rec = this.record;
    const r = m * RECORD;
    const from = rec[r + START];
    const base = rec[r + BASE];
    const pool = this.pool;
    for (let i = 0; i < base; i++) if (i < out.length) out[i] = pool[from + i];
    return copyInAddedOrder(pool, from + base, rec[r + COUNT] - base, out, base);
  }

  /** min(connections a and b share, cap), for cap > 0. */
  mutual(a: number, b: number, cap: number): number {
    if (this.disjoint(a, b)) return 0;
    const rec = this.record;
    let small = a * RECORD;
    let other = b * RECORD;
    let otherId = b;
    if (rec[other + COUNT] < rec[small + COUNT]) {
      small = b * RECORD;
      other = a * RECORD;
      otherId = a;
    }
    const n = rec[small + COUNT];
    const o = rec[other + COUNT];
    if (n === 0 || o === 0) return 0;
    const pool = this.pool;
    const sFrom = rec[small + START];
    const sTo = sFrom + n;
    let count = 0;
    if (o > MARK_RATIO * n) {
      for (let i = sFrom; i < sTo && count < cap; i++) {
        const c = pool[i];
        if (c !== otherId && this.has(otherId, c)) count++;
      }
      return count;
    }
    const marks = this.marks;
    for (let i = sFrom; i < sTo; i++) marks[pool[i] >>> 5] |= 1 << (pool[i] & 31);
    // Neither side is among its own connections, so the smaller side is never marked and the other never scanned for itself.
    const oFrom = rec[other + START];
    const oTo = oFrom + o;
    for (let i = oFrom; i < oTo && count < cap; i++) if ((marks[pool[i] >>> 5] & (1 << (pool[i] & 31))) !== 0) count++;
    // Cleared word by word: the words just set are still in cache.
    for (let i = sFrom; i < sTo; i++) marks[pool[i] >>> 5] = 0;
    return count;
  }

  /** Appends x to m's connections (the caller knows it is not among them). */
  add(m: number, x: number): void {
    const r = m * RECORD;
    const n = this.record[r + COUNT];
    if (n === this.record[r + CAPACITY]) this.move(m, Math.max(MIN_SEGMENT, 2 * n));
    this.pool[this.record[r + START] + n] = x;
    this.record[r + COUNT] = n + 1;
    this.sign(m, x);
  }

  /** Bytes held. */
  bytes(): number {
    return this.record.byteLength + this.pool.byteLength + this.marks.byteLength;
  }

  /** Gives m a segment of `capacity` at the pool's end, holding its connections so far. */
  private move(m: number, capacity: number): void {
    if (this.used + capacity > this.pool.length) this.compact(capacity);
    const r = m * RECORD;
    const n = this.record[r + COUNT];
    const from = this.record[r + START];
    const to = this.used;
    const pool = this.pool;
    for (let i = 0; i < n; i++) pool[to + i] = pool[from + i];
    this.record[r + START] = to;
    this.record[r + CAPACITY] = capacity;
    this.used += capacity;
  }

  /** A pool half as large again as the live segments (plus `room`), the segments copied in member order: moved segments' old space is dropped here. */
  private compact(room: number): void {
    const rec = this.record;
    let live = room;
    for (let r = 0; r < rec.length; r += RECORD) live += rec[r + CAPACITY];
    const pool = new Int32Array(Math.max(this.pool.length, Math.ceil(live * 1.5)));
    let at = 0;
    for (let r = 0; r < rec.length; r += RECORD) {
      const from = rec[r + START];
      pool.set(this.pool.subarray(from, from + rec[r + COUNT]), at);
      rec[r + START] = at;
      at += rec[r + CAPACITY];
    }
    this.pool = pool;
    this.used = at;
  }
}
