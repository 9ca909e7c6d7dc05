/**
 * EventQueue: a calendar queue of future events with one bucket per simulated minute.
 * An event is one int32 payload; buckets are FIFO linked lists through a pooled node
 * array, so scheduling and popping allocate nothing (the pool doubles when full).
 * Events at or past the horizon are dropped: the run never reaches them.
 */
export class EventQueue {
  private readonly head: Int32Array;
  private readonly tail: Int32Array;
  private next: Int32Array;
  private payload: Int32Array;
  private free = -1;
  private used = 0;
  /** The minute being processed. */
  now = 0;

  constructor(readonly horizon: number, capacity = 1024) {
    this.head = new Int32Array(horizon).fill(-1);
    this.tail = new Int32Array(horizon).fill(-1);
    this.next = new Int32Array(capacity);
    this.payload = new Int32Array(capacity);
  }

  /** Schedules `payload` at minute `at` (clamped to now; dropped at or past the horizon). */
  push(at: number, payload: number): void {
    if (at < this.now) at = this.now;
    if (at >= this.horizon) return;
    let node = this.free;
    if (node >= 0) this.free = this.next[node];
    else {
      if (this.used === this.next.length) this.grow();
      node = this.used++;
    }
    this.payload[node] = payload;
    this.next[node] = -1;
    const t = this.tail[at];
    if (t < 0) this.head[at] = node;
    else this.next[t] = node;
    this.tail[at] = node;
  }

  /** The next payload at the current minute, or -1 when this minute is done. */
  popNow(): number {
    const node = this.head[this.now];
    if (node < 0) return -1;
    const n = this.next[node];
    this.head[this.now] = n;
    if (n < 0) this.tail[this.now] = -1;
    this.next[node] = this.free;
    this.free = node;
    return this.payload[node];
  }

  /** Nodes ever allocated (the pool's high-water mark). */
  get capacity(): number {
    return this.next.length;
  }

  private grow(): void {
    const size = this.next.length * 2;
    const next = new Int32Array(size);
    next.set(this.next);
    const payload = new Int32Array(size);
    payload.set(this.payload);
    this.next = next;
    this.payload = payload;
  }
}
