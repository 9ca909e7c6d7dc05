/**
 * KnowsGraph: who knows whom, in CSR typed arrays. Communities (workplaces, classes) are
 * contiguous id ranges with Pareto sizes; degrees are heavy-tailed (Chung-Lu weights drawn
 * from a Pareto law), and a `mixing` share of ties leaves the community. Each directed
 * edge also says whether the member knows that contact's email address.
 * Knowing is not being connected: connections are what accepted invitations create.
 */
import type { GraphParams } from './config';
import type { Rng } from './rng';
import type { ImportedGraph } from './imported-graph';
import { rowIndex } from '../policies/platform/connection-graph';

export interface KnowsGraph {
  /** Members 0..n-1; ids >= real have no contacts (fake accounts). */
  readonly n: number;
  readonly real: number;
  /** offsets[m]..offsets[m+1] index m's contacts in `targets`, sorted by id. */
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  /** 1 where the member knows that contact's email address (parallel to targets). */
  readonly emailKnown: Uint8Array;
  /** Community of each real member (fake accounts: -1). */
  readonly community: Int32Array;
}

export function degree(g: KnowsGraph, m: number): number {
  return g.offsets[m + 1] - g.offsets[m];
}

/** Index of b in a's contact list, or -1 (the knows graph is a sorted CSR, searched as the platform's are). */
export function edgeIndex(g: KnowsGraph, a: number, b: number): number {
  return rowIndex(g, a, b);
}

/** Contacts a and b share, counted up to `cap` (merge of two sorted rows). */
export function mutualContacts(g: KnowsGraph, a: number, b: number, cap: number): number {
  const t = g.targets;
  let i = g.offsets[a];
  const iEnd = g.offsets[a + 1];
  let j = g.offsets[b];
  const jEnd = g.offsets[b + 1];
  let count = 0;
  while (i < iEnd && j < jEnd && count < cap) {
    const x = t[i];
    const y = t[j];
    if (x === y) {
      count++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return count;
}

/**
 * Builds the graph over members 0..real-1 (members real..n-1 stay isolated).
 * Each member draws a Pareto weight; it then proposes weight/2 ties, each to a partner drawn
 * in proportion to weight, inside its community with probability 1 - mixing. Duplicate and
 * self ties are dropped, so realised degrees sit a little under the weights.
 */
export function buildKnowsGraph(n: number, real: number, p: GraphParams, rng: Rng): KnowsGraph {
  const community = new Int32Array(n).fill(-1);
  const commStart: number[] = [];
  for (let start = 0; start < real; ) {
    const size = Math.min(p.community.max, Math.round(rng.pareto(p.community.min, p.community.exponent)), real - start);
    commStart.push(start);
    community.fill(commStart.length - 1, start, start + size);
    start += size;
  }
  commStart.push(real);

  // Pareto weights scaled to the requested mean degree.
  const weight = new Float64Array(real);
  let total = 0;
  for (let m = 0; m < real; m++) {
    weight[m] = Math.min(p.maxDegree, rng.pareto(p.minDegree, p.degreeExponent));
    total += weight[m];
  }
  const scale = real > 0 ? p.meanDegree / (total / real) : 1;
  const cumulative = new Float64Array(real + 1);
  for (let m = 0; m < real; m++) {
    weight[m] = Math.min(p.maxDegree, weight[m] * scale);
    cumulative[m + 1] = cumulative[m] + weight[m];
  }

  // Propose ties as (a, b) pairs.
  let proposals = 0;
  const want = new Int32Array(real);
  for (let m = 0; m < real; m++) {
    const k = weight[m] / 2;
    want[m] = Math.floor(k) + (rng.chance(k - Math.floor(k)) ? 1 : 0);
    proposals += want[m];
  }
  const from = new Int32Array(proposals);
  const to = new Int32Array(proposals);
  let e = 0;
  for (let m = 0; m < real; m++) {
    const c = community[m];
    const lo = cumulative[commStart[c]];
    const hi = cumulative[commStart[c + 1]];
    const alone = commStart[c + 1] - commStart[c] < 2;
    for (let k = 0; k < want[m]; k++) {
      const u = alone || rng.chance(p.mixing) ? rng.next() * cumulative[real] : lo + rng.next() * (hi - lo);
      const partner = upperBound(cumulative, u) - 1;
      if (partner === m) continue;
      from[e] = m;
      to[e] = partner;
      e++;
    }
  }

  // Symmetrise into CSR, then sort and deduplicate each row.
  const deg = new Int32Array(n + 1);
  for (let i = 0; i < e; i++) {
    deg[from[i]]++;
    deg[to[i]]++;
  }
  const offsets = new Int32Array(n + 1);
  for (let m = 0; m < n; m++) offsets[m + 1] = offsets[m] + deg[m];
  const fill = offsets.slice(0, n);
  const raw = new Int32Array(offsets[n]);
  for (let i = 0; i < e; i++) {
    raw[fill[from[i]]++] = to[i];
    raw[fill[to[i]]++] = from[i];
  }
  const finalOffsets = new Int32Array(n + 1);
  let w = 0;
  for (let m = 0; m < n; m++) {
    const row = raw.subarray(offsets[m], offsets[m + 1]).sort();
    const rowStart = w;
    for (let i = 0; i < row.length; i++) {
      if (i === 0 || row[i] !== row[i - 1]) raw[w++] = row[i];
    }
    finalOffsets[m] = rowStart;
    finalOffsets[m + 1] = w;
  }
  const targets = raw.slice(0, w);
  const emailKnown = new Uint8Array(w);
  for (let i = 0; i < w; i++) emailKnown[i] = rng.chance(p.emailKnownRate) ? 1 : 0;
  return { n, real, offsets: finalOffsets, targets, emailKnown, community };
}

/**
 * The knows graph over an imported topology: its members are 0..real-1 and fake accounts
 * real..n-1 follow with no contacts. The topology's arrays are shared, not copied; whose email a
 * member knows is drawn per run, as for a generated graph.
 */
export function knowsGraphFromImport(imported: ImportedGraph, n: number, emailKnownRate: number, rng: Rng): KnowsGraph {
  const real = imported.real;
  const offsets = new Int32Array(n + 1);
  offsets.set(imported.offsets);
  offsets.fill(imported.offsets[real], real + 1);
  const community = new Int32Array(n).fill(-1);
  community.set(imported.community);
  const w = imported.targets.length;
  const emailKnown = new Uint8Array(w);
  for (let i = 0; i < w; i++) emailKnown[i] = rng.chance(emailKnownRate) ? 1 : 0;
  return { n, real, offsets, targets: imported.targets, emailKnown, community };
}

/** First index i with a[i] > x. */
function upperBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
