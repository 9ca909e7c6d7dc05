import { EXIT_GATE_FAILED, EXIT_OK, EXIT_RUN_FAILED } from '../../cli/exit-codes';
import { buildResults, exitCode } from '../../reports';
import { aggregatePoints } from '../../reports/aggregate';
import type { RunRecord } from '../../sim/result';
import { META, makeRecords, makeScenario } from './fixtures';

describe('exitCode', () => {
  const records = makeRecords({ points: 2, replicates: 2 });
  const build = (expect: unknown, recs = records, baseline?: { points: ReturnType<typeof aggregatePoints>; runs: RunRecord[] }) =>
    buildResults(makeScenario({ expect }), recs, META, { partial: false, ...(baseline ? { baseline: { results: baseline, tolerance: 0 } } : {}) });

  it('is 0 when every gate passes and nothing regressed', () => {
    expect(exitCode(build({ precision: '>= 0' }, records, { points: aggregatePoints(records), runs: records }))).toBe(EXIT_OK);
    expect(exitCode(build(undefined))).toBe(EXIT_OK);
  });

  it('is 1 when a gate fails', () => {
    expect(exitCode(build({ precision: '> 1' }))).toBe(EXIT_GATE_FAILED);
  });

  it('is 1 when a metric regressed against the baseline', () => {
    // Six replicates now, and every baseline run caught every abusive member: recall is worse beyond doubt, after Holm over every metric.
    const six = makeRecords({ points: 2, replicates: 6 });
    const better = aggregatePoints(six).map((p) => ({ ...p, metrics: { ...p.metrics, recall: { mean: 1, ciLow: 1, ciHigh: 1, n: 6, method: 'wilson' as const } } }));
    const betterRuns = six.map((r) => ({ ...r, result: { ...r.result!, metrics: { ...r.result!.metrics, recall: 1 } } }));
    const results = build(undefined, six, { points: better, runs: betterRuns });
    expect(results.baseline!.regressions.map((r) => r.metric)).toContain('recall');
    expect(exitCode(results)).toBe(EXIT_GATE_FAILED);
  });

  it('is 3 when a run failed, even if a gate failed too', () => {
    expect(exitCode(build({ precision: '> 1' }, makeRecords({ points: 2, replicates: 2, failures: [[1, 1]] })))).toBe(EXIT_RUN_FAILED);
  });
});
