import { aggregatePoints, buildResults } from '../../reports';
import { resultsJson } from '../../reports/serialize';
import type { RunRecord } from '../../sim/result';
import { META, makeRecords, makeScenario } from './fixtures';

describe('aggregatePoints', () => {
  it('groups runs by point in order and counts finished and failed replicates', () => {
    const records = makeRecords({ points: 3, replicates: 4, failures: [[1, 0], [1, 3]] });
    const points = aggregatePoints([...records].reverse());
    expect(points.map((p) => [p.point, p.replicates, p.failed, p.params])).toEqual([
      [0, 4, 0, { 'policy.params.idkLimit': 2 }],
      [1, 2, 2, { 'policy.params.idkLimit': 3 }],
      [2, 4, 0, { 'policy.params.idkLimit': 4 }],
    ]);
  });

  it('averages each metric over finished runs, leaving nulls out of the mean and the count', () => {
    const records = makeRecords({ points: 1, replicates: 3 });
    records[1].result!.metrics.f1 = null;
    const [p] = aggregatePoints(records);
    const values = [records[0], records[2]].map((r) => r.result!.metrics.f1!);
    expect(p.metrics.f1).toMatchObject({ n: 2, method: 'student-t' });
    expect(p.metrics.f1.mean).toBeCloseTo((values[0] + values[1]) / 2, 12);
    expect(p.metrics.invitationsAttempted.n).toBe(3);
  });

  it('pools proportions over runs, leaving out a run whose denominator is zero', () => {
    const records = makeRecords({ points: 1, replicates: 3 });
    Object.assign(records[1].result!.metrics, { truePositives: 0, falsePositives: 0, precision: null });
    const [p] = aggregatePoints(records);
    const [a, b] = [records[0], records[2]].map((r) => r.result!.metrics);
    expect(p.metrics.precision).toMatchObject({ n: 2, method: 'wilson', successes: a.truePositives + b.truePositives, trials: a.truePositives + a.falsePositives + b.truePositives + b.falsePositives });
    expect(p.metrics.precision.mean).toBeCloseTo((a.truePositives + b.truePositives) / (a.truePositives + a.falsePositives + b.truePositives + b.falsePositives), 12);
  });

  it('is all null for a point whose every run failed', () => {
    const [p] = aggregatePoints(makeRecords({ points: 1, replicates: 2, failures: [[0, 0], [0, 1]] }));
    expect(p).toMatchObject({ replicates: 0, failed: 2, scoreCurve: null, timeline: null, byArchetype: {}, hoursToRestrict: {} });
    expect(p.metrics.recall).toMatchObject({ mean: null, ciLow: null, ciHigh: null, n: 0 });
  });

  it('summarizes archetypes, timelines, time to restriction and score curves', () => {
    const records = makeRecords({ points: 1, replicates: 2, days: 5 });
    const [p] = aggregatePoints(records);
    const [a, b] = records.map((r) => r.result!);
    expect(Object.keys(p.byArchetype)).toEqual(['regular', 'importer', 'recruiter', 'openNetworker', 'bulkSpammer', 'lowAndSlow', 'sybil', 'takeover']);
    const [ra, rb] = [a.byArchetype.recruiter!, b.byArchetype.recruiter!];
    expect(p.byArchetype.recruiter.falsePositiveRate.mean).toBeCloseTo((ra.falsePositives + rb.falsePositives) / (ra.falsePositives + ra.trueNegatives + rb.falsePositives + rb.trueNegatives), 12);
    expect(p.timeline!.day).toEqual([0, 1, 2, 3, 4]);
    expect(p.timeline!.attempted[3]).toBe((a.timeline.attempted[3] + b.timeline.attempted[3]) / 2);
    const h = p.hoursToRestrict.bulkSpammer;
    expect(h.quantiles).toHaveLength(21);
    expect(h.quantiles[10]).toBeCloseTo((a.hoursToRestrict.bulkSpammer!.quantiles[10] + b.hoursToRestrict.bulkSpammer!.quantiles[10]) / 2, 12);
    expect(h.restrictedShare.n).toBe(2);
    expect(p.scoreCurve!.runs).toBe(2);
    expect(p.scoreCurve!.recall).toHaveLength(51);
    p.scoreCurve!.precision.forEach((x, k) => {
      expect(x).not.toBeNull();
      expect(p.scoreCurve!.ciLow[k]!).toBeLessThanOrEqual(x! + 1e-12);
    });
  });
});

describe('buildResults', () => {
  const scenario = makeScenario({ expect: { precision: '>= 0.5' } });

  it('is byte-identical for the same inputs in any order, except meta', () => {
    const records = makeRecords({ points: 3, replicates: 3, failures: [[2, 2]] });
    const shuffled: RunRecord[] = [records[4], records[8], records[0], records[2], records[7], records[1], records[6], records[3], records[5]];
    const text = (r: ReturnType<typeof buildResults>) => [...resultsJson({ ...r, meta: META })].join('');
    const a = buildResults(scenario, records, META, { partial: false });
    const b = buildResults({ ...scenario }, shuffled, { ...META, date: '2030-01-01T00:00:00.000Z', durationMs: 1 }, { partial: false });
    expect(text(b)).toBe(text(a));
    expect(b.meta).toMatchObject({ date: '2030-01-01T00:00:00.000Z', durationMs: 1 });
    expect(a.runs.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('writes valid JSON with keys in the documented order', () => {
    const r = buildResults(scenario, makeRecords({ points: 2, replicates: 2 }), META, { partial: true });
    const parsed = JSON.parse([...resultsJson(r)].join(''));
    expect(Object.keys(parsed)).toEqual(['schemaVersion', 'invitesimVersion', 'scenario', 'partial', 'points', 'runs', 'gates', 'baseline', 'meta']);
    expect(parsed).toMatchObject({ schemaVersion: 1, invitesimVersion: '0.1.0-test', partial: true, baseline: null });
    expect(parsed).toEqual(JSON.parse(JSON.stringify(r)));
  });

  it('checks the expect block and a baseline', () => {
    const records = makeRecords({ points: 2, replicates: 2 });
    const old = buildResults(scenario, records, META, { partial: false });
    const r = buildResults(scenario, records, META, { partial: false, baseline: { results: old, tolerance: 0 } });
    expect(r.gates.map((g) => [g.name, g.point, g.passed])).toEqual([
      ['precision >= 0.5', 0, true],
      ['precision >= 0.5', 1, true],
    ]);
    expect(r.baseline).toMatchObject({ tolerance: 0, compared: [0, 1], unmatched: [], regressions: [] });
  });

  it('fails a gate naming a point the records do not hold', () => {
    const r = buildResults(makeScenario({ expect: { recall: { op: '>', value: 0, point: 4 } } }), makeRecords(), META, { partial: true });
    expect(r.gates).toEqual([expect.objectContaining({ point: 4, passed: false, actual: null })]);
  });

  it('rejects a malformed expect block', () => {
    expect(() => buildResults(makeScenario({ expect: { recal: '> 0' } }), makeRecords(), META, { partial: false })).toThrow(/^expect\.recal is not a metric/);
  });
});
