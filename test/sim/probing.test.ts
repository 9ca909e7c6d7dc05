/**
 * The probing attacker tracks the policy (issue: adversaries that fight back): on the seeded
 * `adaptive` scenario, sweeping weekly-cap's cap from 25 to 400, the fleet's recall stays low
 * at every cap (it loses scouts, not the fleet) while it delivers more the higher the cap.
 */
import { loadScenario } from '../../scenarios/load';
import { planSweep } from '../../sim/runner/plan';
import { runTask } from '../../sim/runner/run-task';

describe('probing attackers against weekly-cap', () => {
  const scenario = { ...loadScenario('adaptive'), replicates: 1 };
  const runs = planSweep(scenario, { maxRuns: 100, confirmed: false }).tasks.map((task) => ({ cap: task.params['policy.params.cap'] as number, r: runTask(scenario, task) }));

  it('sweeps the cap over 25 ... 400', () => {
    expect(runs.map((x) => x.cap)).toEqual([25, 50, 100, 200, 400]);
  });

  it('keeps recall low at every cap: a cap the fleet can learn costs it only a few scouts', () => {
    for (const { r } of runs) expect(r.byArchetype.adaptive!.recall!).toBeLessThan(0.1);
  });

  it('delivers more as the cap rises', () => {
    const delivered = runs.map(({ r }) => r.byArchetype.adaptive!.abusiveDelivered);
    for (let i = 1; i < delivered.length; i++) expect(delivered[i]).toBeGreaterThan(delivered[i - 1]);
    expect(delivered[4]).toBeGreaterThan(5 * delivered[0]);
  });
});
