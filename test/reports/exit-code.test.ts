import { EXIT_GATE_FAILED, EXIT_OK, EXIT_RUN_FAILED } from '../../cli/exit-codes';
import { buildResults, exitCode } from '../../reports';
import { aggregatePoints } from '../../reports/aggregate';
import { META, makeRecords, makeScenario } from './fixtures';

describe('exitCode', () => {
  const records = makeRecords({ points: 2, replicates: 2 });
  const build = (expect: unknown, recs = records, baseline?: { points: ReturnType<typeof aggregatePoints> }) =>
    buildResults(makeScenario({ expect }), recs, META, { partial: false, ...(baseline ? { baseline: { results: baseline, tolerance: 0 } } : {}) });

  it('is 0 when every gate passes and nothing regressed', () => {
    expect(exitCode(build({ precision: '>= 0' }, records, { points: aggregatePoints(records) }))).toBe(EXIT_OK);
    expect(exitCode(build(undefined))).toBe(EXIT_OK);
  });

  it('is 1 when a gate fails', () => {
    expect(exitCode(build({ precision: '> 1' }))).toBe(EXIT_GATE_FAILED);
  });

  it('is 1 when a metric regressed against the baseline', () => {
    const better = aggregatePoints(records).map((p) => ({ ...p, metrics: { ...p.metrics, recall: { mean: 1, ciLow: 1, ciHigh: 1, n: 2, method: 'wilson' as const } } }));
    expect(exitCode(build(undefined, records, { points: better }))).toBe(EXIT_GATE_FAILED);
  });

  it('is 3 when a run failed, even if a gate failed too', () => {
    expect(exitCode(build({ precision: '> 1' }, makeRecords({ points: 2, replicates: 2, failures: [[1, 1]] })))).toBe(EXIT_RUN_FAILED);
  });
});
