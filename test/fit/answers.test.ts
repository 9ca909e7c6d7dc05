/**
 * fitAnswers against a brute-force generator of the model it inverts: answers drawn at send
 * time (accept / ignore / IDK / never) with exponential delays, hidden by withdrawals that go,
 * as in the simulator, only to a hidden class of recipients who answer differently, and by the
 * end of the log. The generator knows the truth; the fit sees only what a log would show.
 */
import fc from 'fast-check';
import { fitAnswers } from '../../fit/answers';
import { ACCEPTED, IDKED, IGNORED, PENDING, WITHDRAWN, type Invitations } from '../../fit/invitations';

interface World {
  seed: number;
  n: number;
  horizonDays: number;
  /** Share of "strangers" (the hidden class), their answer shares and the known ones'. */
  strangerShare: number;
  known: [accept: number, ignore: number, idk: number];
  stranger: [accept: number, ignore: number, idk: number];
  acceptHours: number;
  declineHours: number;
  /** Strangers' invitations withdrawn after this many days, with this chance (0: never). */
  withdrawDays: number;
  withdrawRate: number;
}

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A log's invitations, and the true shares over all of them. */
function generate(w: World): { inv: Invitations; horizon: number; truth: { accept: number; ignore: number; idk: number; none: number } } {
  const r = rng(w.seed);
  const horizon = w.horizonDays * 1440;
  const inv: Invitations = {
    n: w.n,
    sentAt: new Int32Array(w.n),
    outcome: new Uint8Array(w.n),
    duration: new Int32Array(w.n),
    mutual: new Uint8Array(w.n),
    inBook: new Uint8Array(w.n),
    note: new Uint8Array(w.n),
    photo: new Uint8Array(w.n),
  };
  const exp = (meanMinutes: number) => -meanMinutes * Math.log(1 - r());
  for (let i = 0; i < w.n; i++) {
    const sent = Math.floor(r() * horizon);
    const stranger = r() < w.strangerShare;
    const [pa, pi, pk] = stranger ? w.stranger : w.known;
    const u = r();
    const answer = u < pa ? ACCEPTED : u < pa + pi ? IGNORED : u < pa + pi + pk ? IDKED : PENDING;
    // The simulator's minute of an answer: 1 + floor of the exponential draw.
    const delay = answer === PENDING ? Infinity : 1 + Math.floor(exp((answer === ACCEPTED ? w.acceptHours : w.declineHours) * 60));
    const withdrawAt = stranger && r() < w.withdrawRate ? Math.round(w.withdrawDays * 1440) : Infinity;
    inv.sentAt[i] = sent;
    if (delay < withdrawAt && sent + delay < horizon) [inv.outcome[i], inv.duration[i]] = [answer, delay];
    else if (withdrawAt < Infinity && sent + withdrawAt < horizon) [inv.outcome[i], inv.duration[i]] = [WITHDRAWN, withdrawAt];
    else [inv.outcome[i], inv.duration[i]] = [PENDING, horizon - sent];
  }
  const s = w.strangerShare;
  const mix = (k: 0 | 1 | 2) => (1 - s) * w.known[k] + s * w.stranger[k];
  return { inv, horizon, truth: { accept: mix(0), ignore: mix(1), idk: mix(2), none: 1 - mix(0) - mix(1) - mix(2) } };
}

const BASELINE_LIKE: World = {
  seed: 7,
  n: 200_000,
  horizonDays: 30,
  strangerShare: 0.3,
  known: [0.7, 0.15, 0.01],
  stranger: [0.2, 0.35, 0.3],
  acceptHours: 30,
  declineHours: 120,
  withdrawDays: 4,
  withdrawRate: 0.4,
};

const within = (x: number, i: { low: number; high: number }) => x >= i.low && x <= i.high;

describe('fitAnswers recovers the draws a log hides', () => {
  test('a baseline-like world: shares and delays within their 95% intervals, where counting the answers seen is far off', () => {
    const { inv, horizon, truth } = generate(BASELINE_LIKE);
    const fit = fitAnswers(inv, new Uint8Array(inv.n), 1, horizon, 4 * 1440);
    const g = fit.groups[0];
    expect(within(30 * 60, fit.acceptDelay!)).toBe(true);
    expect(within(120 * 60, fit.declineDelay!)).toBe(true);
    for (const k of ['accept', 'ignore', 'idk', 'none'] as const) expect([k, within(truth[k], g[k])]).toEqual([k, true]);
    // The naive shares, answers seen over invitations: what the fit corrects (declines lost to withdrawals and the end).
    let ignoredSeen = 0;
    for (let i = 0; i < inv.n; i++) if (inv.outcome[i] === IGNORED) ignoredSeen++;
    expect(truth.ignore - ignoredSeen / inv.n).toBeGreaterThan(0.02);
  });

  test('property: over random worlds the truth lies within the intervals (a few misses allowed of 95% intervals)', () => {
    let checks = 0;
    let misses = 0;
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 1, max: 1e9 }),
          strangerShare: fc.double({ min: 0, max: 0.6, noNaN: true }),
          knownAccept: fc.double({ min: 0.3, max: 0.8, noNaN: true }),
          strangerAccept: fc.double({ min: 0.05, max: 0.3, noNaN: true }),
          acceptHours: fc.double({ min: 5, max: 40, noNaN: true }),
          declineHours: fc.double({ min: 20, max: 150, noNaN: true }),
          withdrawDays: fc.double({ min: 2, max: 6, noNaN: true }),
        }),
        (p) => {
          const w: World = {
            ...BASELINE_LIKE,
            n: 60_000,
            seed: p.seed,
            strangerShare: p.strangerShare,
            known: [p.knownAccept, (1 - p.knownAccept) * 0.6, 0.01],
            stranger: [p.strangerAccept, 0.3, 0.35],
            acceptHours: p.acceptHours,
            declineHours: p.declineHours,
            withdrawDays: p.withdrawDays,
          };
          const { inv, horizon, truth } = generate(w);
          const fit = fitAnswers(inv, new Uint8Array(inv.n), 1, horizon, Math.round(w.withdrawDays * 1440));
          const g = fit.groups[0];
          const hits = [within(w.acceptHours * 60, fit.acceptDelay!), within(w.declineHours * 60, fit.declineDelay!), ...(['accept', 'ignore', 'idk', 'none'] as const).map((k) => within(truth[k], g[k]))];
          checks += hits.length;
          misses += hits.filter((h) => !h).length;
          // Never far off: a miss is a near miss, not a bias.
          expect(Math.abs(g.accept.value - truth.accept)).toBeLessThan(0.03);
          expect(Math.abs(g.none.value - truth.none)).toBeLessThan(0.05);
        },
      ),
      { numRuns: 20, seed: 29 },
    );
    expect(misses / checks).toBeLessThanOrEqual(0.1);
  });

  test('per group: shares by what the platform saw, one delay for all groups', () => {
    const a = generate({ ...BASELINE_LIKE, seed: 11, n: 100_000, strangerShare: 0.1 });
    const b = generate({ ...BASELINE_LIKE, seed: 12, n: 100_000, strangerShare: 0.6 });
    const inv = { ...a.inv } as Invitations;
    for (const k of ['sentAt', 'outcome', 'duration'] as const) {
      const joined = new Int32Array(200_000);
      joined.set(a.inv[k]);
      joined.set(b.inv[k], 100_000);
      (inv as unknown as Record<string, unknown>)[k] = k === 'outcome' ? Uint8Array.from(joined) : joined;
    }
    inv.n = 200_000;
    const group = new Uint8Array(200_000).fill(1, 100_000);
    const fit = fitAnswers(inv, group, 2, a.horizon, 4 * 1440);
    expect(within(a.truth.accept, fit.groups[0].accept)).toBe(true);
    expect(within(b.truth.accept, fit.groups[1].accept)).toBe(true);
    expect(within(30 * 60, fit.acceptDelay!)).toBe(true);
  });
});
