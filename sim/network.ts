/**
 * The network at the start of a run: each pair of established real members who know each
 * other is connected with the probability that the younger account has connected to a
 * given acquaintance by now, share(age) = initialConnectedShare * (1 - e^(-age/τ)). Newcomers
 * and fake accounts start with no connections; fake accounts gain them only by accepted
 * invitations, except aged (bought) ones, which come with the connections they were sold with.
 */
import { ARCHETYPES, type ArchetypeName, type ArchetypeParams, type NetworkParams } from './config';
import type { Population } from './population';
import { edgeIndex, type KnowsGraph } from './graph';
import { MINUTES_PER_DAY } from '../policies/policy';
import type { EnginePlatform } from './platform';
import type { Rng } from './rng';
import type { Csr } from '../policies/platform/connection-graph';

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

/**
 * The network at the start as the user's platform had it (graph.connectionsFile): each listed
 * pair connected, through its knows-edges where the two know each other, else as a connection
 * between people who do not (the pair table's record, as for accepted invitations to strangers).
 */
export function connectFromFile(platform: EnginePlatform, g: KnowsGraph, c: Csr): void {
  for (let a = 0; a < g.real; a++) {
    for (let i = c.offsets[a]; i < c.offsets[a + 1]; i++) {
      const b = c.targets[i];
      if (b <= a || platform.atCap(a) || platform.atCap(b)) continue;
      const e = edgeIndex(g, a, b);
      if (e >= 0) platform.connectAtStart(e, edgeIndex(g, b, a));
      else platform.connect(a, b, -1, 0);
    }
  }
}

/**
 * The connections aged fake accounts were sold with (their archetype's `boughtConnections`):
 * each to an established real member drawn at random, who does not know it, as a seller's
 * farmed connections are (accept-anyone members and open networkers all over the network; no
 * figure is published, so the model takes them uniform). Draws from its own stream, and none
 * when no account is aged. A draw that hits a newcomer, a connection or a member at the cap is
 * drawn again, up to 20 draws a connection, so a world of few established members ends it.
 */
export function connectBoughtAccounts(platform: EnginePlatform, pop: Population, archetypes: Record<ArchetypeName, ArchetypeParams>, rng: Rng): void {
  const { real, joinedAt, members } = pop;
  if (real === 0) return;
  for (let m = real; m < pop.n; m++) {
    if (joinedAt[m] >= 0) continue;
    const want = archetypes[ARCHETYPES[members.archetype(m)] as ArchetypeName].boughtConnections;
    for (let made = 0, draws = 0; made < want && draws < 20 * want && !platform.atCap(m); draws++) {
      const b = rng.int(real);
      if (joinedAt[b] >= 0 || platform.atCap(b) || platform.connected(m, b)) continue;
      platform.connect(m, b, -1, 0);
      made++;
    }
  }
}
