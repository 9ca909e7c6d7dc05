/**
 * The figures sybil-ring's description quotes for sybilrank (run with --set policy=sybilrank:
 * the scenario's six seeds, 20,000 members), each range checked to the precision it is quoted
 * with. They had gone stale (the description read precision 0.03-0.09 at recall 0.13-0.34 and a
 * false-positive rate of 11-13%, where the runs give 0.06-0.10, 0.26-0.38 and 10-12%): this fails when they do.
 */
import { loadScenario, withOverrides } from '../../scenarios/load';
import { expectQuoted, quote, runWhere } from './quoted';

describe('sybil-ring description: sybilrank (--set policy=sybilrank), the same six runs', () => {
  const scenario = withOverrides(loadScenario('sybil-ring'), [['policy', 'sybilrank']]);
  const d = scenario.description;
  const runs = runWhere(scenario).map((r) => r.result.metrics);
  const range = (f: (m: (typeof runs)[number]) => number) => [Math.min(...runs.map(f)), Math.max(...runs.map(f))];

  it("quotes the ranking's average precision and the rank cut's precision, recall and false-positive rate as ranges over the runs", () => {
    const m = quote(d, /average precision is ([\d.]+)-([\d.]+) \(chance is the fake share, [\d.]+\) and the rank cut's precision ([\d.]+)-([\d.]+) at recall ([\d.]+)-([\d.]+), a false-positive rate of (\d+)-(\d+)% \(the six runs\)/);
    expect(runs).toHaveLength(6);
    const quoted = [
      [range((r) => r.averagePrecision!), 1],
      [range((r) => r.precision!), 3],
      [range((r) => r.recall!), 5],
      [range((r) => r.falsePositiveRate! * 100), 7],
    ] as const;
    for (const [[lo, hi], at] of quoted) {
      expectQuoted(m[at], lo);
      expectQuoted(m[at + 1], hi);
    }
  });
});
