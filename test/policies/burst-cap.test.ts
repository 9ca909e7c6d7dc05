import { createPolicy, resolvePolicySpec } from '../../policies/registry';
import { ALLOW, CHANNEL_IMPORT, REQUIRE_EMAIL } from '../../policies/policy';
import { world } from './helpers';

describe('burst-cap', () => {
  it('defaults to 100 per 24 hours', () => {
    expect(resolvePolicySpec({ name: 'burst-cap' }, '/').params).toEqual({ cap: 100, windowHours: 24 });
  });

  it('restricts at the attempt past the cap within the window, not one earlier', () => {
    const { ctx, ladder } = world(2);
    const p = createPolicy(resolvePolicySpec({ name: 'burst-cap', params: { cap: 10, windowHours: 1 } }, '/'), ctx);
    // An address-book import: ten at the same minute pass, the eleventh does not.
    for (let i = 0; i < 10; i++) expect(p.onInvite(0, 1, 30, CHANNEL_IMPORT, false)).toBe(ALLOW);
    expect(ladder.isRestricted(0)).toBe(false);
    expect(p.onInvite(0, 1, 31, CHANNEL_IMPORT, false)).toBe(REQUIRE_EMAIL);
    expect(ladder.since[0]).toBe(31);
  });

  it('lets the same volume through when spread past the window', () => {
    const { ctx, ladder } = world(2);
    const p = createPolicy(resolvePolicySpec({ name: 'burst-cap', params: { cap: 2, windowHours: 1 } }, '/'), ctx);
    for (let i = 0; i < 12; i++) expect(p.onInvite(0, 1, i * 31, CHANNEL_IMPORT, false)).toBe(ALLOW);
    expect(ladder.isRestricted(0)).toBe(false);
    expect(p.score!(0)).toBe(1);
  });
});
