/**
 * The network at the start of a run: each pair of established real members who know each
 * other is connected with the probability that the younger account has connected to a
 * given acquaintance by now, share(age) = initialConnectedShare * (1 - e^(-age/τ)). Newcomers
 * and fake accounts start with no connections; fake accounts gain them only by accepted
 * invitations.
 */
import type { NetworkParams } from './config';
import { edgeIndex, type KnowsGraph } from './graph';
import { MINUTES_PER_DAY } from '../policies/policy';
import type { EnginePlatform } from './platform';
import type { Rng } from './rng';

export function seedNetwork(platform: EnginePlatform, g: KnowsGraph, joinedAt: Int32Array, p: NetworkParams, rng: Rng): void {
  const tau = p.connectionGrowthDays * MINUTES_PER_DAY;
  for (let a = 0; a < g.real; a++) {
    if (joinedAt[a] >= 0) continue;
    for (let e = g.offsets[a]; e < g.offsets[a + 1]; e++) {
      const b = g.targets[e];
      // Each pair is decided once, from its lower id.
      if (b <= a || joinedAt[b] >= 0) continue;
      const age = -Math.max(joinedAt[a], joinedAt[b]);
      if (!rng.chance(p.initialConnectedShare * (1 - Math.exp(-age / tau)))) continue;
      if (platform.atCap(a) || platform.atCap(b)) continue;
      platform.connectAtStart(e, edgeIndex(g, b, a));
    }
  }
}
