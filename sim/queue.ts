/**
 * EventQueue: a calendar queue of future events with one bucket per simulated minute.
 * An event is an int32 payload plus two int32 data words, so an answer event carries its
 * invitation with it instead of pointing at another table. A bucket is a stack of blocks
 * of PER_BLOCK events from a pooled Int32Array (the pool grows by half when full), so scheduling
 * and popping allocate nothing. Blocks, not one node per event: popping walks a bucket
 * block by block, one cache miss per block of events instead of a dependent miss per event
 * (a linked list of events scattered over a pool larger than the cache was a fifth of the
 * engine's time at a million members). Within a minute, events pop last-in first-out, so a
 * push touches only the bucket's head block. Events at or past the horizon are dropped: the
 * run never reaches them.
 */
const PER_BLOCK = 10;
const WORDS_PER_EVENT = 3;
/** Block b: next block (-1 at the end) at b * BLOCK_WORDS, then its events' payload and data. Two cache lines. */
const BLOCK_WORDS = 32;

export class EventQueue {
  /** Each minute's head block (-1: no event). Only the head block can be partly filled. */
  private readonly head: Int32Array;
  /** Events in each minute's head block. */
  private readonly fill: Uint8Array;
  private blocks: Int32Array;
  private free = -1;
  private used = 0;
  /** The minute being processed. */
  now = 0;
  /** The data words of the event popNow last returned. */
  data0 = 0;
  data1 = 0;

  /** `capacity`: events the pool holds before it first grows. */
  constructor(readonly horizon: number, capacity = 1024) {
    this.head = new Int32Array(horizon).fill(-1);
    this.fill = new Uint8Array(horizon);
    this.blocks = new Int32Array(Math.ceil(capacity / PER_BLOCK) * BLOCK_WORDS);
  }

  /** Schedules an event at minute `at` (clamped to now; dropped at or past the horizon). */
  push(at: number, payload: number, data0 = 0, data1 = 0): void {
    if (at < this.now) at = this.now;
    if (at >= this.horizon) return;
    let block = this.head[at];
    let n = this.fill[at];
    if (block < 0 || n === PER_BLOCK) {
      const next = block;
      block = this.allocate();
      this.blocks[block * BLOCK_WORDS] = next;
      this.head[at] = block;
      n = 0;
    }
    const k = block * BLOCK_WORDS + 1 + n * WORDS_PER_EVENT;
    const blocks = this.blocks;
    blocks[k] = payload;
    blocks[k + 1] = data0;
    blocks[k + 2] = data1;
    this.fill[at] = n + 1;
  }

  /** The next payload at the current minute (its data in data0/data1), or -1 when this minute is done. */
  popNow(): number {
    const now = this.now;
    const block = this.head[now];
    if (block < 0) return -1;
    const blocks = this.blocks;
    const n = this.fill[now] - 1;
    const k = block * BLOCK_WORDS + 1 + n * WORDS_PER_EVENT;
    this.data0 = blocks[k + 1];
    this.data1 = blocks[k + 2];
    const payload = blocks[k];
    if (n > 0) this.fill[now] = n;
    else {
      // The blocks under the head are full.
      const next = blocks[block * BLOCK_WORDS];
      this.head[now] = next;
      this.fill[now] = next < 0 ? 0 : PER_BLOCK;
      blocks[block * BLOCK_WORDS] = this.free;
      this.free = block;
    }
    return payload;
  }

  /**
   * Calls `visit(payload, data0, data1)` for the next `limit` events of the current minute (as
   * many as there are, if fewer), in the order popNow will return them unless pushes into this
   * minute come first, without popping any; returns the xor of what it returned.
   */
  peekNow(visit: (payload: number, data0: number, data1: number) => number, limit: number): number {
    const blocks = this.blocks;
    let x = 0;
    let n = this.fill[this.now];
    for (let block = this.head[this.now]; block >= 0 && limit > 0; block = blocks[block * BLOCK_WORDS], n = PER_BLOCK) {
      const first = block * BLOCK_WORDS + 1;
      for (let i = n - 1; i >= 0 && limit > 0; i--, limit--) {
        const k = first + i * WORDS_PER_EVENT;
        x ^= visit(blocks[k], blocks[k + 1], blocks[k + 2]);
      }
    }
    return x;
  }

  /** Events the pool can hold without growing. */
  get capacity(): number {
    return (this.blocks.length / BLOCK_WORDS) * PER_BLOCK;
  }

  private allocate(): number {
    const block = this.free;
    if (block >= 0) {
      this.free = this.blocks[block * BLOCK_WORDS];
      return block;
    }
    if (this.used * BLOCK_WORDS === this.blocks.length) {
      // Half again, not double: the pool is the largest array of a run, and most of it stays in use.
      const blocks = new Int32Array(Math.ceil((this.blocks.length * 1.5) / BLOCK_WORDS) * BLOCK_WORDS);
      blocks.set(this.blocks);
      this.blocks = blocks;
    }
    return this.used++;
  }
}
