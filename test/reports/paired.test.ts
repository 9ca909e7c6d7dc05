/**
 * Paired differences (reports/paired.ts): runs pair by seed with point 0's, and each point's
 * difference and its interval equal scipy's paired t test (ttest_rel) on the same values;
 * the unpaired interval is Welch's, from scipy's t quantile. Runs on seeds of their own pair
 * nothing.
 */
import fc from 'fast-check';
import { pairedDifferences } from '../../reports/paired';
import { METRICS, metricInfo } from '../../reports/metrics';
import type { RunRecord } from '../../sim/result';
import { sklearnJson } from '../helpers/sklearn';
import { makeRecords } from './fixtures';

const DIRECTIONAL = METRICS.filter((m) => metricInfo(m).direction !== 'neutral');

/** The fixture's records with every point's replicate r on point 0's seed, as commonRandomNumbers plans them. */
const common = (points: number, replicates: number, seed = 1): RunRecord[] =>
  makeRecords({ points, replicates, seed }).map((r) => ({ ...r, seed: `7/point/0/rep/${r.replicate}` }));

const SCIPY = `
import json, sys, math
from scipy import stats
out = []
for c in json.loads(sys.argv[1]):
    now, was = c['now'], c['was']
    ci = stats.ttest_rel(now, was).confidence_interval(0.95)
    n = len(now)
    a, b = stats.tvar(now) / n, stats.tvar(was) / n
    df = (a + b) ** 2 / (a ** 2 / (n - 1) + b ** 2 / (n - 1))
    half = stats.t.ppf(0.975, df) * math.sqrt(a + b)
    mean = sum(now) / n - sum(was) / n
    out.append([mean, ci.low, ci.high, mean - half, mean + half])
print(json.dumps(out))
`;

describe('paired differences against point 0', () => {
  it("equal scipy's paired t interval and a Welch interval from scipy's quantile, for every point and directional metric", () => {
    const runs = common(3, 6);
    const got = pairedDifferences(runs);
    expect(got).toHaveLength(2 * DIRECTIONAL.length);
    const cases = got.map((d) => {
      const at = (point: number) => runs.filter((r) => r.point === point).map((r) => r.result!.metrics[d.metric] as number);
      return { now: at(d.point), was: at(0) };
    });
    // Every case has spread on both sides: otherwise scipy's interval is nan, and the check says nothing.
    const testable = cases.map((c, i) => [c, got[i]] as const).filter(([c]) => new Set(c.now.map((x, i) => x - c.was[i])).size > 1);
    expect(testable.length).toBeGreaterThan(20);
    const want = sklearnJson<number[][]>(SCIPY, [JSON.stringify(testable.map(([c]) => c))]);
    testable.forEach(([, d], i) => {
      expect(d.pairs).toBe(6);
      const [mean, lo, hi, ulo, uhi] = want[i];
      // jStat's t quantile agrees with scipy's to about 1e-8 of itself (df 7.3: 2.3450667154 against 2.3450667362).
      for (const [a, b] of [[d.mean!, mean], [d.ciLow!, lo], [d.ciHigh!, hi], [d.unpairedCiLow!, ulo], [d.unpairedCiHigh!, uhi]]) expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(b)));
    });
  });

  it('pair nothing when every point has seeds of its own', () => {
    expect(pairedDifferences(makeRecords({ points: 3, replicates: 4 }))).toEqual([]);
  });

  it('pair only the seeds both points ran: a failed run drops its pair, one pair has a mean but no interval', () => {
    const runs = common(2, 3).map((r) => (r.point === 1 && r.replicate > 0 ? { ...r, result: undefined, error: 'crashed' } : r));
    const recall = pairedDifferences(runs).find((d) => d.metric === 'recall')!;
    const m = (p: number) => runs.find((r) => r.point === p && r.replicate === 0)!.result!.metrics.recall!;
    expect(recall).toMatchObject({ point: 1, pairs: 1, ciLow: null, ciHigh: null, unpairedCiLow: null });
    expect(recall.mean).toBeCloseTo(m(1) - m(0), 12);
  });

  it('do not depend on the order of the runs, and the paired interval holds its mean (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 2, max: 6 }), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 1e9 }), (points, replicates, seed, shuffle) => {
        const runs = common(points, replicates, seed);
        const shuffled = [...runs].sort((a, b) => ((a.index * 2654435761 + shuffle) >>> 0) % 1009 - ((b.index * 2654435761 + shuffle) >>> 0) % 1009);
        const got = pairedDifferences(runs);
        expect(pairedDifferences(shuffled)).toEqual(got);
        for (const d of got) {
          expect(d.pairs).toBe(replicates);
          if (d.ciLow !== null) expect(d.ciLow <= d.mean! && d.mean! <= d.ciHigh!).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });
});
