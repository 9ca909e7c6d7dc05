/**
 * Baseline comparison: a regression is worse, significant on the replicates (one-sided Welch,
 * Holm over every test) and beyond the practical tolerance. The Welch test is checked against
 * scipy's ttest_ind(equal_var=False), an independent implementation.
 */
import fc from 'fast-check';
import { InputError } from '../../sim/errors';
import type { RunRecord } from '../../sim/result';
import { aggregatePoints } from '../../reports/aggregate';
import { compareBaseline, holm, welch } from '../../reports/baseline';
import type { MetricName } from '../../reports/metrics';
import { sklearnJson } from '../helpers/sklearn';
import { makeRecords } from './fixtures';

/** Records of three points × four replicates with `metric` set to the given values at point 1. */
function side(seed: number, metric?: MetricName, values?: Array<number | null>) {
  const runs: RunRecord[] = makeRecords({ points: 3, replicates: 4, seed });
  if (metric && values) runs.filter((r) => r.point === 1).forEach((r, i) => (r.result!.metrics[metric] = values[i] as number));
  return { points: aggregatePoints(runs), runs };
}

const old = side(1, 'abusiveDelivered', [1000, 1010, 990, 1005]);

describe('compareBaseline', () => {
  it('finds nothing when the results are the baseline, and says what it tested', () => {
    const c = compareBaseline(old, old, 0);
    expect(c).toMatchObject({ tolerance: 0, alpha: 0.05, compared: [0, 1, 2], unmatched: [], regressions: [], untested: 0 });
    expect(c.tests).toBeGreaterThan(30);
    expect(c.test).toMatch(/Welch.*Holm/);
  });

  it('does not flag replicate noise: the same process with other seeds', () => {
    expect(compareBaseline(side(2), side(1), 0).regressions).toEqual([]);
  });

  it('flags a significant rise in a lower-is-better count beyond the relative tolerance, naming metric, point, old, new, CIs and the test', () => {
    const now = side(1, 'abusiveDelivered', [1200, 1190, 1210, 1205]);
    const [r] = compareBaseline(now, old, 0.01).regressions;
    expect(r).toMatchObject({ metric: 'abusiveDelivered', point: 1, old: 1001.25, new: 1201.25, params: { 'policy.params.idkLimit': 3 } });
    expect(r.test!.p).toBeLessThan(1e-4);
    expect(r.message).toMatch(
      /^abusiveDelivered at point 1 \(policy\.params\.idkLimit=3\) rose from 1001\.25 \(95% CI \[[\d.]+, [\d.]+\] student-t\) to 1201\.25 \(95% CI \[[\d.]+, [\d.]+\] student-t\); Welch t [\d.]+, df [\d.]+, one-sided p [\de.-]+, Holm-adjusted p [\de.-]+ ≤ 0\.05 over \d+ tests; beyond tolerance 1%$/,
    );
    // Significant but within a 20% practical tolerance: not a regression.
    expect(compareBaseline(now, old, 0.2).regressions).toEqual([]);
  });

  it('does not flag a change the replicates do not make significant, however large the mean moved', () => {
    const now = side(1, 'abusiveDelivered', [600, 1900, 700, 1800]);
    expect(compareBaseline(now, old, 0).regressions).toEqual([]);
  });

  it('never flags an improvement', () => {
    const now = side(1, 'abusiveDelivered', [10, 12, 11, 9]);
    expect(compareBaseline(now, old, 0).regressions).toEqual([]);
  });

  it('holds the family-wise level: a p-value that passes alone fails once adjusted for every test', () => {
    const now = side(1, 'abusiveDelivered', [1012, 1020, 1003, 1015]);
    const c = compareBaseline(now, old, 0, 0.05);
    const alone = welch([1000, 1010, 990, 1005], [1012, 1020, 1003, 1015], false);
    expect(alone.p).toBeLessThan(0.05);
    expect(c.regressions).toEqual([]);
  });

  it('flags a metric defined in every replicate before and in none now', () => {
    const wasDefined = side(1, 'medianHoursToRestrict', [10, 11, 12, 13]);
    const now = side(1, 'medianHoursToRestrict', [null, null, null, null]);
    expect(compareBaseline(now, wasDefined, 0.5).regressions.map((r) => r.message)).toEqual([expect.stringMatching(/^medianHoursToRestrict at point 1 .* is now undefined in every replicate \(baseline 11\.5/)]);
    expect(compareBaseline(wasDefined, now, 0).regressions).toEqual([]);
  });

  it('cannot test with one replicate a side, and counts what it could not test', () => {
    const one = (seed: number) => {
      const runs = makeRecords({ points: 1, replicates: 1, seed });
      return { points: aggregatePoints(runs), runs };
    };
    const c = compareBaseline(one(2), one(1), 0);
    expect(c).toMatchObject({ tests: 0, regressions: [] });
    expect(c.untested).toBeGreaterThan(10);
  });

  it('ignores neutral metrics such as volumes', () => {
    const now = side(1, 'events', [1e9, 1e9 + 1, 1e9 + 2, 1e9 + 3]);
    expect(compareBaseline(now, side(1, 'events', [1, 2, 3, 4]), 0).regressions).toEqual([]);
  });

  it('matches points by parameters, not position, and lists new points', () => {
    const reordered = { points: [old.points[2], old.points[0], old.points[1]].map((p, i) => ({ ...p, point: i })), runs: old.runs };
    expect(compareBaseline(old, reordered, 0).regressions).toEqual([]);
    const grown = { points: [...old.points, { ...old.points[0], point: 3, params: { 'policy.params.idkLimit': 99 } }], runs: old.runs };
    expect(compareBaseline(grown, old, 0)).toMatchObject({ compared: [0, 1, 2], unmatched: [3] });
  });

  it('rejects a negative or non-finite tolerance and an alpha outside (0, 1)', () => {
    expect(() => compareBaseline(old, old, -0.1)).toThrow(InputError);
    expect(() => compareBaseline(old, old, NaN)).toThrow('--tolerance must be a non-negative number, got NaN');
    expect(() => compareBaseline(old, old, 0, 1)).toThrow(/--alpha/);
  });
});

describe('welch and holm', () => {
  it('matches scipy.stats.ttest_ind(equal_var=False) one-sided', () => {
    const value = fc.integer({ min: -1000, max: 1000 }).map((x) => x / 10);
    const samples = fc.sample(fc.tuple(fc.array(value, { minLength: 2, maxLength: 8 }), fc.array(value, { minLength: 2, maxLength: 8 }), fc.boolean()), { numRuns: 40, seed: 16 })
      .filter(([a, b]) => new Set(a).size > 1 || new Set(b).size > 1);
    const script = `
import json, sys
from scipy.stats import ttest_ind
out = []
for a, b, higher in json.loads(sys.argv[1]):
    # "worse" is now < was when higher is better.
    r = ttest_ind(b, a, equal_var=False, alternative="less" if higher else "greater")
    out.append([float(r.statistic), float(r.pvalue)])
print(json.dumps(out))`;
    const want = sklearnJson<Array<[number, number]>>(script, [JSON.stringify(samples)]);
    samples.forEach(([a, b, higher], i) => {
      const got = welch(a, b, higher);
      // jStat's t distribution is good to about 1e-8.
      expect(got.p).toBeCloseTo(want[i][1], 6);
      expect(Math.abs(got.t)).toBeCloseTo(Math.abs(want[i][0]), 8);
    });
  });

  it("gives Holm's step-down adjusted p-values", () => {
    expect(holm([0.01, 0.04, 0.03, 0.005])).toEqual([0.03, 0.06, 0.06, 0.02].map((x) => expect.closeTo(x, 12)));
    // 2 × 0.5 caps at 1, and adjusted p-values never fall along the order.
    expect(holm([0.5, 0.9])).toEqual([1, 1]);
    expect(holm([0.2, 0.01])).toEqual([0.2, 0.02].map((x) => expect.closeTo(x, 12)));
  });
});
