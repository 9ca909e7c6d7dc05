import fc from 'fast-check';
import * as path from 'node:path';
import { createPolicy, resolvePolicySpec } from '../../policies/registry';
import { ALLOW, CHANNEL_PROFILE, IDK, MINUTES_PER_HOUR, REQUIRE_EMAIL } from '../../policies/policy';
import { leafSpecArb, restrictedBy, streamArb } from './replay';
import { world } from './helpers';

const weekly = (cap: number) => ({ name: 'weekly-cap', params: { cap } });
const idk = (idks: number) => ({ name: 'idk-threshold', params: { idks } });

describe('any-of / all-of', () => {
  it('any-of restricts the union of what its children restrict alone (property)', () => {
    let informative = 0;
    fc.assert(
      fc.property(streamArb, fc.array(leafSpecArb, { minLength: 2, maxLength: 3 }), (stream, children) => {
        const alone = children.map((c) => restrictedBy(c, stream));
        const union = alone[0].map((_, m) => alone.some((r) => r[m]));
        expect(restrictedBy({ name: 'any-of', params: { policies: children } }, stream)).toEqual(union);
        if (alone.every((r) => union.some((u, m) => u && !r[m]))) informative++;
      }),
      { numRuns: 300 },
    );
    // Not vacuous: often the union is larger than what any child restricts alone.
    expect(informative).toBeGreaterThan(2);
  });

  it('all-of restricts the intersection of what its children restrict alone (property)', () => {
    let informative = 0;
    fc.assert(
      fc.property(streamArb, fc.array(leafSpecArb, { minLength: 2, maxLength: 3 }), (stream, children) => {
        const alone = children.map((c) => restrictedBy(c, stream));
        const both = alone[0].map((_, m) => alone.every((r) => r[m]));
        expect(restrictedBy({ name: 'all-of', params: { policies: children } }, stream)).toEqual(both);
        if (both.some(Boolean) && alone.some((r) => r.some((x, m) => x && !both[m]))) informative++;
      }),
    );
    // Not vacuous: often someone is restricted, yet some child alone restricts someone more.
    expect(informative).toBeGreaterThan(2);
  });

  it('all-of restricts at the vote that completes the set, asking for the email only then', () => {
    const { ctx, ladder } = world(3);
    const p = createPolicy(resolvePolicySpec({ name: 'all-of', params: { policies: [weekly(1), idk(1)] } }, '/'), ctx);
    expect(p.onInvite(0, 1, 0, CHANNEL_PROFILE, false)).toBe(ALLOW);
    expect(p.onInvite(0, 1, 1, CHANNEL_PROFILE, false)).toBe(ALLOW); // weekly-cap votes alone
    expect(ladder.isRestricted(0)).toBe(false);
    p.onResponse(0, 1, IDK, 2); // idk-threshold completes the set
    expect(ladder.since[0]).toBe(2);
    expect(p.score!(0)).toBe(1); // min(2/1, 1/1)
  });

  it('all-of spends votes on a restriction, and lets them lapse after voteWindowHours', () => {
    const { ctx, ladder } = world(3);
    const spec = resolvePolicySpec({ name: 'all-of', params: { policies: [weekly(1), idk(1)], voteWindowHours: 1 } }, '/');
    const p = createPolicy(spec, ctx);
    p.onInvite(0, 1, 0, CHANNEL_PROFILE, false);
    p.onInvite(0, 1, 0, CHANNEL_PROFILE, false); // weekly-cap's vote at minute 0
    p.onResponse(0, 1, IDK, 61); // an hour and a minute later: the vote lapsed
    expect(ladder.isRestricted(0)).toBe(false);
    expect(p.onInvite(0, 1, 62, CHANNEL_PROFILE, false)).toBe(REQUIRE_EMAIL); // fresh vote completes the set
    expect(ladder.since[0]).toBe(62);
  });

  it('all-of takes no votes while the member is restricted: after a lift every child must flag again', () => {
    const { ctx, ladder } = world(3);
    const burst = { name: 'burst-cap', params: { cap: 1, windowHours: 1 } };
    const idkDay = { name: 'idk-threshold', params: { idks: 1, windowDays: 1 } };
    const p = createPolicy(resolvePolicySpec({ name: 'all-of', params: { policies: [burst, idkDay] } }, '/'), ctx);
    p.onResponse(0, 1, IDK, 0); // idk-threshold votes
    p.onInvite(0, 1, 1, CHANNEL_PROFILE, false);
    expect(p.onInvite(0, 1, 2, CHANNEL_PROFILE, false)).toBe(REQUIRE_EMAIL); // burst-cap completes the set
    expect(ladder.since[0]).toBe(2);
    p.onInvite(0, 1, 3, CHANNEL_PROFILE, false); // burst-cap flags again, but the member is restricted
    const lift = 26 * MINUTES_PER_HOUR; // both windows have passed, and the cool-down
    expect(ladder.check(0, lift, p)).toBe(true);
    p.onResponse(0, 1, IDK, lift + 1); // idk-threshold alone: no standing vote from minute 3 completes it
    expect(ladder.isRestricted(0)).toBe(false);
    p.onInvite(0, 1, lift + 2, CHANNEL_PROFILE, false);
    expect(p.onInvite(0, 1, lift + 3, CHANNEL_PROFILE, false)).toBe(REQUIRE_EMAIL);
    expect(ladder.since[0]).toBe(lift + 3);
    expect(ladder.strikes[0]).toBe(2);
  });

  it('any-of takes the strictest verdict, the highest score, and stays suspicious while any child is', () => {
    const { ctx, ladder } = world(3);
    const p = createPolicy(resolvePolicySpec({ name: 'any-of', params: { policies: [weekly(2), idk(1)] } }, '/'), ctx);
    p.onResponse(1, 0, IDK, 0);
    expect(ladder.since[1]).toBe(0);
    expect(p.onInvite(0, 1, 1, CHANNEL_PROFILE, false)).toBe(ALLOW);
    expect(p.onInvite(0, 1, 2, CHANNEL_PROFILE, false)).toBe(ALLOW);
    expect(p.onInvite(0, 1, 3, CHANNEL_PROFILE, false)).toBe(REQUIRE_EMAIL);
    expect(p.score!(0)).toBe(1.5);
    expect(p.suspicious(1, 4)).toBe(true);
  });

  it("warms every child that can, and has no warm when no child has one", () => {
    const { ctx } = world(5);
    // The fixture's warm returns 2m and throws for member 3; weekly-cap's reads -1 for a member it has not counted.
    const plugin = { module: './throws-in-warm.js' };
    const both = createPolicy(resolvePolicySpec({ name: 'all-of', params: { policies: [weekly(2), plugin] } }, path.join(__dirname, 'fixtures')), ctx);
    expect(both.warm!(2)).toBe(-1 ^ 4);
    expect(() => both.warm!(3)).toThrow(/threw in warm\(member 3\)/);
    const none = createPolicy(resolvePolicySpec({ name: 'any-of', params: { policies: [idk(1), idk(2)] } }, '/'), ctx);
    expect(none.warm).toBeUndefined();
  });

  it('nests, validating children at their own field paths', () => {
    expect(() =>
      resolvePolicySpec({ name: 'any-of', params: { policies: [{ name: 'all-of', params: { policies: [weekly(0)] } }] } }, '/'),
    ).toThrow('policy.params.policies[0].params.policies[0].params.cap must be a positive integer (got 0)');
    expect(() => resolvePolicySpec({ name: 'any-of', params: { policies: [] } }, '/')).toThrow(
      /^policy\.params\.policies must be a non-empty array of policy specs/,
    );
    const spec = resolvePolicySpec({ name: 'any-of' }, '/');
    expect(spec.params.policies).toEqual([
      { name: 'weekly-cap', params: { cap: 100 } },
      { name: 'idk-threshold', params: { idks: 5, windowDays: 30 } },
    ]);
  });
});
