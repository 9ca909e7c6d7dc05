/**
 * The probing attacker tracks the policy (issue: adversaries that fight back): on the seeded
 * `probing` scenario, sweeping weekly-cap's cap from 25 to 400, the fleet's recall stays low
 * at every cap (it loses scouts, not the fleet) while it delivers more the higher the cap.
 * Its second mode (`acceptTarget`) keeps its accept rate up against an accept-rate rule.
 */
import { loadScenario, withOverrides } from '../../scenarios/load';
import { planSweep } from '../../runner/plan';
import { runPooled } from '../helpers/pooled';
import type { ArchetypeMetrics } from '../../sim/result';

describe('probing attackers against weekly-cap', () => {
  const scenario = { ...loadScenario('probing'), replicates: 1 };
  const tasks = planSweep(scenario, { maxRuns: 100, confirmed: false }).tasks;
  const runs = runPooled(scenario, tasks).map((r, i) => ({ cap: tasks[i].params['policy.params.cap'] as number, r }));

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

describe('probing attackers keeping an accept-rate target, against acceptance-ratio (Yang et al.)', () => {
  // The probing world at full size, one run a target, against the Renren rule instead of a cap.
  const run = (target: number) => {
    const s = withOverrides(loadScenario('probing'), [
      ['policy', 'acceptance-ratio'],
      ['sweep', {}],
      ['replicates', 1],
      ['archetypes.adaptive.adaptive.acceptTarget', target],
    ]);
    const [task] = planSweep(s, { maxRuns: 1, confirmed: false }).tasks;
    return runPooled(s, [task])[0].byArchetype.adaptive!;
  };
  const rate = (a: ArchetypeMetrics) => a.accepted / (a.accepted + a.ignored + a.idk);
  const off = run(0);
  const on = run(0.6);

  it('keeps the fleet accepted about as often as its target, where without the mode it falls below the rule\'s 0.5', () => {
    expect(rate(off)).toBeLessThan(0.5);
    expect(rate(on)).toBeGreaterThan(0.55);
  });

  it('lowers the rule\'s recall (measured: 0.35 -> 0.02) while the fleet makes more connections', () => {
    expect(off.recall!).toBeGreaterThan(0.2);
    expect(on.recall!).toBeLessThan(off.recall! / 4);
    // Measured 9,039 against 5,071 (1.78x) since imports reach the address book (before: over 2x); the claim is "more".
    expect(on.abusiveConnections).toBeGreaterThan(1.5 * off.abusiveConnections);
  });
});
