import { createPolicy, resolvePolicySpec } from '../../policies/registry';
import { ACCEPT, ALLOW, CHANNEL_PROFILE, REQUIRE_EMAIL, WITHDRAW } from '../../policies/policy';
import { world } from './helpers';

const spec = (params: object) => resolvePolicySpec({ name: 'pending-cap', params }, '/');

describe('pending-cap', () => {
  it('defaults to 500 pending with no withdrawal penalty', () => {
    expect(spec({}).params).toEqual({ cap: 500, withdrawPenalty: 0 });
  });

  it('restricts at the invitation that passes the cap, counting answers, withdrawals and blocks as no longer pending', () => {
    const { ctx, ladder } = world(2);
    const p = createPolicy(spec({ cap: 3 }), ctx);
    for (let i = 0; i < 3; i++) expect(p.onInvite(0, 1, i, CHANNEL_PROFILE, false)).toBe(ALLOW);
    p.onResponse(0, 1, ACCEPT, 3); // 2 pending
    p.onResponse(0, 1, WITHDRAW, 4); // 1 pending
    expect(p.onInvite(0, 1, 5, CHANNEL_PROFILE, false)).toBe(ALLOW); // 2
    p.onBlocked!(0, 1, 5); // 1
    expect(p.onInvite(0, 1, 6, CHANNEL_PROFILE, false)).toBe(ALLOW); // 2
    expect(p.onInvite(0, 1, 7, CHANNEL_PROFILE, false)).toBe(ALLOW); // 3: at the cap
    expect(ladder.isRestricted(0)).toBe(false);
    expect(p.suspicious(0, 7)).toBe(true);
    expect(p.onInvite(0, 1, 8, CHANNEL_PROFILE, false)).toBe(REQUIRE_EMAIL); // 4
    expect(ladder.since[0]).toBe(8);
  });

  it('with a penalty, withdrawing does not hide pending invitations', () => {
    const { ctx, ladder } = world(2);
    const p = createPolicy(spec({ cap: 2, withdrawPenalty: 1 }), ctx);
    for (let i = 0; i < 2; i++) p.onInvite(0, 1, i, CHANNEL_PROFILE, false);
    p.onResponse(0, 1, WITHDRAW, 2);
    p.onResponse(0, 1, WITHDRAW, 3);
    expect(p.onInvite(0, 1, 4, CHANNEL_PROFILE, false)).toBe(REQUIRE_EMAIL);
    expect(ladder.isRestricted(0)).toBe(true);
    expect(p.score!(0)).toBe(1.5);
  });
});
