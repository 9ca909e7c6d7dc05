/**
 * EdgeList: undirected edges as they are read, in fixed-size chunks (no doubling copies, so a
 * 35-million-edge file never holds two copies of its edges), and the symmetric, sorted,
 * deduplicated CSR they make. The CSR's arrays are allocated in SharedArrayBuffers so that
 * worker threads read the graph without a copy.
 */
const CHUNK = 1 << 20;

export class EdgeList {
  private readonly chunks: Int32Array[] = [];
  private at = CHUNK;
  /** Edges added (self-loops are not added: they are counted). */
  length = 0;
  selfLoops = 0;

  add(a: number, b: number): void {
    if (a === b) {
      this.selfLoops++;
      return;
    }
    if (this.at === CHUNK) {
      this.chunks.push(new Int32Array(CHUNK * 2));
      this.at = 0;
    }
    const c = this.chunks[this.chunks.length - 1];
    c[this.at * 2] = a;
    c[this.at * 2 + 1] = b;
    this.at++;
    this.length++;
  }

  forEach(fn: (a: number, b: number) => void): void {
    for (let k = 0; k < this.chunks.length; k++) {
      const c = this.chunks[k];
      const n = k === this.chunks.length - 1 ? this.at : CHUNK;
      for (let i = 0; i < n; i++) fn(c[i * 2], c[i * 2 + 1]);
    }
  }

  /** Frees the chunks (after the CSR is built). */
  clear(): void {
    this.chunks.length = 0;
    this.at = CHUNK;
  }
}

export interface BuiltCsr {
  offsets: Int32Array;
  targets: Int32Array;
  /** Edges dropped because the same pair was given again (either direction). */
  duplicates: number;
  /** Distinct undirected edges. */
  edges: number;
}

/** Builds the symmetric CSR over n members, each row sorted and deduplicated, and frees the list. */
export function buildCsr(list: EdgeList, n: number): BuiltCsr {
  const offsets = new Int32Array(new SharedArrayBuffer((n + 1) * 4));
  list.forEach((a, b) => {
    offsets[a + 1]++;
    offsets[b + 1]++;
  });
  for (let m = 0; m < n; m++) offsets[m + 1] += offsets[m];
  const raw = new Int32Array(new SharedArrayBuffer(offsets[n] * 4));
  const fill = offsets.slice(0, n);
  list.forEach((a, b) => {
    raw[fill[a]++] = b;
    raw[fill[b]++] = a;
  });
  list.clear();
  // Sort each row and squeeze out repeats in place; the rows move left over the gaps.
  let w = 0;
  let start = 0;
  for (let m = 0; m < n; m++) {
    const end = offsets[m + 1];
    const row = raw.subarray(start, end).sort();
    offsets[m] = w;
    for (let i = 0; i < row.length; i++) if (i === 0 || row[i] !== row[i - 1]) raw[w++] = row[i];
    start = end;
  }
  const directed = offsets[n];
  offsets[n] = w;
  return { offsets, targets: raw.subarray(0, w), duplicates: (directed - w) / 2, edges: w / 2 };
}

/** Connected components (union-find): how many, and the size of the largest. */
export function components(offsets: Int32Array, targets: Int32Array, n: number): { count: number; largest: number } {
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  for (let a = 0; a < n; a++) {
    for (let e = offsets[a]; e < offsets[a + 1]; e++) {
      const b = targets[e];
      if (b < a) continue;
      const ra = find(a);
      const rb = find(b);
      if (ra !== rb) parent[ra < rb ? rb : ra] = ra < rb ? ra : rb;
    }
  }
  const size = new Int32Array(n);
  let count = 0;
  let largest = 0;
  for (let i = 0; i < n; i++) {
    const r = find(i);
    if (size[r]++ === 0) count++;
    if (size[r] > largest) largest = size[r];
  }
  return { count, largest };
}

/** Degree quartiles (nearest rank) and the maximum. */
export function degreeQuartiles(offsets: Int32Array, n: number): [number, number, number, number] {
  if (n === 0) return [0, 0, 0, 0];
  const d = new Int32Array(n);
  for (let m = 0; m < n; m++) d[m] = offsets[m + 1] - offsets[m];
  d.sort();
  const q = (p: number) => d[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))];
  return [q(0.25), q(0.5), q(0.75), d[n - 1]];
}

/** The CSR with members renumbered: new id of old m is `newId[m]` (rows sorted again). */
export function permuteCsr(offsets: Int32Array, targets: Int32Array, newId: Int32Array): { offsets: Int32Array; targets: Int32Array } {
  const n = newId.length;
  const oldId = new Int32Array(n);
  for (let m = 0; m < n; m++) oldId[newId[m]] = m;
  const o = new Int32Array(new SharedArrayBuffer((n + 1) * 4));
  for (let k = 0; k < n; k++) o[k + 1] = o[k] + offsets[oldId[k] + 1] - offsets[oldId[k]];
  const t = new Int32Array(new SharedArrayBuffer(targets.length * 4));
  for (let k = 0; k < n; k++) {
    const m = oldId[k];
    let w = o[k];
    for (let e = offsets[m]; e < offsets[m + 1]; e++) t[w++] = newId[targets[e]];
    t.subarray(o[k], o[k + 1]).sort();
  }
  return { offsets: o, targets: t };
}
