/** The threshold picker skips points that cannot carry a recommendation, and says why. */
import { aggregatePoints } from '../../reports/aggregate';
import { MIN_PICKER_POSITIVES, pickPoint, pickerSkipReason } from '../../reports/picker';
import { buildResults } from '../../reports';
import { pageData } from '../../reports/view-model';
import { META, makeRecords, makeScenario } from './fixtures';

/** Three points: a good one, one whose precision is 1 over two restricted members, one restricting nobody. */
function records() {
  const rs = makeRecords({ points: 3, replicates: 2 });
  for (const r of rs) {
    const m = r.result!.metrics;
    const abusive = m.truePositives + m.falseNegatives;
    const honest = m.falsePositives + m.trueNegatives;
    const set = (tp: number, fp: number) =>
      Object.assign(m, { truePositives: tp, falsePositives: fp, falseNegatives: abusive - tp, trueNegatives: honest - fp, precision: tp + fp ? tp / (tp + fp) : null, recall: tp / abusive });
    if (r.point === 0) set(Math.round(abusive * 0.6), 3);
    if (r.point === 1) set(1, 0);
    if (r.point === 2) set(0, 0);
  }
  return rs;
}

describe('threshold picker', () => {
  const points = aggregatePoints(records());

  it('skips a point resting on too few restricted members, or restricting nobody, and says why', () => {
    expect(pickerSkipReason(points[0])).toBeNull();
    expect(pickerSkipReason(points[1])).toBe(`precision rests on 2 restricted members over all replicates (fewer than ${MIN_PICKER_POSITIVES})`);
    expect(pickerSkipReason(points[2])).toMatch(/undefined/);
    // Point 1 has precision 1.000: without the rule it wins any bar above point 0's precision.
    expect(points[1].metrics.precision.mean).toBe(1);
    expect(pickPoint(points, points[0].metrics.precision.mean! + 0.001)).toBeNull();
    expect(pickPoint(points, 0.5)!.point).toBe(0);
  });

  it("skips a point whose recall interval reaches 0 (a t interval of an old results file's mean)", () => {
    const p = { metrics: { ...points[0].metrics, recall: { mean: 0.01, ciLow: 0, ciHigh: 0.05, n: 2, method: 'student-t' as const } } };
    expect(pickerSkipReason(p)).toBe("recall's 95% CI includes 0");
  });

  it('puts the reasons into the page data', () => {
    const data = pageData(buildResults(makeScenario(), records(), META, { partial: false }));
    expect(data.points.map((p) => p.skip === null)).toEqual([true, false, false]);
    expect(data.pickerMinPositives).toBe(MIN_PICKER_POSITIVES);
    expect(data.intervals).toMatchObject({ precision: 'wilson', recall: 'wilson', falsePositiveRate: 'wilson', f1: 'student-t', medianHoursToRestrict: 'student-t' });
  });
});
