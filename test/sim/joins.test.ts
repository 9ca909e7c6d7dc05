/**
 * The platform does not know who will join: the view and its snapshot hold an account's join
 * minute only from that minute on (NOT_JOINED before), as a policy, a service and the event log see it.
 */
import { buildWorld } from '../../sim/simulate';
import { NOT_JOINED } from '../../policies/platform-view';
import { ALLOW, type Policy } from '../../policies/policy';
import { smallConfig } from '../helpers/sim-config';

test('future sign-ups are NOT_JOINED in the view and the snapshot until their minute, then visible', () => {
  const engine = buildWorld(smallConfig({ days: 7 }));
  const joined = engine.pop.joinedAt;
  const horizon = engine.horizon;
  const later = [...joined.keys()].filter((m) => joined[m] > 0 && joined[m] < horizon);
  expect(later.length).toBeGreaterThan(20);
  const view = engine.policyContext().view;
  // At minute 0, before the run: no future account is known, to the view nor in the snapshot a service is sent.
  const snap = view.snapshot();
  for (const m of later) expect([m, view.joinedAt(m), snap.joinedAt[m]]).toEqual([m, NOT_JOINED, NOT_JOINED]);
  // During the run, each is seen exactly from its join minute: recorded at each review.
  const seenAt = new Map<number, number>();
  const policy: Policy = {
    onInvite: () => ALLOW,
    onResponse: () => {},
    suspicious: () => false,
    review(now) {
      for (const m of later) if (!seenAt.has(m) && view.joinedAt(m) !== NOT_JOINED) seenAt.set(m, now);
      for (const m of later) if (view.joinedAt(m) !== NOT_JOINED) expect(view.joinedAt(m)).toBeLessThanOrEqual(now);
    },
  };
  engine.run(policy);
  for (const m of later) {
    // Reviews are hourly: first seen at the first review at or after the join minute.
    expect([m, seenAt.get(m)]).toEqual([m, Math.ceil(joined[m] / 60) * 60 >= horizon ? undefined : Math.ceil(joined[m] / 60) * 60]);
  }
});
