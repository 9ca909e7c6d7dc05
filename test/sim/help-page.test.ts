/**
 * Every sentence of the help page has an effect a seeded run shows: switching a feature off
 * moves its figure in the documented direction. Runs share a seed, so with the `none`
 * policy (where Ignore and IDK have the same consequences) an IDK ablation changes nothing
 * but the answers it names.
 */
import { simulate } from '../../sim/simulate';
import { ACCEPT, ALLOW, REQUIRE_EMAIL, type Policy, type PolicyContext } from '../../policies/policy';
import { createPolicy } from '../../policies/registry';
import { DEFAULT_ARCHETYPES } from '../../sim/archetypes';
import type { ArchetypeName, ArchetypeParams, SimConfig } from '../../sim/config';
import { DEFAULT_RESPONSE } from '../../scenarios/defaults';
import { allowAll, smallConfig } from '../helpers/sim-config';

const honestOnly = { regular: 0.9, recruiter: 0.05, openNetworker: 0.05 };
const world = (o: Partial<SimConfig> = {}) => smallConfig({ seed: 'help-page', members: 4000, days: 30, shares: honestOnly, ...o });
const withArchetypes = (patch: (a: ArchetypeParams) => Partial<ArchetypeParams>) =>
  Object.fromEntries(Object.entries(DEFAULT_ARCHETYPES).map(([k, a]) => [k, { ...a, ...patch(a) }])) as Record<ArchetypeName, ArchetypeParams>;

/** Restricts each member at its first invitation; lifts after the cool-down. */
const restrictAtFirst = (ctx: PolicyContext): Policy => ({
  onInvite(s, _r, now) {
    return ctx.ladder.restrict(s, now) ? REQUIRE_EMAIL : ALLOW;
  },
  onResponse() {},
  suspicious: () => true,
});

describe('the help page, sentence by sentence', () => {
  it('"a personal note ... jog the recipient\'s memory": without its IDK effect, people who know the sender click IDK more', () => {
    const on = simulate(world(), allowAll);
    const off = simulate(world({ response: { ...DEFAULT_RESPONSE, noteIdkEffect: 0 } }), allowAll);
    expect(off.metrics.idk).toBeGreaterThan(on.metrics.idk);
    expect(off.metrics.idk + off.metrics.ignored).toBe(on.metrics.idk + on.metrics.ignored);
  });

  it('"an updated profile photo ... identify you": without its IDK effect, more mistaken IDKs', () => {
    const on = simulate(world(), allowAll);
    const off = simulate(world({ response: { ...DEFAULT_RESPONSE, photoIdkEffect: 0 } }), allowAll);
    expect(off.metrics.idk).toBeGreaterThan(on.metrics.idk);
  });

  it('a note and a photo raise acceptance', () => {
    const on = simulate(world(), allowAll);
    const off = simulate(world({ response: { ...DEFAULT_RESPONSE, noteBoost: 0, photoBoost: 0 } }), allowAll);
    expect(on.calibration.fof.acceptRate!).toBeGreaterThan(off.calibration.fof.acceptRate!);
    expect(on.calibration.stranger.acceptRate!).toBeGreaterThan(off.calibration.stranger.acceptRate!);
  });

  it('"withdraw any invitations ... likely to respond as not knowing who you are": honest withdrawals avert IDKs, and so false positives of an IDK rule', () => {
    const policy = (ctx: PolicyContext) => createPolicy({ name: 'idk-threshold', params: { idks: 25, windowDays: 30 } }, ctx);
    const on = simulate(world(), policy);
    const off = simulate(world({ archetypes: withArchetypes(() => ({ withdrawRate: 0 })) }), policy);
    expect(on.metrics.withdrawn).toBeGreaterThan(0);
    expect(off.metrics.withdrawn).toBe(0);
    expect(off.metrics.idk).toBeGreaterThan(on.metrics.idk * 1.05);
    expect(off.metrics.falsePositives).toBeGreaterThan(on.metrics.falsePositives);
  });

  it('withdrawals come before most IDKs arrive: with declines as quick as accepts, withdrawing averts fewer of them', () => {
    const slow = simulate(world(), allowAll);
    const quick = simulate(world({ response: { ...DEFAULT_RESPONSE, declineDelayHours: DEFAULT_RESPONSE.meanDelayHours } }), allowAll);
    expect(quick.metrics.withdrawn).toBeLessThan(slow.metrics.withdrawn * 0.7);
  });

  it('"Use an InMail if you don\'t know someone\'s email address": with no credits, restricted honest members suppress those sends instead', () => {
    const on = simulate(world(), restrictAtFirst);
    const off = simulate(world({ inmail: { creditsPerMonth: 0 } }), restrictAtFirst);
    expect(on.metrics.honestInmailsSent).toBeGreaterThan(0);
    expect(off.metrics.inmailsSent).toBe(0);
    expect(off.metrics.honestSuppressed).toBeGreaterThan(on.metrics.honestSuppressed);
    // Each InMail replaced a suppressed send; the sends wanted are the same.
    expect(off.metrics.honestSuppressed - on.metrics.honestSuppressed).toBe(on.metrics.honestInmailsSent);
  });

  it('"may lift the restriction": honest member-days restricted are counted, and fall with a shorter cool-down', () => {
    // Restricts each member once, at its first invitation after day 10, and never finds it suspicious again.
    const once = (ctx: PolicyContext): Policy => ({
      onInvite(s, _r, now) {
        return now >= 10 * 1440 && ctx.ladder.firstAt[s] < 0 && ctx.ladder.restrict(s, now) ? REQUIRE_EMAIL : ALLOW;
      },
      onResponse() {},
      suspicious: () => false,
    });
    const long = simulate(world({ ladder: { coolDownHours: 96, recheckHours: 24, strikesToPermanent: 2 } }), once);
    const short = simulate(world({ ladder: { coolDownHours: 24, recheckHours: 24, strikesToPermanent: 2 } }), once);
    // Each restricted member spends the cool-down restricted (less if the horizon comes first).
    const restricted = short.metrics.falsePositives;
    expect(restricted).toBeGreaterThan(100);
    expect(short.metrics.honestRestrictedDays).toBeLessThanOrEqual(restricted * 1 + 1e-9);
    expect(short.metrics.honestRestrictedDays).toBeGreaterThan(restricted * 0.9);
    expect(long.metrics.honestRestrictedDays).toBeGreaterThan(short.metrics.honestRestrictedDays * 3);
  });

  it('an existing network: members already connected to a share of the people they know invite fewer of them', () => {
    const grown = simulate(world(), allowAll);
    const none = simulate(world({ network: { ...world().network, initialConnectedShare: 0 } }), allowAll);
    expect(none.calibration.contact.delivered).toBeGreaterThan(grown.calibration.contact.delivered * 1.2);
  });

  it("fake accounts' friends of friends accept more the more connections they share (Boshmaf et al. 2011)", () => {
    const bySharing = new Map<string, number>();
    const accepted = [0, 0, 0];
    const sent = [0, 0, 0];
    const watch = (ctx: PolicyContext): Policy => ({
      onInvite(s, r) {
        if (ctx.view.joinedAt(s) >= 0 && ctx.view.connectionCount(s) > 0) bySharing.set(`${s}>${r}`, Math.min(2, ctx.view.mutualConnections(s, r, 10)));
        return ALLOW;
      },
      onResponse(s, r, kind) {
        const k = bySharing.get(`${s}>${r}`);
        if (k === undefined) return;
        sent[k]++;
        if (kind === ACCEPT) accepted[k]++;
      },
      suspicious: () => false,
    });
    simulate(smallConfig({ seed: 'fof', members: 6000, days: 30, shares: { regular: 0.95, fofTargeter: 0.05 } }), watch);
    const rate = accepted.map((a, k) => a / sent[k]);
    expect(sent[1]).toBeGreaterThan(300);
    expect(sent[2]).toBeGreaterThan(50);
    expect(rate[2]).toBeGreaterThan(rate[1]);
    expect(rate[1]).toBeGreaterThan(0.45);
  });
});
