/**
 * Truth in time: a taken-over account is honest until its takeover. A restriction that started
 * before it judged the owner (a false positive, an honest cost); only a restriction that started
 * from the takeover on detects the attacker. The expected figures are counted here from the
 * truth and the policy's own record of what it restricted and when, not from the metrics code.
 */
import { simulateRun, type MakePolicy } from '../../sim/simulate';
import { smallConfig } from '../helpers/sim-config';
import { ALLOW, MINUTES_PER_DAY, MINUTES_PER_HOUR, type Policy } from '../../policies/policy';
import { DEFAULT_LADDER } from '../../scenarios/defaults';

const cfg = (coolDownHours: number) =>
  smallConfig({
    seed: 'truth-in-time',
    members: 1500,
    days: 30,
    shares: { regular: 0.9, takeover: 0.1 },
    reviewEveryMinutes: 60,
    // One strike short of permanent at most twice, so a lifted restriction can be followed by another.
    ladder: { ...DEFAULT_LADDER, coolDownHours, recheckHours: 1, strikesToPermanent: 3 },
  });

/** Restricts each taken-over account `before` minutes before its takeover and/or `after` minutes after it; records when. */
function scripted(before: number | null, after: number | null, log: Map<number, number[]>): MakePolicy {
  return (ctx, truth): Policy => ({
    review(now) {
      const from = truth.abusiveFrom;
      for (let m = 0; m < ctx.members; m++) {
        if (from[m] <= 0) continue;
        const due = (before !== null && now === onHour(from[m] - before)) || (after !== null && now === onHour(from[m] + after));
        if (due && ctx.ladder.restrict(m, now)) log.set(m, [...(log.get(m) ?? []), now]);
      }
    },
    onInvite: () => ALLOW,
    onResponse() {},
    suspicious: () => false,
  });
}

/** Review runs on the hour: takeover minutes and offsets rounded to it. */
const onHour = (t: number) => Math.ceil(t / 60) * 60;

describe('truth in time', () => {
  it('a restriction before the takeover that spans it is a false positive with its honest minutes as honest cost, and no detection', () => {
    const log = new Map<number, number[]>();
    // Restricted 12 h before each takeover (on the hour), not lifted within the run (a 60-day cool-down).
    const make = scripted(12 * MINUTES_PER_HOUR, null, log);
    const { result } = simulateRun(cfg(60 * 24), make, false);
    const t = result.byArchetype.takeover!;
    const restricted = [...log.keys()];
    expect(restricted.length).toBeGreaterThan(50);
    // Each restricted owner: a false positive; no takeover is detected.
    expect(t.falsePositives).toBe(restricted.length);
    expect(t.truePositives).toBe(0);
    expect(t.falseNegatives).toBe(t.abusiveMembers);
    expect(t.medianHoursToRestrict).toBeNull();
    // Honest periods: every taken-over account whose takeover falls in the run has one.
    expect(t.falsePositives + t.trueNegatives).toBe(t.abusiveMembers);
    expect(t.members).toBe(t.abusiveMembers);
  });

  it('a restriction that spans the takeover costs its minutes before the takeover; a new one after it is the detection, timed from the first abusive send', () => {
    const log = new Map<number, number[]>();
    const aheadHours = 6;
    // Restricted 6 h before the takeover (12 h cool-down, lifted on the first check after it), again 3 days after.
    const make = scripted(aheadHours * MINUTES_PER_HOUR, 3 * MINUTES_PER_DAY, log);
    const engineCfg = cfg(12);
    const { result, members } = simulateRun(engineCfg, make, true);
    const t = result.byArchetype.takeover!;
    const horizon = engineCfg.days * MINUTES_PER_DAY;
    const from = members!.abusiveFrom;
    let spanned = 0;
    let honestMinutes = 0;
    let detected = 0;
    for (const [m, starts] of log) {
      if (starts[0] < from[m]) {
        spanned++;
        // The first restriction lasts 12 h (lifted at its first check); its part before the takeover is the owner's.
        honestMinutes += Math.min(from[m], starts[0] + 12 * MINUTES_PER_HOUR) - starts[0];
      }
      if (starts.some((s) => s >= from[m] && s < horizon)) detected++;
    }
    expect(spanned).toBeGreaterThan(50);
    expect(detected).toBeGreaterThan(50);
    expect(t.falsePositives).toBe(spanned);
    expect(t.truePositives).toBe(detected);
    expect(t.honestRestrictedDays).toBeCloseTo(honestMinutes / MINUTES_PER_DAY, 6);
    // Detection is timed from the restriction after the takeover: at least 3 days less the wait for the first abusive send, never 0.
    expect(t.medianHoursToRestrict!).toBeGreaterThan(24);
    expect(t.medianHoursToRestrict!).toBeLessThanOrEqual(72 + 1);
  });

  it('a restriction only after the takeover is a true positive and costs the owner nothing', () => {
    const log = new Map<number, number[]>();
    const { result } = simulateRun(cfg(24 * 60), scripted(null, 60, log), false);
    const t = result.byArchetype.takeover!;
    expect(log.size).toBeGreaterThan(50);
    expect(t.truePositives).toBe(log.size);
    expect(t.falsePositives).toBe(0);
    expect(t.honestRestrictedDays).toBe(0);
  });
});
