import { createPolicy, resolvePolicySpec } from '../../policies/registry';
import { ALLOW, CHANNEL_PROFILE, MINUTES_PER_DAY, REQUIRE_EMAIL } from '../../policies/policy';
import { world } from './helpers';

const weekly = (cap: number) => resolvePolicySpec({ name: 'weekly-cap', params: { cap } }, __dirname);

describe('weekly-cap', () => {
  it('defaults cap to 100', () => {
    expect(resolvePolicySpec({ name: 'weekly-cap' }, __dirname)).toEqual({ name: 'weekly-cap', params: { cap: 100 } });
  });

  it('restricts at the attempt past the cap, not one earlier', () => {
    const { ctx, ladder } = world(3);
    const p = createPolicy(weekly(5), ctx);
    for (let i = 0; i < 5; i++) {
      expect(p.onInvite(0, 1, i * 60, CHANNEL_PROFILE, false)).toBe(ALLOW);
      expect(ladder.isRestricted(0)).toBe(false);
    }
    expect(p.suspicious(0, 5 * 60)).toBe(true); // at the cap
    expect(p.onInvite(0, 2, 6 * 60, CHANNEL_PROFILE, false)).toBe(REQUIRE_EMAIL);
    expect(ladder.isRestricted(0)).toBe(true);
    expect(ladder.since[0]).toBe(6 * 60);
    expect(ladder.isRestricted(1)).toBe(false);
    expect(p.score!(0)).toBeCloseTo(6 / 5);
  });

  it('forgets attempts once they leave the 7-day window', () => {
    const { ctx, ladder } = world(2);
    const p = createPolicy(weekly(3), ctx);
    for (let i = 0; i < 3; i++) p.onInvite(0, 1, i, CHANNEL_PROFILE, false);
    // A week later the window holds none of them: three more are allowed.
    const later = 7 * MINUTES_PER_DAY + 10;
    expect(p.suspicious(0, later)).toBe(false);
    for (let i = 0; i < 3; i++) expect(p.onInvite(0, 1, later + i, CHANNEL_PROFILE, false)).toBe(ALLOW);
    expect(ladder.isRestricted(0)).toBe(false);
    expect(p.score!(0)).toBe(1);
  });
});
