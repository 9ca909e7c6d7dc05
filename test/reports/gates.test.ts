import { InputError } from '../../sim/errors';
import { checkGates, parseExpect, type Estimate, type PointSummary } from '../../reports';
import { aggregatePoints } from '../../reports/aggregate';
import { makeRecords } from './fixtures';

/** Points whose precision estimate is exactly `precision` (mean and CI given). */
function pointsWith(estimates: Array<Omit<Estimate, 'method'>>): PointSummary[] {
  const [template] = aggregatePoints(makeRecords({ points: 1, replicates: 2 }));
  return estimates.map((e, point) => ({ ...template, point, params: { x: point }, metrics: { ...template.metrics, precision: { ...e, method: 'student-t' as const } } }));
}

describe('parseExpect', () => {
  it('reads the string form, with and without a bound', () => {
    expect(parseExpect({ precision: '>= 0.95', recall: 'ci_low > .8', falsePositiveRate: '<=1e-3' })).toEqual([
      { metric: 'precision', op: '>=', value: 0.95, on: 'mean', point: null, path: 'expect.precision' },
      { metric: 'recall', op: '>', value: 0.8, on: 'ci_low', point: null, path: 'expect.recall' },
      { metric: 'falsePositiveRate', op: '<=', value: 0.001, on: 'mean', point: null, path: 'expect.falsePositiveRate' },
    ]);
  });

  it('reads the object form and lists of conditions', () => {
    expect(parseExpect({ recall: [{ op: '>=', value: 0.8, on: 'ci_low' }, { op: '<', value: 1, point: 2 }] }, 'expect', { pointCount: 3 })).toEqual([
      { metric: 'recall', op: '>=', value: 0.8, on: 'ci_low', point: null, path: 'expect.recall[0]' },
      { metric: 'recall', op: '<', value: 1, on: 'mean', point: 2, path: 'expect.recall[1]' },
    ]);
  });

  it('treats a missing block as no gates', () => {
    expect(parseExpect(undefined)).toEqual([]);
    expect(parseExpect(null)).toEqual([]);
  });

  it('leaves load gates to invitesim load but still rejects a malformed one', () => {
    expect(parseExpect({ precision: '>= 0.9', p99LatencyMs: '< 50' }).map((g) => g.metric)).toEqual(['precision']);
    expect(() => parseExpect({ p99LatencyMs: 'fast' })).toThrow('expect.p99LatencyMs "fast" is not a condition');
  });

  it('rejects an unknown metric, listing the valid ones', () => {
    expect(() => parseExpect({ precison: '>= 0.9' })).toThrow(InputError);
    expect(() => parseExpect({ precison: '>= 0.9' })).toThrow(/^expect\.precison is not a metric; valid: precision, recall, f1, falsePositiveRate, /);
  });

  it.each([
    [{ precision: '=> 0.9' }, /expect\.precision "=> 0\.9" is not a condition/],
    [{ precision: '>= high' }, /expect\.precision ">= high" is not a condition/],
    [{ precision: '>= 0.9 or so' }, /is not a condition/],
    [{ precision: 0.9 }, /expect\.precision must be a string like ">= 0\.95" or an object/],
    [{ precision: [] }, /expect\.precision must hold at least one condition/],
    [{ precision: { op: '~', value: 1 } }, /expect\.precision\.op must be one of >= > <= < == !=/],
    [{ precision: { op: '>=', value: '0.9' } }, /expect\.precision\.value must be a finite number/],
    [{ precision: { op: '>=', value: 0.9, on: 'p95' } }, /expect\.precision\.on must be one of mean, ci_low, ci_high/],
    [{ precision: { op: '>=', value: 0.9, point: -1 } }, /expect\.precision\.point must be a non-negative integer/],
    [{ precision: { op: '>=', value: 0.9, points: 1 } }, /expect\.precision\.points is not a condition field; valid: op, value, on, point/],
    [{ precision: [{ op: '>=', value: 0.9 }, '>= x'] }, /expect\.precision\[1\] ">= x"/],
    [['precision'], /expect must be an object mapping metric names to conditions/],
  ])('rejects %j', (raw, message) => {
    expect(() => parseExpect(raw)).toThrow(InputError);
    expect(() => parseExpect(raw)).toThrow(message);
  });

  it('rejects a point outside the sweep when the sweep size is known', () => {
    expect(() => parseExpect({ recall: { op: '>=', value: 0.5, point: 4 } }, 'expect', { pointCount: 4 })).toThrow(
      'expect.recall.point 4 does not exist; the sweep has points 0 to 3',
    );
  });
});

describe('checkGates', () => {
  const e = (mean: number, ciLow: number, ciHigh: number) => ({ mean, ciLow, ciHigh, n: 5 });

  it.each([
    ['>=', 0.9, [true, true, false]],
    ['>', 0.9, [true, false, false]],
    ['<=', 0.9, [false, true, true]],
    ['<', 0.9, [false, false, true]],
    ['==', 0.9, [false, true, false]],
    ['!=', 0.9, [true, false, true]],
  ])('applies %s to every point', (op, value, expected) => {
    const points = pointsWith([e(0.95, 0.9, 1), e(0.9, 0.85, 0.95), e(0.85, 0.8, 0.9)]);
    const results = checkGates(parseExpect({ precision: `${op} ${value}` }), points);
    expect(results.map((r) => r.passed)).toEqual(expected);
    expect(results.map((r) => r.point)).toEqual([0, 1, 2]);
  });

  it('reads the CI bound the gate names', () => {
    const points = pointsWith([e(0.95, 0.89, 0.99)]);
    const check = (on: string, op: string) => checkGates(parseExpect({ precision: `${on} ${op} 0.9` }), points)[0];
    expect(check('mean', '>=').passed).toBe(true);
    expect(check('ci_low', '>=')).toMatchObject({ passed: false, actual: 0.89, on: 'ci_low' });
    expect(check('ci_low', '>=').message).toBe('precision ci_low 0.89 fails >= 0.9 (mean 0.95, 95% CI [0.89, 0.99] student-t, n=5)');
    expect(check('ci_high', '<=')).toMatchObject({ passed: false, actual: 0.99 });
  });

  it('checks only a named point', () => {
    const points = pointsWith([e(0.5, 0.4, 0.6), e(0.95, 0.9, 1)]);
    const results = checkGates(parseExpect({ precision: { op: '>=', value: 0.9, point: 1 } }), points);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ point: 1, passed: true, params: { x: 1 } });
  });

  it('fails, never passes, when the value is undefined', () => {
    const points = pointsWith([{ mean: null, ciLow: null, ciHigh: null, n: 0 }, { mean: 0.95, ciLow: null, ciHigh: null, n: 1 }]);
    const [none, single] = checkGates(parseExpect({ precision: 'ci_low != 0' }), points);
    expect(none).toMatchObject({ passed: false, actual: null });
    expect(none.message).toMatch(/undefined at point 0 \(no replicate produced a value/);
    expect(single).toMatchObject({ passed: false, actual: null });
    expect(single.message).toMatch(/needs at least 2 replicates with a value, have 1/);
  });

  it('fails a gate on a point missing from the results (an unfinished shard)', () => {
    const [r] = checkGates(parseExpect({ precision: { op: '>=', value: 0, point: 7 } }), pointsWith([e(1, 1, 1)]));
    expect(r).toMatchObject({ passed: false, point: 7, actual: null });
    expect(r.message).toMatch(/the point is not in these results/);
  });
});
