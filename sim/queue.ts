/**
 * EventQueue: a calendar queue of future events with one bucket per simulated minute.
 * An event is one int32 payload; buckets are FIFO linked lists through a pooled node
 * array, so scheduling and popping allocate nothing (the pool doubles when full). A node's
 * link and payload sit side by side (one cache line per pop: the pool is large and
 * visited in no order).
 * Events at or past the horizon are dropped: the run never reaches them.
 */
export class EventQueue {
  private readonly head: Int32Array;
  private readonly tail: Int32Array;
  /** Node k: link at 2k (next node, -1 at the end), payload at 2k + 1. */
  private nodes: Int32Array;
  private free = -1;
  private used = 0;
  /** The minute being processed. */
  now = 0;

  constructor(readonly horizon: number, capacity = 1024) {
    this.head = new Int32Array(horizon).fill(-1);
    this.tail = new Int32Array(horizon).fill(-1);
    this.nodes = new Int32Array(capacity * 2);
  }

  /** Schedules `payload` at minute `at` (clamped to now; dropped at or past the horizon). */
  push(at: number, payload: number): void {
    if (at < this.now) at = this.now;
    if (at >= this.horizon) return;
    const nodes = this.nodes;
    let node = this.free;
    if (node >= 0) this.free = nodes[node * 2];
    else {
      if (this.used * 2 === nodes.length) this.grow();
      node = this.used++;
    }
    this.nodes[node * 2] = -1;
    this.nodes[node * 2 + 1] = payload;
    const t = this.tail[at];
    if (t < 0) this.head[at] = node;
    else this.nodes[t * 2] = node;
    this.tail[at] = node;
  }

  /** The next payload at the current minute, or -1 when this minute is done. */
  popNow(): number {
    const node = this.head[this.now];
    if (node < 0) return -1;
    const nodes = this.nodes;
    const n = nodes[node * 2];
    this.head[this.now] = n;
    if (n < 0) this.tail[this.now] = -1;
    nodes[node * 2] = this.free;
    this.free = node;
    return nodes[node * 2 + 1];
  }

  /** Nodes ever allocated (the pool's high-water mark). */
  get capacity(): number {
    return this.nodes.length / 2;
  }

  private grow(): void {
    const nodes = new Int32Array(this.nodes.length * 2);
    nodes.set(this.nodes);
    this.nodes = nodes;
  }
}
