/**
 * The figures sybil-ring's description quotes for sybilrank (run with --set policy=sybilrank:
 * the scenario's six seeds, 20,000 members), each range checked to the precision it is quoted
 * with: the ranking at the end, and what the daily batches cut on days 1, 7 and 20. Every batch
 * of the same six runs is recorded as it happens (the cut, its fakes, the fakes' mean
 * connections), so the day figures cost no run of their own; a --set days=2 run stops after
 * the first batch, the same one, the world being the same up to there.
 */
import { loadScenario, withOverrides, toSimConfig } from '../../scenarios/load';
import { planSweep } from '../../runner/plan';
import { simulateRun } from '../../sim/simulate';
import { createPolicy } from '../../policies/registry';
import { MINUTES_PER_DAY, type Policy } from '../../policies/policy';
import type { Scenario } from '../../scenarios/schema';
import { expectQuoted, quote, type Task } from './quoted';

interface Batch {
  day: number;
  /** Members the batch restricts (its cut) and the fakes among them. */
  cut: number;
  fakes: number;
  /** Fake accounts' mean connections when the batch ran. */
  connections: number;
}

/** A task's run, with every batch of its detector (counted by the detector's `batches` stat) recorded as it ran. */
function runWithBatches(s: Scenario, task: Task) {
  const point = withOverrides(s, Object.entries(task.params), 'sweep');
  const batches: Batch[] = [];
  const sim = simulateRun(
    toSimConfig(point, task.seed),
    (ctx, truth) => {
      const policy = createPolicy(point.policy, ctx, truth);
      const fake = (m: number) => truth.abusiveFrom[m] >= 0;
      const review = (now: number) => {
        policy.review!(now);
        if (policy.stats!().batches === batches.length) return;
        const b: Batch = { day: now / MINUTES_PER_DAY, cut: 0, fakes: 0, connections: 0 };
        let fakes = 0;
        for (let m = 0; m < ctx.members; m++) {
          if (policy.suspicious(m, now)) (b.cut++, (b.fakes += fake(m) ? 1 : 0));
          if (fake(m)) (fakes++, (b.connections += ctx.view.connectionCount(m)));
        }
        b.connections /= fakes;
        batches.push(b);
      };
      return new Proxy(policy, { get: (p, key: keyof Policy) => (key === 'review' ? review : typeof p[key] === 'function' ? (p[key] as Function).bind(p) : p[key]) });
    },
    false,
  );
  return { task, metrics: sim.result.metrics, batches };
}

describe('sybil-ring description: sybilrank (--set policy=sybilrank), the same six runs', () => {
  const scenario = withOverrides(loadScenario('sybil-ring'), [['policy', 'sybilrank']]);
  const d = scenario.description;
  const runs = planSweep(scenario, { maxRuns: 100, confirmed: false }).tasks.map((t) => runWithBatches(scenario, t));
  const all = runs.map((r) => r.metrics);
  const range = (xs: number[]) => [Math.min(...xs), Math.max(...xs)];
  const atShare = (share: number) => runs.filter((r) => r.task.params['archetypes.sybil.ringShare'] === share);
  const onDay = (share: number, day: number) => atShare(share).map((r) => r.batches.find((b) => b.day === day)!);
  const expectRange = (lo: string, hi: string, xs: number[]) => {
    const [min, max] = range(xs);
    expectQuoted(lo, min);
    expectQuoted(hi, max);
  };

  it("quotes the ranking's average precision and the rank cut's precision, recall and false-positive rate as ranges over the runs", () => {
    const m = quote(d, /average precision is ([\d.]+)-([\d.]+) \(chance is the fake share, [\d.]+\) and the rank cut's precision ([\d.]+)-([\d.]+) at recall ([\d.]+)-([\d.]+), a false-positive rate of (\d+)-(\d+)% \(the six runs\)/);
    expect(runs).toHaveLength(6);
    expectRange(m[1], m[2], all.map((r) => r.averagePrecision!));
    expectRange(m[3], m[4], all.map((r) => r.precision!));
    expectRange(m[5], m[6], all.map((r) => r.recall!));
    expectRange(m[7], m[8], all.map((r) => r.falsePositiveRate! * 100));
  });

  it('runs a batch a day, and quotes the fakes\' connections by the last one (day 20)', () => {
    for (const r of runs) expect(r.batches.map((b) => b.day)).toEqual(Array.from({ length: scenario.days - 1 }, (_, i) => i + 1));
    const m = quote(d, /by the last batch \(day (\d+)\) each sybil has (\d+)-(\d+) connections \(the six runs' means\)/);
    expect(Number(m[1])).toBe(scenario.days - 1);
    expectRange(m[2], m[3], runs.map((r) => r.batches[r.batches.length - 1].connections));
  });

  it('quotes the first batch at ring share 0.5: the fakes\' connections and the fake share of its cut', () => {
    const m = quote(d, /the first batch, after one day, when each sybil has ([\d.]+)-([\d.]+) connections, restricts a cut that is (\d+)-(\d+)% fake \(ring share 0\.5, the two seeded runs/);
    const first = onDay(0.5, 1);
    expect(first).toHaveLength(2);
    expectRange(m[1], m[2], first.map((b) => b.connections));
    expectRange(m[3], m[4], first.map((b) => (100 * b.fakes) / b.cut));
  });

  it('quotes the cut on days 7 and 20 at ring share 0.5: the fakes\' connections, the fakes in it and its size', () => {
    const m = quote(d, /by day 7 \(~(\d+) connections each\) (\d+)-(\d+) of the (\d+)-(\d+) lowest-ranked are fakes, by day 20 \(~(\d+) each\) (\d+)-(\d+) of (\d+)-(\d+)/);
    for (const [day, at] of [[7, 1], [20, 6]] as const) {
      const batches = onDay(0.5, day);
      for (const b of batches) expectQuoted(m[at], b.connections);
      expectRange(m[at + 1], m[at + 2], batches.map((b) => b.fakes));
      expectRange(m[at + 3], m[at + 4], batches.map((b) => b.cut));
    }
  });

  it('quotes the first batch with isolated sybils: the members it restricts and the fake share among them', () => {
    const m = quote(d, /so the first batch restricts (\d+)-(\d+) members, (\d+)-(\d+)% of them fakes \(the two seeded runs\)/);
    const first = onDay(0, 1);
    expect(first).toHaveLength(2);
    expectRange(m[1], m[2], first.map((b) => b.cut));
    expectRange(m[3], m[4], first.map((b) => (100 * b.fakes) / b.cut));
  });
});
