/**
 * EdgeList: undirected edges as they are read, and the symmetric, sorted, deduplicated CSR they
 * make, built in place: the pairs are read into a growable SharedArrayBuffer (it grows without a
 * copy, and its pages cost memory only once written), and the CSR's targets are made in that same
 * buffer, so the edges are never held beside the graph they make (peak memory about the final
 * graph plus a few arrays of one int a member). The targets stay in that SharedArrayBuffer, so
 * worker threads read the graph without a copy.
 */
import { InputError } from '../sim/errors';

/** V8's largest growable SharedArrayBuffer (2^32 - 8 bytes): 536,870,911 edges. */
const MAX_BYTES = 2 ** 32 - 8;
/** Growth step: a grow is cheap (no copy), so the step only bounds how many there are. */
const GROW_BYTES = 16 << 20;

/** Growable SharedArrayBuffers (ES2024, in Node since 20), which this TypeScript's lib does not declare yet. */
type GrowableSab = SharedArrayBuffer & { grow(bytes: number): void };
const GrowableSab = SharedArrayBuffer as unknown as new (bytes: number, options: { maxByteLength: number }) => GrowableSab;

export class EdgeList {
  private buf = new GrowableSab(0, { maxByteLength: MAX_BYTES });
  /** The pairs: a at 2k, b at 2k+1 (a fixed-length view, renewed at each grow). */
  private pairs = new Int32Array(this.buf);
  /** Edges added (self-loops are not added: they are counted). */
  length = 0;
  selfLoops = 0;

  constructor(private readonly what = 'graph.file') {}

  add(a: number, b: number): void {
    if (a === b) {
      this.selfLoops++;
      return;
    }
    const i = this.length * 2;
    if (i + 2 > this.pairs.length) this.grow();
    this.pairs[i] = a;
    this.pairs[i + 1] = b;
    this.length++;
  }

  private grow(): void {
    if (this.buf.byteLength + 8 > MAX_BYTES) {
      throw new InputError(`${this.what}: more than ${Math.floor(MAX_BYTES / 8).toLocaleString('en-US')} edges; invitesim holds at most that many (use a sample of the graph)`);
    }
    this.buf.grow(Math.min(MAX_BYTES, this.buf.byteLength + GROW_BYTES));
    this.pairs = new Int32Array(this.buf, 0, this.buf.byteLength / 4);
  }

  /** Renames every id x of the pairs so far to index[x] - 1 (IdTable.finish: whole-number ids to dense ones). */
  rename(index: Int32Array): void {
    const p = this.pairs;
    for (let i = 0, end = this.length * 2; i < end; i++) p[i] = index[p[i]] - 1;
  }

  /** Hands over the pairs (2 × length ints, in the buffer the CSR is built in) and empties the list. */
  take(): Int32Array {
    const p = this.pairs.subarray(0, this.length * 2);
    this.buf = new GrowableSab(0, { maxByteLength: 8 });
    this.pairs = new Int32Array(this.buf);
    this.length = 0;
    return p;
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

/**
 * Builds the symmetric CSR over n members, each row sorted and deduplicated, in the list's own
 * buffer (and empties the list). The E pairs take 2E ints, as many as the CSR's targets before
 * deduplication, so: (1) group the pairs by their second member, in place (groupBySecond);
 * (2) keep only the first members, packed into
 * the first E ints: row y of a directed half, y → x; (3) move each row right to where its final
 * row starts (last row first, so no row is written over before it moves), leaving after it room
 * for the reverse direction; (4) write each x ← y into x's room; (5) sort each row and squeeze
 * out repeats, the rows moving left over the gaps.
 */
export function buildCsr(list: EdgeList, n: number): BuiltCsr {
  const e = list.length;
  const p = list.take();
  // (1) Group by the second member: row y of the directed half starts at start[y].
  const start = groupBySecond(p, e, n);
  // (2) The directed half: row y is p[start[y] .. start[y + 1]), its x's.
  for (let k = 0; k < e; k++) p[k] = p[2 * k];
  // (3) Final rows: each member's x's plus the y's that name it as x.
  const fill = new Int32Array(n);
  for (let k = 0; k < e; k++) fill[p[k]]++;
  const offsets = new Int32Array(new SharedArrayBuffer((n + 1) * 4));
  for (let m = 0; m < n; m++) offsets[m + 1] = offsets[m] + (start[m + 1] - start[m]) + fill[m];
  for (let m = n - 1; m >= 0; m--) p.copyWithin(offsets[m], start[m], start[m + 1]);
  // (4) The reverse direction, into the room after each row's own half.
  for (let m = 0; m < n; m++) fill[m] = offsets[m] + start[m + 1] - start[m];
  for (let m = 0; m < n; m++) {
    const own = offsets[m] + start[m + 1] - start[m];
    for (let j = offsets[m]; j < own; j++) p[fill[p[j]]++] = m;
  }
  // (5) Sort each row and squeeze out repeats in place; the rows move left over the gaps.
  let w = 0;
  let rowStart = 0;
  for (let m = 0; m < n; m++) {
    const end = offsets[m + 1];
    const row = p.subarray(rowStart, end).sort();
    offsets[m] = w;
    for (let i = 0; i < row.length; i++) if (i === 0 || row[i] !== row[i - 1]) p[w++] = row[i];
    rowStart = end;
  }
  const directed = offsets[n];
  offsets[n] = w;
  return { offsets, targets: p.subarray(0, w), duplicates: (directed - w) / 2, edges: w / 2 };
}

/** Buckets of the first grouping pass: few enough that their write cursors stay in cache. */
const COARSE_BITS = 10;

/**
 * Groups the e pairs of p by their second member, in place, and returns where each member's
 * group starts (n + 1 entries). An American flag sort moves each pair once, straight to its
 * group, but each move's address depends on the pair the last one picked up, so over millions
 * of groups every move is a cache miss in turn (4× the whole scatter build's time, measured).
 * So two passes: by the high bits into at most 2^COARSE_BITS groups (their cursors stay in
 * cache), then each coarse group, a few hundred KB, by the full member id.
 */
function groupBySecond(p: Int32Array, e: number, n: number): Int32Array {
  if (n === 0) return new Int32Array(1);
  const bits = n <= 1 ? 0 : 32 - Math.clz32(n - 1);
  const shift = Math.max(0, bits - COARSE_BITS);
  const coarse = ((n - 1) >>> shift) + 1;
  const coarseStart = new Int32Array(coarse + 1);
  const cursor = new Int32Array(Math.max(coarse, 1 << shift) + 1);
  flagSort(p, 0, e, shift, 0, coarse, coarseStart, cursor);
  const start = new Int32Array(n + 1);
  const fine = new Int32Array((1 << shift) + 1);
  for (let g = 0; g < coarse; g++) {
    const base = g << shift;
    const buckets = Math.min(1 << shift, n - base);
    flagSort(p, coarseStart[g], coarseStart[g + 1], 0, base, buckets, fine, cursor);
    start.set(fine.subarray(0, buckets), base);
  }
  start[n] = e;
  return start;
}

/**
 * Pairs lo..hi-1 of p grouped in place by bucket (second member >>> shift) - base, of `buckets`;
 * `start` gets each bucket's first pair index (buckets + 1 entries), `next` is scratch.
 */
function flagSort(p: Int32Array, lo: number, hi: number, shift: number, base: number, buckets: number, start: Int32Array, next: Int32Array): void {
  start.fill(0, 0, buckets + 1);
  for (let k = lo; k < hi; k++) start[(p[2 * k + 1] >>> shift) - base + 1]++;
  start[0] = lo;
  for (let b = 0; b < buckets; b++) start[b + 1] += start[b];
  for (let b = 0; b < buckets; b++) next[b] = start[b];
  for (let b = 0; b < buckets; b++) {
    const end = start[b + 1];
    while (next[b] < end) {
      const k = next[b];
      let x = p[2 * k];
      let y = p[2 * k + 1];
      // Carry the pair to its bucket's next free slot, pick up the one there, until one belongs here.
      for (let c = (y >>> shift) - base; c !== b; c = (y >>> shift) - base) {
        const d = next[c]++;
        const x2 = p[2 * d];
        const y2 = p[2 * d + 1];
        p[2 * d] = x;
        p[2 * d + 1] = y;
        x = x2;
        y = y2;
      }
      p[2 * k] = x;
      p[2 * k + 1] = y;
      next[b]++;
    }
  }
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
    // a's root is found once a row and kept current through the row's unions (the smaller root wins).
    let ra = find(a);
    for (let e = offsets[a]; e < offsets[a + 1]; e++) {
      const b = targets[e];
      if (b < a) continue;
      const rb = find(b);
      if (ra === rb) continue;
      if (ra < rb) parent[rb] = ra;
      else {
        parent[ra] = rb;
        ra = rb;
      }
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
