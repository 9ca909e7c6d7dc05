/**
 * AdjacencyLists: a growable list of neighbours per member, for connections made during a
 * run. Each member's entries sit contiguous in one pool, in the order added, in a segment
 * whose capacity doubles (from MIN_SEGMENT) when it fills: the segment moves to the pool's
 * end, so adding allocates nothing but an occasional growth of the pool, which also drops the
 * segments left behind. A member with no added connections costs 8 bytes.
 *
 * Contiguous because counting mutual connections scans whole lists, and a chain of blocks
 * costs a cache miss per block. The engine keeps its connections to non-contacts here;
 * ConnectionLists (the uploaded-snapshot view's) holds the same order for its added part.
 * `copy` and `at` report an earlier linked-block layout's order (see ORDER_GROUP), which
 * seeded runs have been read in.
 */
const MIN_SEGMENT = 4;
/**
 * copy and at report a member's entries in groups of this many adds, the newest group first,
 * each group in the order added: the order the linked blocks (7 ids each, newest first) gave.
 * connectionsOf hands it to policies (friend-of-friend picks, the detectors' float sums), so
 * another order would change seeded results.
 */
const ORDER_GROUP = 7;

export class AdjacencyLists {
  /** Added neighbours per member. */
  readonly count: Int32Array;
  /** Where each member's segment starts in the pool (meaningless while count is 0). */
  private readonly head: Int32Array;
  private pool: Int32Array;
  private used = 0;

  constructor(members: number, expected = members) {
    this.count = new Int32Array(members);
    this.head = new Int32Array(members);
    // As much room as the linked blocks took for `expected` entries: the engine's state per member does not grow.
    this.pool = new Int32Array(Math.max(64, Math.ceil(expected / 7) * 8));
  }

  /**
   * Every member's entries: member m's are entries[start(m) .. start(m) + count[m]), in the
   * order added. Valid until the next add (a growth replaces the pool).
   */
  get entries(): Int32Array {
    return this.pool;
  }

  start(m: number): number {
    return this.head[m];
  }

  add(m: number, x: number): void {
    const k = this.count[m];
    // A segment holds MIN_SEGMENT, then doubles: full exactly when k is MIN_SEGMENT times a power of two.
    if (k === 0 || (k >= MIN_SEGMENT && (k & (k - 1)) === 0)) this.move(m, k === 0 ? MIN_SEGMENT : 2 * k);
    this.pool[this.head[m] + k] = x;
    this.count[m] = k + 1;
  }

  has(m: number, x: number): boolean {
    const pool = this.pool;
    const from = this.head[m];
    const to = from + this.count[m];
    for (let i = from; i < to; i++) if (pool[i] === x) return true;
    return false;
  }

  /** m's entry at position k of `copy`'s order (newest group first), 0 <= k < count[m]. */
  at(m: number, k: number): number {
    const n = this.count[m];
    const inNewest = n % ORDER_GROUP || ORDER_GROUP;
    const newest = n - inNewest;
    if (k < inNewest) return this.pool[this.head[m] + newest + k];
    k -= inNewest;
    const group = newest - ORDER_GROUP * (1 + Math.floor(k / ORDER_GROUP));
    return this.pool[this.head[m] + group + (k % ORDER_GROUP)];
  }

  /** Copies m's entries into out from position `at` while room lasts; returns the position after the last entry (counting those that did not fit). */
  copy(m: number, out: Int32Array, at: number): number {
    return copyInAddedOrder(this.pool, this.head[m], this.count[m], out, at);
  }

  /** Bytes held. */
  bytes(): number {
    return this.count.byteLength + this.head.byteLength + this.pool.byteLength;
  }

  /** Gives m a segment of `capacity` at the pool's end, holding its entries so far. */
  private move(m: number, capacity: number): void {
    if (this.used + capacity > this.pool.length) this.grow(capacity);
    const n = this.count[m];
    const to = this.used;
    // A loop, not copyWithin: segments are short, and the call costs more than the copy.
    const pool = this.pool;
    const from = this.head[m];
    for (let i = 0; i < n; i++) pool[to + i] = pool[from + i];
    this.head[m] = to;
    this.used += capacity;
  }

  /**
   * A pool half as large again as the live segments need (plus room for `capacity`), the
   * live segments copied in member order: moved segments leave their old space behind, and
   * this is where it is dropped, so the pool stays within a small multiple of the entries.
   */
  private grow(capacity: number): void {
    const count = this.count;
    let live = capacity;
    for (let m = 0; m < count.length; m++) if (count[m] > 0) live += segmentFor(count[m]);
    const pool = new Int32Array(Math.max(this.pool.length, Math.ceil(live * 1.5)));
    let at = 0;
    for (let m = 0; m < count.length; m++) {
      if (count[m] === 0) continue;
      pool.set(this.pool.subarray(this.head[m], this.head[m] + count[m]), at);
      this.head[m] = at;
      at += segmentFor(count[m]);
    }
    this.pool = pool;
    this.used = at;
  }
}

/** The capacity of the segment that holds n > 0 entries: MIN_SEGMENT, doubled until n fits. */
function segmentFor(n: number): number {
  let c = MIN_SEGMENT;
  while (c < n) c *= 2;
  return c;
}

/**
 * Copies the n entries at pool[from ..] (in the order added) into out from position `at`, in
 * copy's order (ORDER_GROUP), while room lasts; returns the position after the last entry
 * (counting those that did not fit). ConnectionLists reports its added connections so too.
 */
export function copyInAddedOrder(pool: Int32Array, from: number, n: number, out: Int32Array, at: number): number {
  let group = n - (n % ORDER_GROUP || ORDER_GROUP);
  for (let end = n; end > 0; end = group, group -= ORDER_GROUP) {
    for (let i = group; i < end; i++, at++) if (at < out.length) out[at] = pool[from + i];
  }
  return at;
}
