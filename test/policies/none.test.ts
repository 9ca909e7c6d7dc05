import { createPolicy } from '../../policies/registry';
import { ALLOW, CHANNEL_IMPORT, IDK } from '../../policies/policy';
import { world } from './helpers';

describe('none', () => {
  it('allows everything and restricts no one, with no score', () => {
    const { ctx, ladder } = world(2);
    const p = createPolicy({ name: 'none', params: {} }, ctx);
    for (let i = 0; i < 1000; i++) {
      expect(p.onInvite(0, 1, i, CHANNEL_IMPORT, false)).toBe(ALLOW);
      p.onResponse(0, 1, IDK, i);
    }
    expect(ladder.firstAt[0]).toBe(-1);
    expect(p.suspicious(0, 1000)).toBe(false);
    expect(p.score).toBeUndefined();
  });
});
