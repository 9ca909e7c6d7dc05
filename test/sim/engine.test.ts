import fc from 'fast-check';
import { buildWorld, simulate } from '../../sim/simulate';
import { summarize } from '../../sim/metrics';
import { FREE, PERMANENT, RESTRICTED } from '../../policies/ladder';
import { ARCHETYPES } from '../../sim/config';
import { allowAll, chaosPolicy, groundTruthOracle, sharesArb, smallConfig } from '../helpers/sim-config';
import type { InvitationMetrics } from '../../sim/result';
import { createPolicy } from '../../policies/registry';
import type { Policy, PolicyContext } from '../../policies/policy';

const identityHolds = (r: InvitationMetrics) =>
  r.invitationsAttempted === r.blocked + r.accepted + r.ignored + r.idk + r.withdrawn + r.pending;

describe('engine', () => {
  it('is deterministic: the same config and seed give identical results', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), sharesArb, (seed, shares) => {
        const cfg = smallConfig({ seed, members: 800, days: 7, shares });
        expect(JSON.stringify(simulate(cfg, allowAll))).toBe(JSON.stringify(simulate(cfg, allowAll)));
      }),
      { numRuns: 8 },
    );
  });

  it('conserves invitations: attempted = blocked + accepted + ignored + idk + withdrawn + pending, overall and per archetype', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), sharesArb, fc.integer({ min: 0, max: 1000 }), fc.double({ min: 0, max: 0.5, noNaN: true }), (seed, shares, salt, rate) => {
        const cfg = smallConfig({ seed, members: 600, days: 10, shares });
        const r = simulate(cfg, (ctx) => chaosPolicy(ctx, salt, rate));
        expect(identityHolds(r.metrics)).toBe(true);
        for (const m of Object.values(r.byArchetype)) expect(identityHolds(m!)).toBe(true);
        const t = r.timeline;
        expect(t.attempted.reduce((a, b) => a + b, 0)).toBe(r.metrics.invitationsAttempted);
        expect(t.blocked.reduce((a, b) => a + b, 0)).toBe(r.metrics.blocked);
        expect(t.restrictionsStarted.reduce((a, b) => a + b, 0)).toBe(r.metrics.restrictionsStarted);
        for (const v of Object.values(r.metrics)) expect(Number.isNaN(v)).toBe(false);
      }),
      { numRuns: 12 },
    );
  });

  it("warms each sender's policy state before its attempt is handled, and the reads change nothing: results are the same without warm", () => {
    const cfg = smallConfig({ members: 1500, days: 10 });
    const weekly = (ctx: PolicyContext) => createPolicy({ name: 'weekly-cap', params: { cap: 15 } }, ctx);
    // Every event warms its member once before it is handled, so a sender's attempts never outnumber its warms.
    const warms = new Map<number, number>();
    const attempts = new Map<number, number>();
    let attemptsBeforeWarm = 0;
    const watched = (ctx: PolicyContext): Policy => {
      const p = weekly(ctx);
      return {
        onInvite: (s, r, now, channel, note) => {
          attempts.set(s, (attempts.get(s) ?? 0) + 1);
          if (attempts.get(s)! > (warms.get(s) ?? 0)) attemptsBeforeWarm++;
          return p.onInvite(s, r, now, channel, note);
        },
        onResponse: (s, r, kind, now) => p.onResponse(s, r, kind, now),
        suspicious: (m, now) => p.suspicious(m, now),
        score: (m) => p.score!(m),
        warm: (m) => {
          warms.set(m, (warms.get(m) ?? 0) + 1);
          return p.warm!(m);
        },
      };
    };
    // The same policy with no warm: the engine then reads only what the events themselves read.
    const cold = (ctx: PolicyContext): Policy => {
      const p = weekly(ctx);
      return { onInvite: p.onInvite.bind(p), onResponse: p.onResponse.bind(p), suspicious: p.suspicious.bind(p), score: p.score!.bind(p) };
    };
    const warmRun = simulate(cfg, watched);
    expect(warmRun.metrics.restrictionsStarted).toBeGreaterThan(0);
    expect(warmRun.metrics.invitationsAttempted).toBeGreaterThan(1000);
    expect(attemptsBeforeWarm).toBe(0);
    expect(JSON.stringify(simulate(cfg, cold))).toBe(JSON.stringify(warmRun));
  });

  it('with the `none` policy restricts nobody: recall 0, precision null, nothing blocked', () => {
    const r = simulate(smallConfig({ members: 2000 }), allowAll);
    expect(r.metrics.restrictionsStarted).toBe(0);
    expect(r.metrics.blocked).toBe(0);
    expect(r.metrics.recall).toBe(0);
    expect(r.metrics.precision).toBeNull();
    expect(r.metrics.falsePositiveRate).toBe(0);
    expect(r.metrics.averagePrecision).toBeNull();
  });

  it('with a ground-truth oracle reaches precision 1 and recall 1 (every abusive member invites)', () => {
    const cfg = smallConfig({ members: 3000, days: 30 });
    const r = simulate(cfg, groundTruthOracle);
    expect(r.metrics.precision).toBe(1);
    expect(r.metrics.recall).toBe(1);
    expect(r.metrics.averagePrecision).toBe(1);
    expect(r.metrics.medianHoursToRestrict).toBe(0);
    // every abusive attempt after the first is under restriction: only typed-email ones get through
    const abusiveAttempts = ARCHETYPES.filter((a) => cfg.archetypes[a].label === 'abusive').reduce((s, a) => s + (r.byArchetype[a]?.invitationsAttempted ?? 0), 0);
    expect(r.metrics.abusiveDelivered).toBeLessThan(abusiveAttempts * 0.3);
  });

  it('keeps the ladder invariants: a permanent restriction never lifts, no lift before its cool-down', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 96 }), (salt, strikes, coolDownHours) => {
        const cfg = smallConfig({ members: 500, days: 14, ladder: { coolDownHours, recheckHours: 6, strikesToPermanent: strikes } });
        const engine = buildWorld(cfg);
        const ladder = engine.ladder;
        const check = ladder.check.bind(ladder);
        let lifts = 0;
        ladder.check = (m, now, policy) => {
          const before = ladder.state[m];
          const since = ladder.since[m];
          const lifted = check(m, now, policy);
          if (before === PERMANENT) expect(ladder.state[m]).toBe(PERMANENT);
          if (lifted) {
            lifts++;
            expect(before).toBe(RESTRICTED);
            expect(ladder.state[m]).toBe(FREE);
            expect(now - since).toBeGreaterThanOrEqual(coolDownHours * 60);
          }
          return lifted;
        };
        const policy = chaosPolicy(engine.policyContext(), salt, 0.05);
        engine.run(policy);
        const r = summarize(engine, policy);
        expect(r.metrics.restrictionsLifted).toBe(lifts);
        for (let m = 0; m < engine.pop.n; m++) {
          expect(ladder.strikes[m] >= strikes).toBe(ladder.state[m] === PERMANENT);
        }
        expect(r.metrics.permanentRestrictions).toBeLessThanOrEqual(r.metrics.restrictionsStarted);
      }),
      { numRuns: 10 },
    );
  });
});
