/** Test helpers: a small world (a platform view from an edge list of connections, a real Ladder) for driving a policy by hand. */
import { Ladder } from '../../policies/ladder';
import type { PolicyContext } from '../../policies/policy';
import { ConnectionGraph, emptySnapshot } from '../../policies/platform/connection-graph';
import type { GroundTruth } from '../../policies/truth';

/** A platform view over `n` members whose connections at the start are the undirected `edges`. */
export function viewOf(n: number, edges: ReadonlyArray<readonly [number, number]> = []): ConnectionGraph {
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
  return new ConnectionGraph({ ...emptySnapshot(n), connections: { offsets, targets: Int32Array.from(flat) } });
}

export interface World {
  ctx: PolicyContext;
  ladder: Ladder;
  /** Lift checks the ladder asked for, as [member, minute]. */
  lifts: Array<[number, number]>;
  /** Ground truth, when the world was given labels (for the oracle). */
  truth?: GroundTruth;
}

export function world(
  members: number,
  opts: { view?: ConnectionGraph; strikesToPermanent?: number; abusiveFrom?: Int32Array; horizon?: number } = {},
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
    view: opts.view ?? viewOf(members),
  };
  return { ctx, ladder, lifts, ...(opts.abusiveFrom ? { truth: { abusiveFrom: opts.abusiveFrom } } : {}) };
}
