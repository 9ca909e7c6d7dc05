import fc from 'fast-check';
import { createPolicy, resolvePolicySpec } from '../../policies/registry';
import { allOf } from '../../policies/builtin/combinators';
import {
  ACCEPT,
  ALLOW,
  CHANNEL_PROFILE,
  IDK,
  IGNORE,
  MINUTES_PER_HOUR,
  REQUIRE_EMAIL,
  WITHDRAW,
  type Policy,
  type PolicyContext,
  type ResponseKind,
  type Verdict,
} from '../../policies/policy';
import type { PlatformView } from '../../policies/platform-view';
import { viewOf, world } from './helpers';

const spec = (params: object) => resolvePolicySpec({ name: 'acceptance-ratio', params }, '/');

describe('acceptance-ratio', () => {
  it("defaults to Yang et al.'s rule", () => {
    expect(spec({}).params).toEqual({ minAnswered: 20, maxAcceptRate: 0.5, maxClustering: 0.01, clusteringSample: 32 });
  });

  it('restricts at the answer that takes the accept rate below R once M are answered, not one earlier', () => {
    const { ctx, ladder } = world(2);
    const p = createPolicy(spec({ minAnswered: 4, maxAcceptRate: 0.5, maxClustering: null }), ctx);
    p.onResponse(0, 1, IDK, 1); // 0/1, too few answers to judge
    p.onResponse(0, 1, ACCEPT, 2);
    p.onResponse(0, 1, ACCEPT, 3);
    p.onResponse(0, 1, WITHDRAW, 4); // not an answer
    p.onResponse(0, 1, IGNORE, 5); // 2/4 = 0.5: not below
    expect(ladder.isRestricted(0)).toBe(false);
    expect(p.suspicious(0, 5)).toBe(false);
    p.onResponse(0, 1, IGNORE, 6); // 2/5
    expect(ladder.isRestricted(0)).toBe(true);
    expect(ladder.since[0]).toBe(6);
    expect(p.score!(0)).toBeCloseTo(0.5 / 0.4);
  });

  it('restricts again after a lift when the rule holds again, even with a score below its old peak', () => {
    const { ctx, ladder } = world(6, { strikesToPermanent: 3 }); // nobody knows anybody: clustering 0
    const p = createPolicy(spec({ minAnswered: 2, maxAcceptRate: 0.5, maxClustering: 0.5, clusteringSample: 3 }), ctx);
    for (const r of [1, 2, 3]) p.onInvite(0, r, r, CHANNEL_PROFILE, false);
    p.onResponse(0, 1, IDK, 4);
    p.onResponse(0, 2, IDK, 5); // rate 0: restricted, score at the cap
    expect(ladder.since[0]).toBe(5);
    expect(p.score!(0)).toBe(1000);
    for (let t = 6; t < 10; t++) p.onResponse(0, 3, ACCEPT, t); // 4/6 accepted
    const lift = 5 + 24 * MINUTES_PER_HOUR;
    expect(ladder.check(0, lift, p)).toBe(true);
    p.onResponse(0, 1, IGNORE, lift + 1); // 4/7
    p.onResponse(0, 1, IGNORE, lift + 2); // 4/8: not below 0.5
    expect(ladder.isRestricted(0)).toBe(false);
    p.onResponse(0, 1, IGNORE, lift + 3); // 4/9: the rule holds again, scoring 1.125
    expect(ladder.since[0]).toBe(lift + 3);
    expect(ladder.strikes[0]).toBe(2);
    expect(p.score!(0)).toBe(1000);
  });

  it('spares a low accept rate among invitees who know each other, and restricts at the invitation that scatters them', () => {
    // 1, 2, 3 are connected to each other (one circle); 4 to no one.
    const view = viewOf(5, [
      [1, 2],
      [2, 3],
      [1, 3],
    ]);
    const { ctx, ladder } = world(5, { view });
    const p = createPolicy(spec({ minAnswered: 2, maxAcceptRate: 0.5, maxClustering: 0.5, clusteringSample: 3 }), ctx);
    for (const r of [1, 2, 3]) expect(p.onInvite(0, r, r, CHANNEL_PROFILE, false)).toBe(ALLOW);
    p.onResponse(0, 1, IDK, 10);
    p.onResponse(0, 2, IDK, 11); // rate 0, clustering 1
    expect(ladder.isRestricted(0)).toBe(false);
    // 4 replaces 1 in the sample {4, 2, 3}: one linked pair of three, below 0.5.
    expect(p.onInvite(0, 4, 12, CHANNEL_PROFILE, false)).toBe(REQUIRE_EMAIL);
    expect(ladder.since[0]).toBe(12);
  });

  it('measures clustering over the last `clusteringSample` invitees exactly, whenever the member becomes eligible (restricts when it first drops below C)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 2, max: 8 }), fc.integer({ min: 30, max: 32 })),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 39 }), fc.integer({ min: 1, max: 39 })), { maxLength: 200 }),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 39 }), { maxLength: 90 }),
        fc.nat(),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (sample, edges, hub, rest, answerAt, c) => {
          // 1 and 2 are connected, so the sample starts clustered. A hub (3 is connected to
          // everyone) has more connections than are worth scanning, so its checks are look-ups.
          const hubEdges: Array<[number, number]> = hub ? Array.from({ length: 36 }, (_, i) => [3, i + 4]) : [];
          const view = viewOf(40, [[1, 2], ...hubEdges, ...edges]);
          const { ctx, ladder } = world(40, { view });
          const p = createPolicy(spec({ minAnswered: 1, maxAcceptRate: 1, maxClustering: c, clusteringSample: sample }), ctx);
          const invitees = [1, 2, ...rest];
          // The first answer (eligibility: clustering is counted from here) comes after invitation `eligibleAt`.
          const eligibleAt = 1 + (answerAt % (invitees.length - 1));
          let expected = -1;
          let peak = 0;
          invitees.forEach((r, i) => {
            p.onInvite(0, r, i + 1, CHANNEL_PROFILE, false);
            if (i === eligibleAt) p.onResponse(0, 1, IDK, i + 1); // rate 0 < 1: only clustering decides
            if (i < eligibleAt) return;
            const cc = clusteringOf(view, invitees.slice(Math.max(0, i + 1 - sample), i + 1));
            if (expected < 0 && cc < c) expected = i + 1;
            // The score is the peak of min(accept-rate score, clustering score); a zero accept rate scores the cap.
            peak = Math.max(peak, Math.min(1000, c / Math.max(cc, c / 1000)));
          });
          expect(ladder.firstAt[0]).toBe(expected);
          expect(p.score!(0)).toBe(peak);
        },
      ),
    );
  });

  it('matches a naive model of the rule on any traffic, alone or under all-of: verdicts, restrictions and lifts, suspicion and scores (property)', () => {
    // The policy counts links lazily and skips the rule for flagged members; the model recounts
    // the whole sample at every event and checks the rule whenever the member is free. Under
    // all-of (with burst-cap) the model is the child instead, with or without a vote window.
    const MEMBERS = 10;
    let lifted = 0;
    let restrictedAgain = 0;
    let combined = 0;
    const op = fc.tuple(fc.boolean(), fc.oneof(fc.constant(0), fc.nat(MEMBERS - 1)), fc.nat(MEMBERS - 1), fc.nat(11), fc.nat(30 * MINUTES_PER_HOUR));
    const KINDS: ResponseKind[] = [IGNORE, IDK, WITHDRAW];
    const burstArb = fc.record({ cap: fc.integer({ min: 1, max: 5 }), windowHours: fc.integer({ min: 1, max: 48 }), voteWindowHours: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 48 })) });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(MEMBERS - 1), fc.nat(MEMBERS - 1)), { maxLength: 40 }),
        fc.array(op, { minLength: 1, maxLength: 250, size: 'max' }),
        fc.record({
          minAnswered: fc.integer({ min: 1, max: 4 }),
          maxAcceptRate: fc.double({ min: 0, max: 1, noNaN: true }),
          maxClustering: fc.double({ min: 0, max: 1, noNaN: true }),
          // 32 fills every bit of the slot masks; the naive recount makes it the slow case.
          clusteringSample: fc.oneof({ arbitrary: fc.integer({ min: 2, max: 6 }), weight: 4 }, { arbitrary: fc.constant(32), weight: 1 }),
        }),
        fc.nat(12),
        fc.option(burstArb),
        (edges, ops, rule, acceptWeight, burst) => {
          const view = viewOf(MEMBERS, edges);
          const real = world(MEMBERS, { view, strikesToPermanent: 3 });
          const naive = world(MEMBERS, { view, strikesToPermanent: 3 });
          const model = (ctx: PolicyContext) => new NaiveRule(ctx, rule.minAnswered, rule.maxAcceptRate, rule.maxClustering, rule.clusteringSample);
          let p: Policy;
          let q: Policy;
          if (burst === null) {
            p = createPolicy(spec(rule), real.ctx);
            q = model(naive.ctx);
          } else {
            const { voteWindowHours, ...cap } = burst;
            const combo = resolvePolicySpec({ name: 'all-of', params: { policies: [{ name: 'burst-cap', params: cap }, { name: 'acceptance-ratio', params: rule }], voteWindowHours } }, '/');
            p = createPolicy(combo, real.ctx);
            q = allOf((child, ctx) => (child.name === 'acceptance-ratio' ? model(ctx) : createPolicy(child, ctx))).create(naive.ctx, combo.params);
            combined++;
          }
          let t = 0;
          for (const [isInvite, a, b, k, dt] of ops) {
            t += dt;
            // Accepts are as common as the run's weight says, so accept rates wander across the threshold.
            const kind = k < acceptWeight ? ACCEPT : KINDS[k % 3];
            // Lift checks due by now, in order, on both ladders.
            for (const [w, policy] of [
              [real, p],
              [naive, q],
            ] as const) {
              w.lifts.sort((x, y) => x[1] - y[1]);
              while (w.lifts.length > 0 && w.lifts[0][1] <= t) {
                const [m, at] = w.lifts.shift()!;
                w.ladder.check(m, at, policy);
              }
            }
            if (isInvite) {
              const recipient = (a + 1 + (b % (MEMBERS - 1))) % MEMBERS;
              expect(p.onInvite(a, recipient, t, CHANNEL_PROFILE, false)).toBe(q.onInvite(a, recipient, t, CHANNEL_PROFILE, false));
            } else {
              p.onResponse(a, b, kind, t);
              q.onResponse(a, b, kind, t);
            }
            // Compared cheaply per event; expect() only to report a difference.
            if (!real.ladder.state.every((v, i) => v === naive.ladder.state[i])) expect(real.ladder.state).toEqual(naive.ladder.state);
            if (!real.ladder.since.every((v, i) => v === naive.ladder.since[i])) expect(real.ladder.since).toEqual(naive.ladder.since);
          }
          for (let m = 0; m < MEMBERS; m++) {
            expect(p.score!(m)).toBe(q.score!(m));
            expect(p.suspicious(m, t)).toBe(q.suspicious(m, t));
          }
          expect(real.ladder.restrictionsLifted).toBe(naive.ladder.restrictionsLifted);
          if (real.ladder.restrictionsLifted > 0) lifted++;
          if (real.ladder.strikes.some((k) => k > 1)) restrictedAgain++;
        },
      ),
      { numRuns: 300 },
    );
    // Not vacuous: both forms ran, restrictions lift, and members are restricted again after a lift.
    expect(combined).toBeGreaterThan(150);
    expect(lifted).toBeGreaterThan(12);
    expect(restrictedAgain).toBeGreaterThan(2);
  });

  it('matches the naive model when invitees and their contacts share ids modulo the ring filter (property)', () => {
    // link() reads slotsOf only where the ring filter (ids modulo 8192) has an invitee; here
    // every id is one of 4 residues, so the filter collides all the time and must never hide a link.
    const NEAR = 8192;
    const MEMBERS = 3 * NEAR;
    const id = fc.tuple(fc.nat(3), fc.nat(2)).map(([r, k]) => r + k * NEAR);
    let linkedSamples = 0;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(id, id), { minLength: 10, maxLength: 40 }),
        fc.array(fc.tuple(fc.boolean(), id, id, fc.boolean()), { minLength: 20, maxLength: 120 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.oneof(fc.integer({ min: 2, max: 6 }), fc.constant(32)),
        (edges, ops, maxClustering, clusteringSample) => {
          const view = viewOf(MEMBERS, edges);
          const rule = { minAnswered: 1, maxAcceptRate: 0.9, maxClustering, clusteringSample };
          const real = world(MEMBERS, { view });
          const naive = world(MEMBERS, { view });
          const p = createPolicy(spec(rule), real.ctx);
          const q: Policy = new NaiveRule(naive.ctx, rule.minAnswered, rule.maxAcceptRate, rule.maxClustering, rule.clusteringSample);
          const seen = new Set<number>();
          const invited = new Map<number, number[]>();
          ops.forEach(([isInvite, a, b, accept], t) => {
            seen.add(a);
            if (isInvite && a !== b) {
              invited.set(a, [...(invited.get(a) ?? []), b]);
              expect(p.onInvite(a, b, t, CHANNEL_PROFILE, false)).toBe(q.onInvite(a, b, t, CHANNEL_PROFILE, false));
            } else if (!isInvite) {
              p.onResponse(a, b, accept ? ACCEPT : IGNORE, t);
              q.onResponse(a, b, accept ? ACCEPT : IGNORE, t);
            }
          });
          for (const m of seen) {
            expect(p.score!(m)).toBe(q.score!(m));
            expect(p.suspicious(m, ops.length)).toBe(q.suspicious(m, ops.length));
          }
          expect(real.ladder.state).toEqual(naive.ladder.state);
          if ([...invited.values()].some((r) => clusteringOf(view, r.slice(-clusteringSample)) > 0)) linkedSamples++;
        },
      ),
      { numRuns: 100 },
    );
    // Not vacuous: in some runs a sample ends with invitees who know each other.
    expect(linkedSamples).toBeGreaterThan(10);
  });
});

/** The rule as written, recounted from scratch at every event (test oracle). */
class NaiveRule implements Policy {
  private readonly peak: number[];
  private readonly invitees: number[][];
  private readonly answered: number[];
  private readonly accepted: number[];

  constructor(
    private readonly ctx: PolicyContext,
    private readonly m: number,
    private readonly r: number,
    private readonly c: number,
    private readonly s: number,
  ) {
    const n = ctx.members;
    this.peak = new Array<number>(n).fill(0);
    this.invitees = Array.from({ length: n }, () => []);
    this.answered = new Array<number>(n).fill(0);
    this.accepted = new Array<number>(n).fill(0);
  }

  onInvite(sender: number, recipient: number, now: number): Verdict {
    this.invitees[sender].push(recipient);
    if (this.evaluate(sender, now)) return REQUIRE_EMAIL;
    // A member it may judge, and who is restricted, needs the email by this rule too.
    return this.answered[sender] >= this.m && this.ctx.ladder.isRestricted(sender) ? REQUIRE_EMAIL : ALLOW;
  }

  onResponse(sender: number, _recipient: number, kind: ResponseKind, now: number): void {
    if (kind === WITHDRAW) return;
    this.answered[sender]++;
    if (kind === ACCEPT) this.accepted[sender]++;
    this.evaluate(sender, now);
  }

  suspicious(member: number): boolean {
    const n = this.answered[member];
    return n >= this.m && this.accepted[member] / n < this.r && this.clustering(member) < this.c;
  }

  score(member: number): number {
    return this.peak[member];
  }

  private clustering(member: number): number {
    return clusteringOf(this.ctx.view, this.invitees[member].slice(-this.s));
  }

  private evaluate(member: number, now: number): boolean {
    const n = this.answered[member];
    if (n < this.m) return false;
    const capped = (threshold: number, value: number) => (threshold <= 0 ? 0 : threshold / Math.max(value, threshold / 1000));
    const score = Math.min(capped(this.r, this.accepted[member] / n), capped(this.c, this.clustering(member)));
    this.peak[member] = Math.max(this.peak[member], score);
    if (this.ctx.ladder.isRestricted(member) || !this.suspicious(member)) return false;
    this.ctx.ladder.restrict(member, now);
    return true;
  }
}

/** Share of pairs of distinct invitees who are connected, by brute force (no pair: 0). */
function clusteringOf(view: PlatformView, recent: number[]): number {
  let pairs = 0;
  let linked = 0;
  for (let a = 0; a < recent.length; a++) {
    for (let b = a + 1; b < recent.length; b++) {
      if (recent[a] === recent[b]) continue;
      pairs++;
      if (view.connected(recent[a], recent[b])) linked++;
    }
  }
  return pairs === 0 ? 0 : linked / pairs;
}
