/** Under restriction members behave per archetype: honest ones type the addresses they know, InMail or give up the rest; spammers are stopped. */
import { simulate } from '../../sim/simulate';
import { ALLOW, REQUIRE_EMAIL, type Policy, type PolicyContext } from '../../policies/policy';
import { smallConfig } from '../helpers/sim-config';

/** Restricts everyone at their first invitation, permanently. */
const restrictEveryone = (ctx: PolicyContext): Policy => ({
  onInvite(sender, _r, now) {
    ctx.ladder.restrict(sender, now);
    return REQUIRE_EMAIL;
  },
  onResponse() {},
  suspicious: () => true,
});

describe('restricted members', () => {
  const cfg = smallConfig({ members: 4000, days: 21, ladder: { coolDownHours: 72, recheckHours: 24, strikesToPermanent: 1 } });
  const free = simulate(cfg, () => ({ onInvite: () => ALLOW, onResponse() {}, suspicious: () => false }));
  const restricted = simulate(cfg, restrictEveryone);
  const a = restricted.byArchetype;

  it('honest regulars still reach the people whose address they know; the rest go by InMail or are counted as suppressed, and only the attempt that restricted them can be blocked', () => {
    const r = a.regular!;
    const f = free.byArchetype.regular!;
    expect(r.accepted).toBeGreaterThan(f.accepted * 0.3);
    expect(r.accepted).toBeLessThan(f.accepted * 0.9);
    expect(r.blocked).toBeLessThanOrEqual(r.members);
    expect(r.honestSuppressed).toBeGreaterThan(0.2 * r.sendsIntended);
    expect(r.honestInmailsSent).toBeGreaterThan(0);
    // Free members never need either.
    expect(f.suppressed + f.inmailsSent).toBe(0);
  });

  it('InMail is limited by monthly credits: recruiters (most have credits) send at most creditsPerMonth a month each', () => {
    const r = a.recruiter!;
    expect(r.inmailsSent).toBeGreaterThan(0);
    expect(r.inmailsSent).toBeLessThanOrEqual(r.members * cfg.inmail.creditsPerMonth);
    expect(r.suppressed).toBeGreaterThan(r.inmailsSent);
  });

  it('spammers who keep going are blocked: they rarely have a stranger’s email', () => {
    const s = a.sybil!;
    expect(s.blocked / s.invitationsAttempted).toBeGreaterThan(0.5);
  });

  it('bulk spammers give up after their first restriction', () => {
    const b = a.bulkSpammer!;
    expect(b.invitationsAttempted).toBeLessThanOrEqual(b.members);
  });

  it('waiting attackers (low-and-slow) send nothing while restricted', () => {
    expect(a.lowAndSlow!.invitationsAttempted).toBeLessThanOrEqual(a.lowAndSlow!.members);
  });

  it('every restriction here is permanent (one strike) and none lifts', () => {
    expect(restricted.metrics.permanentRestrictions).toBe(restricted.metrics.restrictionsStarted);
    expect(restricted.metrics.restrictionsLifted).toBe(0);
  });
});
