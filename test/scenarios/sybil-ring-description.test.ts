/**
 * sybil-ring's description, checked against the scenario's own runs (3 ring shares x 2
 * replicates at 20,000 members): the Renren rule's recall at each ring share and its
 * false-positive rate. A description that said the rule misses sybils, or quoted another rate,
 * fails here. Its sybilrank figures: sybil-ring-sybilrank-description.test.ts.
 */
import { loadScenario } from '../../scenarios/load';
import { expectQuoted, quote, runWhere } from './quoted';

describe('sybil-ring description', () => {
  const scenario = loadScenario('sybil-ring');
  const d = scenario.description;
  const runs = runWhere(scenario);
  const shareOf = (r: (typeof runs)[number]) => r.task.params['archetypes.sybil.ringShare'] as number;

  it('the rule catches every sybil at each quoted ring share (recall as quoted)', () => {
    const m = quote(d, /the rule catches every sybil at ring shares ([\d., and]+?) \(recall ([\d.]+)\)/);
    const shares = m[1].split(/, | and /).map(Number);
    expect(shares).toEqual([0, 0.25, 0.5]);
    expect(runs).toHaveLength(6);
    for (const s of shares) {
      const at = runs.filter((r) => shareOf(r) === s);
      expect(at).toHaveLength(2);
      for (const r of at) expectQuoted(m[2], r.result.metrics.recall!);
    }
  });

  it('its false-positive rate spans the quoted range over the six runs', () => {
    const m = quote(d, /Its false positives \(([\d.]+)-([\d.]+)% of the honest members in the six runs\)/);
    const rates = runs.map((r) => r.result.metrics.falsePositiveRate! * 100);
    expectQuoted(m[1], Math.min(...rates));
    expectQuoted(m[2], Math.max(...rates));
  });
});
