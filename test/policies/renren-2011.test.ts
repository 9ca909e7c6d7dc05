/**
 * Yang et al. 2011 reproduced: on the renren-2011 scenario (isolated sybils among a
 * Renren-like honest population), acceptance-ratio with R = 0.5, C = 0.01 catches >= 98% of
 * sybils with a false-positive rate <= 0.5%, as the paper reports. One seeded run, ~1 s.
 */
import { loadScenario } from '../../scenarios/load';
import { planTasks } from '../../sim/runner/plan';
import { runTask } from '../../sim/runner/run-task';

describe('renren-2011 scenario', () => {
  const scenario = loadScenario('renren-2011');

  it("runs Yang et al.'s rule", () => {
    expect(scenario.policy).toEqual({
      name: 'acceptance-ratio',
      params: { minAnswered: 20, maxAcceptRate: 0.5, maxClustering: 0.01, clusteringSample: 32 },
    });
  });

  it('catches >= 98% of sybils with a false-positive rate <= 0.5%', () => {
    const [task] = planTasks(scenario);
    const { metrics, byArchetype } = runTask(scenario, task);
    expect(byArchetype.sybil!.members).toBeGreaterThanOrEqual(250);
    expect(metrics.recall).toBeGreaterThanOrEqual(0.98);
    expect(metrics.falsePositiveRate).toBeLessThanOrEqual(0.005);
  });

  it('needs the clustering term: the accept rate alone flags honest members', () => {
    // Not vacuous: honest members do reach 20 answers with low accept rates; clustering spares them.
    const [task] = planTasks(scenario);
    const rateOnly = { ...scenario, policy: { ...scenario.policy, params: { ...scenario.policy.params, maxClustering: null } } };
    const { metrics } = runTask(rateOnly, task);
    expect(metrics.falsePositives).toBeGreaterThan(0);
  });
});
