/**
 * Yang et al. 2011 reproduced: on the renren-2011 scenario (isolated sybils among a
 * Renren-like honest population, clustering on the connection graph), acceptance-ratio with
 * R = 0.5, C = 0.01 catches >= 98% of sybils with a false-positive rate <= 0.5%, as the paper
 * reports (point 0); with a professional network's heavy honest senders (point 3) it does not.
 */
import { loadScenario } from '../../scenarios/load';
import { planSweep } from '../../runner/plan';
import { runPooled } from '../helpers/pooled';

describe('renren-2011 scenario', () => {
  const scenario = loadScenario('renren-2011');
  const tasks = planSweep(scenario, { maxRuns: 100, confirmed: false }).tasks;
  const [point0, point3] = runPooled(scenario, [tasks[0], tasks.find((t) => t.point === 3)!]);

  it("runs Yang et al.'s rule", () => {
    expect(scenario.policy).toEqual({
      name: 'acceptance-ratio',
      params: { minAnswered: 20, maxAcceptRate: 0.5, maxClustering: 0.01, clusteringSample: 32 },
    });
  });

  it('catches >= 98% of sybils with a false-positive rate <= 0.5% without heavy honest senders (point 0)', () => {
    expect(tasks[0].params).toEqual({ 'archetypes.recruiter.sendsPerDay': 0, 'archetypes.openNetworker.sendsPerDay': 0 });
    const { metrics, byArchetype } = point0;
    expect(byArchetype.sybil!.members).toBeGreaterThanOrEqual(250);
    expect(metrics.recall).toBeGreaterThanOrEqual(0.98);
    expect(metrics.falsePositiveRate).toBeLessThanOrEqual(0.005);
  });

  it('breaks where the description says: with recruiters and open networkers at volume, most of them are restricted and the false-positive rate passes 1%', () => {
    const { metrics, byArchetype } = point3;
    expect(metrics.recall).toBeGreaterThanOrEqual(0.98);
    expect(metrics.falsePositiveRate).toBeGreaterThan(0.01);
    expect(byArchetype.openNetworker!.falsePositiveRate).toBeGreaterThan(0.8);
  });

  it('needs the clustering term: the accept rate alone flags honest members', () => {
    // Not vacuous: honest members do reach 20 answers with low accept rates; clustering spares them.
    const rateOnly = { ...scenario, policy: { ...scenario.policy, params: { ...scenario.policy.params, maxClustering: null } } };
    const [{ metrics }] = runPooled(rateOnly, [tasks[0]]);
    expect(metrics.falsePositives).toBeGreaterThan(0);
  });
});
