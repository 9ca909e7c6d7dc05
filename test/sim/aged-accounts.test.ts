/**
 * Aged and bought fake accounts (an archetype's agedShare, agedDays, boughtConnections): they
 * join before the run, the platform view sees them as joined then (not NOT_JOINED), they start
 * with the connections they were sold with, and so the detectors' seed rule (the oldest
 * well-connected accounts) can pick them. With agedShare 0 nothing is drawn: the world is the
 * one without the feature.
 */
import { buildWorld } from '../../sim/simulate';
import type { ArchetypeParams, SimConfig } from '../../sim/config';
import { DEFAULT_ARCHETYPES } from '../../sim/archetypes';
import { MINUTES_PER_DAY } from '../../policies/policy';
import { NOT_JOINED } from '../../policies/platform-view';
import { ConnectionCsr } from '../../policies/builtin/graph/connection-csr';
import { chooseSeeds } from '../../policies/builtin/graph/seeds';
import { loadScenario, withOverrides } from '../../scenarios/load';
import { smallConfig } from '../helpers/sim-config';
import { inputErrorMessage } from '../helpers/input-error';

const expectInputError = (fn: () => unknown, re: RegExp) => expect(inputErrorMessage(fn)).toMatch(re);

function config(sybil: Partial<ArchetypeParams>, seed = 'aged'): SimConfig {
  return smallConfig({
    seed,
    members: 3000,
    days: 3,
    shares: { regular: 0.9, sybil: 0.1 },
    archetypes: { ...DEFAULT_ARCHETYPES, sybil: { ...DEFAULT_ARCHETYPES.sybil, activeFrom: { from: 0, to: 2 }, ...sybil } },
  });
}

/** Everything the platform holds at the start, and the population's draws, as one comparable object. */
function world(cfg: SimConfig) {
  const e = buildWorld(cfg);
  const m = e.pop.members;
  return {
    engine: e,
    joinedAt: e.pop.joinedAt,
    fields: Array.from({ length: e.pop.n }, (_, i) => [m.archetype(i), m.style(i), m.hasPhoto(i), m.rate(i), m.activeAt(i), m.abusiveFrom(i), e.pop.uploaded[i], e.pop.inmail[i]]),
    snapshot: e.platform.snapshot(),
  };
}

function seedsOf(cfg: SimConfig): { seeds: number[]; real: number } {
  const e = buildWorld(cfg);
  const view = e.policyContext().view;
  const csr = new ConnectionCsr(view.members);
  csr.load(view);
  const out = new Int32Array(100);
  const k = chooseSeeds(view, csr, out);
  return { seeds: [...out.subarray(0, k)], real: e.pop.real };
}

describe('aged fake accounts', () => {
  it('agedShare 0 draws nothing: agedDays and boughtConnections change no member and no connection', () => {
    const plain = world(config({ agedShare: 0 }));
    const other = world(config({ agedShare: 0, agedDays: { min: 1, max: 2 }, boughtConnections: 500 }));
    expect(other.fields).toEqual(plain.fields);
    expect(other.joinedAt).toEqual(plain.joinedAt);
    expect(other.snapshot).toEqual(plain.snapshot);
  });

  const plain = world(config({ agedShare: 0 }));
  const aged = world(config({ agedShare: 0.5, agedDays: { min: 400, max: 900 }, boughtConnections: 12 }));
  const { engine } = aged;
  const pop = engine.pop;
  const fakes = Array.from({ length: pop.n - pop.real }, (_, i) => pop.real + i);
  const agedFakes = fakes.filter((m) => pop.joinedAt[m] < 0);

  it('ages about agedShare of the fake accounts, each joined agedDays before the run', () => {
    // 300 sybils at 0.5: a binomial's 4 sigma is 35.
    expect(fakes).toHaveLength(300);
    expect(Math.abs(agedFakes.length - 150)).toBeLessThanOrEqual(35);
    for (const m of agedFakes) {
      expect(pop.joinedAt[m]).toBeLessThanOrEqual(-400 * MINUTES_PER_DAY);
      expect(pop.joinedAt[m]).toBeGreaterThan(-900 * MINUTES_PER_DAY);
    }
    // The young ones join at their first active minute, as before.
    for (const m of fakes) if (pop.joinedAt[m] >= 0) expect(pop.joinedAt[m]).toBe(pop.members.activeAt(m));
  });

  it('leaves the rest of the world as it was: every member field, and the real members\' join minutes', () => {
    expect(aged.fields).toEqual(plain.fields);
    for (let m = 0; m < pop.real; m++) expect(aged.joinedAt[m]).toBe(plain.joinedAt[m]);
  });

  it('shows aged accounts to a policy as joined before the run, at minute 0, in the view and the snapshot', () => {
    const view = engine.policyContext().view;
    const snap = view.snapshot();
    expect(agedFakes.length).toBeGreaterThan(100);
    for (const m of agedFakes) {
      expect([m, view.joinedAt(m)]).toEqual([m, pop.joinedAt[m]]);
      expect(snap.joinedAt[m]).toBe(pop.joinedAt[m]);
    }
    // Young fake accounts that start later are still unknown to the platform.
    const later = fakes.filter((m) => pop.joinedAt[m] > 0);
    expect(later.length).toBeGreaterThan(0);
    for (const m of later) expect(view.joinedAt(m)).toBe(NOT_JOINED);
  });

  it('gives each aged account its bought connections, to established real members who do not know it; young ones none', () => {
    const view = engine.policyContext().view;
    const row = new Int32Array(64);
    expect(agedFakes.length).toBeGreaterThan(100);
    for (const m of fakes) {
      const k = view.connectionsOf(m, row);
      if (pop.joinedAt[m] >= 0) {
        expect(k).toBe(0);
        continue;
      }
      expect(k).toBe(12);
      const peers = [...row.subarray(0, k)];
      expect(new Set(peers).size).toBe(12);
      for (const b of peers) {
        expect(b).toBeLessThan(pop.real);
        expect(pop.joinedAt[b]).toBeLessThan(0);
        expect(view.connected(b, m)).toBe(true);
      }
    }
    // Bought connections are not accepted invitations: the run's connection count starts from them unmoved.
    const plainTotal = plain.snapshot.connections.targets.length;
    expect(aged.snapshot.connections.targets.length).toBe(plainTotal + 2 * 12 * agedFakes.length);
  });

  it('lets the seed rule pick old, well-connected fake accounts, and none without them', () => {
    const oldest = { agedShare: 1, agedDays: { min: 3600, max: 3650 }, boughtConnections: 30 };
    const withAged = seedsOf(config(oldest));
    const fakeSeeds = withAged.seeds.filter((m) => m >= withAged.real);
    // 300 accounts of 3600-3650 days against ~1,300 well-connected honest members spread over 0-3650 (~20 in those 50 days): most of the 100 oldest.
    expect(fakeSeeds.length).toBeGreaterThan(50);
    const without = seedsOf(config({ ...oldest, agedShare: 0 }));
    expect(without.seeds.filter((m) => m >= without.real)).toEqual([]);
    // Old but unconnected at the start: not well connected, so not a seed yet.
    const unbought = seedsOf(config({ ...oldest, boughtConnections: 0 }));
    expect(unbought.seeds.filter((m) => m >= unbought.real)).toEqual([]);
  });
});

describe('aged accounts in a scenario', () => {
  const base = loadScenario('sybil-ring');
  it('refuses agedShare on a real archetype, naming the field and the fix', () => {
    expectInputError(() => withOverrides(base, [['archetypes.regular.agedShare', 0.5]]), /archetypes\.regular\.agedShare: .*fake.*set it to 0/);
  });
  it('refuses agedDays below a day or upside down', () => {
    expectInputError(() => withOverrides(base, [['archetypes.sybil.agedDays', { min: 0, max: 10 }]]), /archetypes\.sybil\.agedDays\.min: must be ≥ 1 day/);
    expectInputError(() => withOverrides(base, [['archetypes.sybil.agedDays', { min: 20, max: 10 }]]), /archetypes\.sybil\.agedDays: `max` must be ≥ `min`/);
  });
});
