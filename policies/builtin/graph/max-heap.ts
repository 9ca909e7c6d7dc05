/**
 * MaxHeap: a binary max-heap of (key, node) pairs in typed arrays, for the Kernighan-Lin
 * search's "best move next". Entries are never updated in place: a caller pushes a node again
 * when its key changes and skips stale entries as it pops them (lazy deletion).
 */
export class MaxHeap {
  private keys = new Float64Array(1024);
  private nodes = new Int32Array(1024);
  size = 0;
  /** Node of the entry pop() returned. */
  node = -1;

  clear(): void {
    this.size = 0;
  }

  push(key: number, node: number): void {
    if (this.size === this.keys.length) this.grow();
    const { keys, nodes } = this;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent] >= key) break;
      keys[i] = keys[parent];
      nodes[i] = nodes[parent];
      i = parent;
    }
    keys[i] = key;
    nodes[i] = node;
  }

  /** Appends an entry without ordering: call heapify() after the last, before any push or pop. */
  append(key: number, node: number): void {
    if (this.size === this.keys.length) this.grow();
    this.keys[this.size] = key;
    this.nodes[this.size++] = node;
  }

  /** Orders appended entries into a heap, in O(size). */
  heapify(): void {
    for (let i = (this.size >> 1) - 1; i >= 0; i--) this.siftDown(i, this.keys[i], this.nodes[i], this.size);
  }

  /** Removes the largest entry: returns its key and leaves its node in `node`. */
  pop(): number {
    const { keys, nodes } = this;
    const top = keys[0];
    this.node = nodes[0];
    const last = --this.size;
    this.siftDown(0, keys[last], nodes[last], last);
    return top;
  }

  /** Places (key, node) at i or below, among the first `size` entries. */
  private siftDown(i: number, key: number, node: number, size: number): void {
    const { keys, nodes } = this;
    const last = size;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      if (child + 1 < last && keys[child + 1] > keys[child]) child++;
      if (keys[child] <= key) break;
      keys[i] = keys[child];
      nodes[i] = nodes[child];
      i = child;
    }
    keys[i] = key;
    nodes[i] = node;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    const nodes = new Int32Array(this.nodes.length * 2);
    nodes.set(this.nodes);
    this.keys = keys;
    this.nodes = nodes;
  }
}
