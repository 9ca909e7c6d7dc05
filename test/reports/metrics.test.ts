/**
 * Cross-checks of the metric arithmetic against independent brute-force definitions on
 * random inputs: the score curve and average precision (sim/metrics.scoreCurve, which
 * produces them), the interpolation reports use to average score curves, and member-level
 * precision/recall/F1 as reports aggregate them.
 */
import fc from 'fast-check';
import { scoreCurve } from '../../sim/metrics';
import { RECALL_GRID } from '../../reports/aggregate';
import { aggregatePoints } from '../../reports';
import { makeRecords } from './fixtures';

/** Scores on a coarse grid, so ties (one threshold for several members) are common. */
const members = fc.array(fc.tuple(fc.integer({ min: 0, max: 12 }).map((k) => k / 4), fc.boolean()), { minLength: 1, maxLength: 120 });

/** Precision and recall of "restrict everyone scoring ≥ t", counted member by member. */
function atThreshold(data: Array<[number, boolean]>, t: number): { precision: number; recall: number } {
  const flagged = data.filter(([s]) => s >= t);
  const tp = flagged.filter(([, abusive]) => abusive).length;
  return { precision: tp / flagged.length, recall: tp / data.filter(([, abusive]) => abusive).length };
}

/** Average precision as the mean, over abusive members, of the precision at their own score. */
function bruteAveragePrecision(data: Array<[number, boolean]>): number | null {
  const positives = data.filter(([, abusive]) => abusive);
  if (positives.length === 0) return null;
  return positives.reduce((sum, [s]) => sum + atThreshold(data, s).precision, 0) / positives.length;
}

function run(data: Array<[number, boolean]>) {
  return scoreCurve(Float64Array.from(data.map(([s]) => s)), Uint8Array.from(data.map(([, a]) => (a ? 1 : 0))));
}

describe('score metrics against brute force', () => {
  it('ranks a NaN score (a plugin bug) lowest, as -Infinity, rather than looping forever', () => {
    fc.assert(
      fc.property(members, fc.array(fc.boolean(), { minLength: 1, maxLength: 20 }), (data, nans) => {
        const withNaN = data.concat(nans.map((a): [number, boolean] => [NaN, a]));
        const asLowest = data.concat(nans.map((a): [number, boolean] => [-Infinity, a]));
        expect(run(withNaN)).toEqual(run(asLowest));
      }),
      { numRuns: 100 },
    );
  });

  it('average precision equals the mean precision at each abusive member’s score (ties as one threshold)', () => {
    fc.assert(
      fc.property(members, (data) => {
        const { averagePrecision } = run(data);
        const expected = bruteAveragePrecision(data);
        if (expected === null) expect(averagePrecision).toBeNull();
        else expect(averagePrecision).toBeCloseTo(expected, 10);
      }),
      { numRuns: 300 },
    );
  });

  it('every point of the PR curve is the precision and recall of its threshold', () => {
    fc.assert(
      fc.property(members, (data) => {
        const { curve } = run(data);
        curve.threshold.forEach((t, i) => {
          const expected = atThreshold(data, t);
          expect(curve.precision[i]).toBeCloseTo(expected.precision, 12);
          expect(curve.recall[i]).toBeCloseTo(expected.recall, 12);
        });
        if (data.some(([, a]) => a)) expect(curve.recall[curve.recall.length - 1]).toBe(1);
      }),
      { numRuns: 300 },
    );
  });

  it('the operating point at recall level r is the highest threshold whose recall reaches r (sklearn\'s step curve)', () => {
    fc.assert(
      fc.property(members.filter((d) => d.some(([, a]) => a)), (data) => {
        const { curve } = run(data);
        const thresholds = [...new Set(data.map(([s]) => s))].sort((a, b) => b - a);
        const positives = data.filter(([, a]) => a).length;
        RECALL_GRID.forEach((r, k) => {
          const t = thresholds.find((th) => atThreshold(data, th).recall >= r - 1e-12)!;
          const flagged = data.filter(([s]) => s >= t);
          const tp = flagged.filter(([, a]) => a).length;
          expect(curve.levels!.threshold[k]).toBe(t);
          expect(curve.levels!.tp[k]).toBe(tp);
          expect(curve.levels!.fp[k]).toBe(flagged.length - tp);
          expect(curve.levels!.recall[k]).toBeCloseTo(tp / positives, 12);
          expect(curve.levels!.precision[k]).toBeCloseTo(tp / flagged.length, 12);
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('aggregated member-level ratios', () => {
  it("a point's precision and recall pool the runs' confusion counts; F1 is the mean of each run's value", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 8 }), (seed, replicates) => {
        const records = makeRecords({ points: 1, replicates, seed });
        const [point] = aggregatePoints(records);
        const counts = records.map(({ result }) => result!.metrics);
        const total = (f: (c: (typeof counts)[number]) => number) => counts.reduce((s, c) => s + f(c), 0);
        expect(point.metrics.precision.mean).toBeCloseTo(total((c) => c.truePositives) / total((c) => c.truePositives + c.falsePositives), 12);
        expect(point.metrics.recall.mean).toBeCloseTo(total((c) => c.truePositives) / total((c) => c.truePositives + c.falseNegatives), 12);
        expect(point.metrics.precision.method).toBe('wilson');
        // F1 as the harmonic mean: a different formula from 2tp / (2tp + fp + fn).
        const f1 = counts.map((c) => {
          const precision = c.truePositives / (c.truePositives + c.falsePositives);
          const recall = c.truePositives / (c.truePositives + c.falseNegatives);
          return (2 * precision * recall) / (precision + recall);
        });
        expect(point.metrics.f1.mean).toBeCloseTo(f1.reduce((s, x) => s + x, 0) / replicates, 12);
        expect(point.metrics.f1.method).toBe('student-t');
      }),
      { numRuns: 50 },
    );
  });
});
