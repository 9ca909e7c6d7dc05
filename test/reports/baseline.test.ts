import { InputError } from '../../sim/errors';
import { compareBaseline, type PointSummary } from '../../reports';
import { aggregatePoints } from '../../reports/aggregate';
import type { MetricName } from '../../reports/metrics';
import { makeRecords } from './fixtures';

const base = aggregatePoints(makeRecords({ points: 3, replicates: 4 }));

/** A copy of `points` with one metric's mean (and CI) set at one point. */
function withMean(points: PointSummary[], point: number, metric: MetricName, mean: number | null): PointSummary[] {
  return points.map((p) =>
    p.point !== point ? p : { ...p, metrics: { ...p.metrics, [metric]: { mean, ciLow: mean === null ? null : mean - 0.01, ciHigh: mean === null ? null : mean + 0.01, n: 4 } } },
  );
}

describe('compareBaseline', () => {
  const old = withMean(withMean(withMean(base, 1, 'precision', 0.95), 1, 'falsePositiveRate', 0.01), 1, 'abusiveDelivered', 1000);

  it('finds nothing when the results are the baseline', () => {
    expect(compareBaseline(old, { points: old }, 0)).toEqual({ tolerance: 0, compared: [0, 1, 2], unmatched: [], regressions: [] });
  });

  it('flags a drop in a higher-is-better share beyond the absolute tolerance, naming metric, point, old, new and CI', () => {
    const now = withMean(old, 1, 'precision', 0.93);
    expect(compareBaseline(now, { points: old }, 0.03).regressions).toEqual([]);
    const [r] = compareBaseline(now, { points: old }, 0.01).regressions;
    expect(r).toMatchObject({ metric: 'precision', point: 1, old: 0.95, new: 0.93, params: { 'policy.params.idkLimit': 3 } });
    expect(r.message).toBe(
      'precision at point 1 (policy.params.idkLimit=3) fell from 0.95 (95% CI [0.94, 0.96]) to 0.93 (95% CI [0.92, 0.94]); tolerance 0.01',
    );
  });

  it('never flags an improvement', () => {
    const now = withMean(withMean(withMean(old, 1, 'precision', 0.99), 1, 'falsePositiveRate', 0.001), 1, 'abusiveDelivered', 10);
    expect(compareBaseline(now, { points: old }, 0).regressions).toEqual([]);
  });

  it('flags a rise in a lower-is-better share', () => {
    const now = withMean(old, 1, 'falsePositiveRate', 0.025);
    expect(compareBaseline(now, { points: old }, 0.02).regressions).toEqual([]);
    expect(compareBaseline(now, { points: old }, 0.01).regressions.map((r) => [r.metric, r.old, r.new])).toEqual([['falsePositiveRate', 0.01, 0.025]]);
  });

  it('reads the tolerance as relative for counts and hours', () => {
    const now = withMean(old, 1, 'abusiveDelivered', 1015);
    expect(compareBaseline(now, { points: old }, 0.02).regressions).toEqual([]);
    const [r] = compareBaseline(now, { points: old }, 0.01).regressions;
    expect(r.message).toMatch(/abusiveDelivered at point 1 .* rose from 1000 .* to 1015 .*; tolerance 1%/);
  });

  it('flags a metric that became undefined, but not one that was undefined', () => {
    const now = withMean(old, 1, 'precision', null);
    expect(compareBaseline(now, { points: old }, 0.5).regressions.map((r) => r.message)).toEqual([expect.stringMatching(/^precision at point 1 .* is now undefined \(baseline 0\.95/)]);
    expect(compareBaseline(old, { points: now }, 0).regressions).toEqual([]);
  });

  it('ignores neutral metrics such as volumes', () => {
    const now = withMean(withMean(old, 0, 'invitationsAttempted', 1), 0, 'events', 1e9);
    expect(compareBaseline(now, { points: old }, 0).regressions).toEqual([]);
  });

  it('matches points by parameters, not position, and lists new points', () => {
    const reordered = [old[2], old[0], old[1]].map((p, i) => ({ ...p, point: i }));
    expect(compareBaseline(old, { points: reordered }, 0).regressions).toEqual([]);
    const grown = [...old, { ...old[0], point: 3, params: { 'policy.params.idkLimit': 99 } }];
    expect(compareBaseline(grown, { points: old }, 0)).toMatchObject({ compared: [0, 1, 2], unmatched: [3] });
  });

  it('rejects a negative or non-finite tolerance', () => {
    expect(() => compareBaseline(old, { points: old }, -0.1)).toThrow(InputError);
    expect(() => compareBaseline(old, { points: old }, NaN)).toThrow('--tolerance must be a non-negative number, got NaN');
  });
});
