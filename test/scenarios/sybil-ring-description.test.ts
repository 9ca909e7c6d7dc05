/**
 * sybil-ring's description, checked against the scenario's own runs (3 ring shares x 2
 * replicates at 20,000 members): the Renren rule's recall at each ring share and its
 * false-positive rate, and the sybils' connections at rings of 4 and 40 (two more runs, the
 * seeds of ring share 0.25's first replicate). A description that said the rule misses sybils,
 * or quoted another rate, fails here. Its sybilrank figures: sybil-ring-sybilrank-description.test.ts.
 */
import { loadScenario, withOverrides } from '../../scenarios/load';
import { expectQuoted, quote, runWhere, type Task } from './quoted';

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

  it("quotes the sybils' connections at each ring size (share 0.25, the first replicate), at the same recall", () => {
    const m = quote(d, /ring (\d+) \/ (\d+) \/ (\d+) at share 0\.25: about ([\d,]+) \/ ([\d,]+) \/ ([\d,]+) accepted invitations in all/);
    const first = (t: Task) => t.params['archetypes.sybil.ringShare'] === 0.25 && t.replicate === 0;
    const bySize = [m[1], m[2], m[3]].map(Number).map((size) =>
      size === scenario.archetypes.sybil.ringSize ? runs.find((r) => first(r.task))! : runWhere(withOverrides(scenario, [['archetypes.sybil.ringSize', size]]), first)[0],
    );
    for (let i = 0; i < 3; i++) {
      const { result } = bySize[i];
      // "About" to the hundred it is quoted to.
      expect(Math.abs(result.byArchetype.sybil!.connectionsMade - Number(m[4 + i].replace(/,/g, '')))).toBeLessThanOrEqual(50);
      expect(result.metrics.recall).toBe(1);
    }
  });
});
