/**
 * Sybil rings in the connection graph: ring mates connect once per pair, so ring size and
 * share change the outcome, growing the ring never lowers a sybil's accept rate under `none`,
 * and self-rejection lowers it.
 */
import fc from 'fast-check';
import { simulate } from '../../sim/simulate';
import { DEFAULT_ARCHETYPES } from '../../sim/archetypes';
import type { ArchetypeParams } from '../../sim/config';
import { allowAll, smallConfig } from '../helpers/sim-config';

const sybils = (patch: Partial<ArchetypeParams>, seed: string) =>
  smallConfig({ seed, members: 2000, days: 14, shares: { regular: 0.9, sybil: 0.1 }, archetypes: { ...DEFAULT_ARCHETYPES, sybil: { ...DEFAULT_ARCHETYPES.sybil, ...patch } } });
const acceptRate = (patch: Partial<ArchetypeParams>, seed: string) => {
  const s = simulate(sybils(patch, seed), allowAll).byArchetype.sybil!;
  return s.accepted / (s.invitationsAttempted - s.blocked);
};

describe('sybil rings', () => {
  it('connect once per pair, so a larger ring gives its sybils more connections', () => {
    const small = simulate(sybils({ ringSize: 4, ringShare: 0.5 }, 'ring'), allowAll).byArchetype.sybil!;
    const large = simulate(sybils({ ringSize: 40, ringShare: 0.5 }, 'ring'), allowAll).byArchetype.sybil!;
    // Some 140 ring invitations each over 14 days, but a ring of 4 has only 3 mates to connect with.
    expect(small.invitationsAttempted).toBeGreaterThan(small.members * 100);
    expect(large.accepted).toBeGreaterThan(small.accepted + small.members * 10);
  });

  it('growing the ring never lowers a sybil\'s accept rate under `none` (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 4 }), fc.integer({ min: 2, max: 10 }), fc.integer({ min: 2, max: 4 }), fc.double({ min: 0.1, max: 0.6, noNaN: true }), (seed, size, factor, share) => {
        expect(acceptRate({ ringSize: size * factor, ringShare: share }, seed)).toBeGreaterThanOrEqual(acceptRate({ ringSize: size, ringShare: share }, seed));
      }),
      { numRuns: 6 },
    );
  });

  it('counts no foothold for ring mates connecting: abusiveConnections counts connections to members who are not abusive', () => {
    const ringOnly = simulate(sybils({ ringSize: 20, ringShare: 1 }, 'mates'), allowAll);
    expect(ringOnly.byArchetype.sybil!.accepted).toBeGreaterThan(0);
    expect(ringOnly.metrics.abusiveConnections).toBe(0);
    const mixed = simulate(sybils({ ringSize: 20, ringShare: 0.5 }, 'mates'), allowAll).byArchetype.sybil!;
    expect(mixed.abusiveConnections).toBeGreaterThan(0);
    expect(mixed.abusiveConnections).toBeLessThan(mixed.accepted);
  });

  it('self-rejection lowers the ring\'s accept rate', () => {
    expect(acceptRate({ ringSize: 20, ringShare: 0.5, selfRejection: 0.5 }, 'self')).toBeLessThan(acceptRate({ ringSize: 20, ringShare: 0.5 }, 'self'));
  });
});
