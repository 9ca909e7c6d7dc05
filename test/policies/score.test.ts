import { createPolicy, resolvePolicySpec } from '../../policies/registry';
import { ACCEPT, ALLOW, CHANNEL_PROFILE, IDK, REQUIRE_EMAIL } from '../../policies/policy';
import { viewOf, world } from './helpers';

const quiet = { invite: 0, stranger: 0, idk: 0, ignore: 0, accept: 0, withdraw: 0, pending: 0 };
const spec = (params: object) => resolvePolicySpec({ name: 'score', params: { ...quiet, ...params } }, '/');

describe('score', () => {
  it('restricts at the event that takes the score past the threshold, not one earlier', () => {
    // 0 and 1 share a connection (3); 0 and 2 share none: 2 is a stranger as the platform sees it.
    const view = viewOf(4, [[0, 3], [1, 3]]);
    const { ctx, ladder } = world(4, { view });
    const p = createPolicy(spec({ threshold: 10, invite: 1, stranger: 2, idk: 4 }), ctx);
    expect(p.onInvite(0, 1, 0, CHANNEL_PROFILE, false)).toBe(ALLOW); // a mutual connection: 1 (all at minute 0: no decay)
    expect(p.onInvite(0, 2, 0, CHANNEL_PROFILE, false)).toBe(ALLOW); // stranger: 1 + 3
    p.onResponse(0, 2, IDK, 0); // 8
    expect(p.onInvite(0, 1, 0, CHANNEL_PROFILE, false)).toBe(ALLOW); // 9
    expect(p.onInvite(0, 1, 0, CHANNEL_PROFILE, false)).toBe(ALLOW); // 10: not past it
    expect(ladder.isRestricted(0)).toBe(false);
    expect(p.suspicious(0, 0)).toBe(true);
    expect(p.onInvite(0, 1, 5, CHANNEL_PROFILE, false)).toBe(REQUIRE_EMAIL); // 11
    expect(ladder.since[0]).toBe(5);
    expect(p.score!(0)).toBeCloseTo(1.1);
  });

  it('halves every half-life, never goes below zero, and counts pending invitations as a level', () => {
    const { ctx, ladder } = world(3);
    const p = createPolicy(spec({ threshold: 100, invite: 8, accept: -100, pending: 1, halfLifeHours: 1 }), ctx);
    p.onInvite(0, 1, 0, CHANNEL_PROFILE, false); // 8 decaying + 1 pending
    expect(p.suspicious(0, 60)).toBe(false);
    p.onResponse(0, 1, ACCEPT, 60); // 4 - 100 -> 0, nothing pending
    p.onInvite(0, 1, 60, CHANNEL_PROFILE, false); // 8 + 1
    expect(p.score!(0)).toBeCloseTo(0.09);
    expect(ladder.isRestricted(0)).toBe(false);
  });

  it('scores the peak: a burst long decayed still ranks', () => {
    const { ctx } = world(2);
    const p = createPolicy(spec({ threshold: 100, invite: 1, halfLifeHours: 1 }), ctx);
    for (let i = 0; i < 50; i++) p.onInvite(0, 1, 0, CHANNEL_PROFILE, false);
    expect(p.suspicious(0, 100 * 60)).toBe(false);
    expect(p.score!(0)).toBeCloseTo(0.5);
  });
});
