import { createPolicy, resolvePolicySpec } from '../../policies/registry';
import { ACCEPT, ALLOW, CHANNEL_PROFILE, IDK, IGNORE, MINUTES_PER_DAY } from '../../policies/policy';
import { world } from './helpers';

const spec = (params: object) => resolvePolicySpec({ name: 'idk-threshold', params }, '/');

describe('idk-threshold', () => {
  it('defaults to 5 IDKs within 30 days', () => {
    expect(spec({}).params).toEqual({ idks: 5, windowDays: 30 });
  });

  it('restricts at the K-th IDK answer, not one earlier, and only IDKs count', () => {
    const { ctx, ladder } = world(3);
    const p = createPolicy(spec({ idks: 3 }), ctx);
    expect(p.onInvite(0, 1, 0, CHANNEL_PROFILE, false)).toBe(ALLOW);
    p.onResponse(0, 1, IGNORE, 10);
    p.onResponse(0, 1, ACCEPT, 11);
    p.onResponse(0, 1, IDK, 12);
    p.onResponse(0, 2, IDK, 13);
    expect(ladder.isRestricted(0)).toBe(false);
    expect(p.suspicious(0, 13)).toBe(false);
    p.onResponse(0, 2, IDK, 14);
    expect(ladder.isRestricted(0)).toBe(true);
    expect(ladder.since[0]).toBe(14);
    expect(p.suspicious(0, 14)).toBe(true);
    expect(p.score!(0)).toBe(1);
  });

  it('forgets IDKs older than the window', () => {
    const { ctx, ladder } = world(2);
    const p = createPolicy(spec({ idks: 2, windowDays: 1 }), ctx);
    p.onResponse(0, 1, IDK, 0);
    p.onResponse(0, 1, IDK, 2 * MINUTES_PER_DAY);
    expect(ladder.isRestricted(0)).toBe(false);
    expect(p.score!(0)).toBe(0.5);
  });
});
