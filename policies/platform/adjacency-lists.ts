/**
 * AdjacencyLists: a growable list of neighbours per member, for connections made during a
 * run. Entries sit in 8-int blocks of one pool (slot 0 links to the member's next block,
 * 1..7 hold ids, newest block first), so adding a connection allocates nothing but an
 * occasional growth of the pool by half, and a member with no added connections costs 8 bytes.
 */
const BLOCK = 8;
const PER_BLOCK = BLOCK - 1;

export class AdjacencyLists {
  /** Added neighbours per member. */
  readonly count: Int32Array;
  private readonly head: Int32Array;
  private pool: Int32Array;
  private used = 0;

  constructor(members: number, expected = members) {
    this.count = new Int32Array(members);
    this.head = new Int32Array(members).fill(-1);
    this.pool = new Int32Array(Math.max(64, Math.ceil(expected / PER_BLOCK) * BLOCK));
  }

  add(m: number, x: number): void {
    const k = this.count[m]++;
    let block = this.head[m];
    const at = k % PER_BLOCK;
    if (at === 0) {
      if (this.used + BLOCK > this.pool.length) this.grow();
      const fresh = this.used;
      this.used += BLOCK;
      this.pool[fresh] = block;
      this.head[m] = block = fresh;
    }
    this.pool[block + 1 + at] = x;
  }

  has(m: number, x: number): boolean {
    const pool = this.pool;
    let left = this.count[m];
    let inBlock = left % PER_BLOCK || PER_BLOCK;
    for (let block = this.head[m]; left > 0; block = pool[block]) {
      for (let i = 1; i <= inBlock; i++) if (pool[block + i] === x) return true;
      left -= inBlock;
      inBlock = PER_BLOCK;
    }
    return false;
  }

  /** m's entry at position k of `copy`'s order (newest block first), 0 <= k < count[m]. */
  at(m: number, k: number): number {
    const pool = this.pool;
    let block = this.head[m];
    const inHead = this.count[m] % PER_BLOCK || PER_BLOCK;
    if (k < inHead) return pool[block + 1 + k];
    k -= inHead;
    block = pool[block];
    for (; k >= PER_BLOCK; k -= PER_BLOCK) block = pool[block];
    return pool[block + 1 + k];
  }

  /** Copies m's entries into out from position `at` while room lasts; returns the position after the last entry (counting those that did not fit). */
  copy(m: number, out: Int32Array, at: number): number {
    const pool = this.pool;
    let left = this.count[m];
    let inBlock = left % PER_BLOCK || PER_BLOCK;
    for (let block = this.head[m]; left > 0; block = pool[block]) {
      for (let i = 1; i <= inBlock; i++, at++) if (at < out.length) out[at] = pool[block + i];
      left -= inBlock;
      inBlock = PER_BLOCK;
    }
    return at;
  }

  /** Bytes held. */
  bytes(): number {
    return this.count.byteLength + this.head.byteLength + this.pool.byteLength;
  }

  private grow(): void {
    const pool = new Int32Array(Math.ceil((this.pool.length * 1.5) / BLOCK) * BLOCK);
    pool.set(this.pool);
    this.pool = pool;
  }
}
