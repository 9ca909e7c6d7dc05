/** Small SimConfigs for tests: the scenario defaults with a chosen population, and policies to run them against. */
import fc from 'fast-check';
import { ARCHETYPES, type ArchetypeName, type SimConfig } from '../../sim/config';
import { DEFAULT_ARCHETYPES } from '../../sim/archetypes';
import { DEFAULT_GRAPH, DEFAULT_INMAIL, DEFAULT_INVITATIONS, DEFAULT_LADDER, DEFAULT_NETWORK, DEFAULT_RESPONSE } from '../../scenarios/defaults';
import type { Policy, PolicyContext } from '../../policies/policy';
import type { GroundTruth } from '../../policies/truth';
import { ALLOW, REQUIRE_EMAIL } from '../../policies/policy';

export const MIXED_SHARES: Partial<Record<ArchetypeName, number>> = {
  regular: 0.86,
  importer: 0.03,
  recruiter: 0.02,
  openNetworker: 0.02,
  bulkSpammer: 0.01,
  lowAndSlow: 0.01,
  fofTargeter: 0.01,
  sybil: 0.02,
  takeover: 0.01,
  adaptive: 0.01,
};

export function smallConfig(overrides: Omit<Partial<SimConfig>, 'shares'> & { shares?: Partial<Record<ArchetypeName, number>> } = {}): SimConfig {
  const shares = Object.fromEntries(ARCHETYPES.map((a) => [a, overrides.shares?.[a] ?? 0])) as Record<ArchetypeName, number>;
  if (!overrides.shares) Object.assign(shares, MIXED_SHARES);
  return {
    seed: 'test',
    days: 14,
    members: 3000,
    archetypes: DEFAULT_ARCHETYPES,
    network: DEFAULT_NETWORK,
    graph: DEFAULT_GRAPH,
    response: DEFAULT_RESPONSE,
    invitations: DEFAULT_INVITATIONS,
    inmail: DEFAULT_INMAIL,
    ladder: DEFAULT_LADDER,
    reviewEveryMinutes: 60,
    ...overrides,
    shares,
  };
}

/** Never restricts. */
export const allowAll = (): Policy => ({ onInvite: () => ALLOW, onResponse: () => {}, suspicious: () => false });

/** Restricts every member the moment it is abusive and invites (from the ground-truth channel). */
export function groundTruthOracle(ctx: PolicyContext, truth: GroundTruth): Policy {
  const from = truth.abusiveFrom;
  return {
    onInvite(sender, _r, now) {
      if (from[sender] >= 0 && now >= from[sender]) {
        ctx.ladder.restrict(sender, now);
        return REQUIRE_EMAIL;
      }
      return ALLOW;
    },
    onResponse() {},
    suspicious: (m, now) => from[m] >= 0 && now >= from[m],
    score: (m) => (from[m] >= 0 ? 1 : 0),
  };
}

/** Any mix of archetypes over a small population. */
export const sharesArb = fc
  .array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: ARCHETYPES.length, maxLength: ARCHETYPES.length })
  .filter((w) => w.reduce((a, b) => a + b, 0) > 0.01)
  .map((w) => {
    const sum = w.reduce((a, b) => a + b, 0);
    return Object.fromEntries(ARCHETYPES.map((a, i) => [a, w[i] / sum])) as Record<ArchetypeName, number>;
  });

/** A policy that restricts and finds suspicious pseudo-randomly, from a hash of its inputs. */
export function chaosPolicy(ctx: PolicyContext, salt: number, restrictRate: number): Policy {
  const hash = (a: number, b: number) => (((Math.imul(a ^ salt, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) >>> 0) % 1000) / 1000;
  return {
    onInvite(sender, _r, now) {
      if (hash(sender, now) < restrictRate) {
        ctx.ladder.restrict(sender, now);
        return REQUIRE_EMAIL;
      }
      return ALLOW;
    },
    onResponse() {},
    suspicious: (m, now) => hash(now, m) < 0.3,
  };
}
