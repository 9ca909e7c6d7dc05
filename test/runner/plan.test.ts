/** Plans: point-major tasks with seeds derived from (scenario seed, point, replicate); a runaway sweep is refused before it is built. */
import fc from 'fast-check';
import { loadScenario } from '../../scenarios/load';
import { planSweep, planTasks } from '../../runner/plan';
import { InputError } from '../../sim/errors';

const base = loadScenario('baseline');

describe('plan', () => {
  it('gives every task of a plan a distinct seed, and replicates of a point differ', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer(), fc.string({ minLength: 1, maxLength: 8 })),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 8 }),
        (seed, pointCount, replicates) => {
          const points = Array.from({ length: pointCount }, (_, i) => ({ 'policy.params.cap': i + 1 }));
          const tasks = planTasks({ ...base, seed, replicates }, points);
          expect(tasks).toHaveLength(pointCount * replicates);
          expect(new Set(tasks.map((t) => t.seed)).size).toBe(tasks.length);
          tasks.forEach((t, i) => {
            expect(t.index).toBe(i);
            expect(t.point).toBe(Math.floor(i / replicates));
            expect(t.replicate).toBe(i % replicates);
          });
        },
      ),
      { numRuns: 50 },
    );
  });

  it('derives the same seeds whatever else the plan holds, so a task can be re-run alone', () => {
    const small = planTasks({ ...base, replicates: 2 }, [{}, {}]);
    const large = planTasks({ ...base, replicates: 5 }, [{}, {}, {}]);
    for (const t of small) expect(large.find((u) => u.point === t.point && u.replicate === t.replicate)?.seed).toBe(t.seed);
  });

  it('writes the sweep out as lists in the planned scenario', () => {
    const plan = planSweep({ ...base, replicates: 2, sweep: { 'policy.params.cap': { from: 50, to: 150, step: 50 } } }, { maxRuns: 100, confirmed: false });
    expect(plan.scenario.sweep).toEqual({ 'policy.params.cap': [50, 100, 150] });
    expect(plan.tasks.map((t) => t.params['policy.params.cap'])).toEqual([50, 50, 100, 100, 150, 150]);
  });

  it('refuses more runs than the maximum without confirmation, before building any point', () => {
    const huge = { ...base, replicates: 3, sweep: { 'policy.params.cap': { from: 1, to: 1e9, step: 1 } } };
    const started = Date.now();
    expect(() => planSweep(huge, { maxRuns: 10_000, confirmed: false })).toThrow(InputError);
    expect(() => planSweep(huge, { maxRuns: 10_000, confirmed: false })).toThrow(/1,000,000,000 points × 3 replicates = 3,000,000,000 runs, more than --max-runs 10,000; pass --yes/);
    expect(Date.now() - started).toBeLessThan(1000);
    const small = { ...base, replicates: 3, sweep: { 'policy.params.cap': [1, 2] } };
    expect(() => planSweep(small, { maxRuns: 5, confirmed: false })).toThrow(/6 runs, more than --max-runs 5/);
    expect(planSweep(small, { maxRuns: 5, confirmed: true }).tasks).toHaveLength(6);
  });
});
