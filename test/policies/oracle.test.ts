import { createPolicy } from '../../policies/registry';
import { ALLOW, CHANNEL_PROFILE, REQUIRE_EMAIL } from '../../policies/policy';
import { world } from './helpers';

describe('oracle', () => {
  it('restricts an abusive member at its first invitation at or after abusiveFrom, never an honest one', () => {
    // member 0 honest; member 1 abusive from minute 100 (a takeover); member 2 abusive after the horizon
    const { ctx, ladder, truth } = world(3, { abusiveFrom: Int32Array.from([-1, 100, 5000]), horizon: 1000 });
    const p = createPolicy({ name: 'oracle', params: {} }, ctx, truth);
    expect(p.onInvite(0, 2, 50, CHANNEL_PROFILE, false)).toBe(ALLOW);
    expect(p.onInvite(1, 2, 99, CHANNEL_PROFILE, false)).toBe(ALLOW);
    expect(ladder.isRestricted(1)).toBe(false);
    expect(p.onInvite(1, 2, 100, CHANNEL_PROFILE, false)).toBe(REQUIRE_EMAIL);
    expect(ladder.since[1]).toBe(100);
    expect(p.onInvite(0, 2, 900, CHANNEL_PROFILE, false)).toBe(ALLOW);
    expect(ladder.isRestricted(0)).toBe(false);
    expect([p.score!(0), p.score!(1), p.score!(2)]).toEqual([0, 1, 0]);
    expect(p.suspicious(1, 200)).toBe(true);
  });

  it('refuses to run without ground truth (a policy built without the truth channel, as in a combinator)', () => {
    const { ctx } = world(2);
    expect(() => createPolicy({ name: 'oracle', params: {} }, ctx)).toThrow(/ground truth/);
  });
});
