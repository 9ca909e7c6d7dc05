/** Test helpers: a small world (graph from an edge list, a real Ladder) for driving a policy by hand. */
import type { KnowsGraph } from '../../sim/graph';
import { Ladder } from '../../policies/ladder';
import type { PolicyContext } from '../../policies/policy';

/** An undirected who-knows-whom graph over `n` members from an edge list. */
export function graphOf(n: number, edges: ReadonlyArray<readonly [number, number]> = []): KnowsGraph {
  const rows: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of edges) {
    if (a === b || rows[a].includes(b)) continue;
    rows[a].push(b);
    rows[b].push(a);
  }
  const offsets = new Int32Array(n + 1);
  const flat: number[] = [];
  for (let m = 0; m < n; m++) {
    flat.push(...rows[m].sort((x, y) => x - y));
    offsets[m + 1] = flat.length;
  }
  return {
    n,
    real: n,
    offsets,
    targets: Int32Array.from(flat),
    emailKnown: new Uint8Array(flat.length),
    community: new Int32Array(n),
  };
}

export interface World {
  ctx: PolicyContext;
  ladder: Ladder;
  /** Lift checks the ladder asked for, as [member, minute]. */
  lifts: Array<[number, number]>;
}

export function world(
  members: number,
  opts: { graph?: KnowsGraph; strikesToPermanent?: number; abusiveFrom?: Int32Array; horizon?: number } = {},
): World {
  const lifts: Array<[number, number]> = [];
  const ladder = new Ladder(
    members,
    { coolDownHours: 24, recheckHours: 24, strikesToPermanent: opts.strikesToPermanent ?? 2 },
    (m, at) => lifts.push([m, at]),
  );
  const ctx: PolicyContext = {
    members,
    horizon: opts.horizon ?? 90 * 1440,
    ladder,
    graph: opts.graph ?? graphOf(members),
    truth: opts.abusiveFrom ? { abusiveFrom: opts.abusiveFrom } : undefined,
  };
  return { ctx, ladder, lifts };
}
