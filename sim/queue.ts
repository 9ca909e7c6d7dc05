/**
 * EventQueue: a calendar queue of future events with one bucket per simulated minute.
 * An event is an int32 payload plus two int32 data words; buckets are linked lists through
 * a pooled node array, so scheduling and popping allocate nothing (the pool doubles when
 * full). A node's link, payload and data sit side by side: the pool is large and visited in
 * no order, so each pop costs one cache line, and an answer event carries its invitation
 * with it instead of pointing at another table. Within a minute, events pop last-in
 * first-out: pushing at a bucket's head touches no other node (appending at its tail would
 * touch the cold previous tail on every push). The order is as deterministic either way.
 * Events at or past the horizon are dropped: the run never reaches them.
 */
const STRIDE = 4;

export class EventQueue {
  private readonly head: Int32Array;
  /** Node k: next node (-1 at the end) at 4k, payload at 4k + 1, data at 4k + 2 and 4k + 3. */
  private nodes: Int32Array;
  private free = -1;
  private used = 0;
  /** The minute being processed. */
  now = 0;
  /** The data words of the event popNow last returned. */
  data0 = 0;
  data1 = 0;

  constructor(readonly horizon: number, capacity = 1024) {
    this.head = new Int32Array(horizon).fill(-1);
    this.nodes = new Int32Array(capacity * STRIDE);
  }

  /** Schedules an event at minute `at` (clamped to now; dropped at or past the horizon). */
  push(at: number, payload: number, data0 = 0, data1 = 0): void {
    if (at < this.now) at = this.now;
    if (at >= this.horizon) return;
    let node = this.free;
    if (node >= 0) this.free = this.nodes[node * STRIDE];
    else {
      if (this.used * STRIDE === this.nodes.length) this.grow();
      node = this.used++;
    }
    const nodes = this.nodes;
    const k = node * STRIDE;
    nodes[k] = this.head[at];
    nodes[k + 1] = payload;
    nodes[k + 2] = data0;
    nodes[k + 3] = data1;
    this.head[at] = node;
  }

  /** The next payload at the current minute (its data in data0/data1), or -1 when this minute is done. */
  popNow(): number {
    const node = this.head[this.now];
    if (node < 0) return -1;
    const nodes = this.nodes;
    const k = node * STRIDE;
    this.head[this.now] = nodes[k];
    nodes[k] = this.free;
    this.free = node;
    this.data0 = nodes[k + 2];
    this.data1 = nodes[k + 3];
    return nodes[k + 1];
  }

  /** Nodes allocated (the pool's size). */
  get capacity(): number {
    return this.nodes.length / STRIDE;
  }

  private grow(): void {
    const nodes = new Int32Array(this.nodes.length * 2);
    nodes.set(this.nodes);
    this.nodes = nodes;
  }
}
