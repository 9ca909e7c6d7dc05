/**
 * Collusion against per-member accept-rate rules, and the rejection-based detectors that
 * resist it (Yang et al. 2011; Cao et al., Rejecto, ICDCS 2015; Xue et al., VoteTrust,
 * INFOCOM 2013), on the seeded `collusion` scenario (the sybil-ring world, one replicate):
 * large rings that spend most of their invitations on each other bring acceptance-ratio's
 * recall down, never up, as they grow; rejecto and votetrust keep their recall where it falls.
 * Self-rejection holds rejecto above 0.7 on rings of 40 or more, and not on rings of 12.
 */
import { loadScenario } from '../../scenarios/load';
import { planSweep } from '../../runner/plan';
import { runTask } from '../../runner/run-task';
import type { Scenario } from '../../scenarios/schema';

interface Row {
  policy: string;
  size: number;
  share: number;
  recall: number;
  fpr: number;
}

type Task = ReturnType<typeof planSweep>['tasks'][number];

const row = (scenario: Scenario, task: Task): Row => {
  const { metrics } = runTask(scenario, task);
  return {
    policy: task.params.policy as string,
    size: task.params['archetypes.sybil.ringSize'] as number,
    share: task.params['archetypes.sybil.ringShare'] as number,
    recall: metrics.recall!,
    fpr: metrics.falsePositiveRate!,
  };
};
const tasksOf = (scenario: Scenario) => planSweep(scenario, { maxRuns: 100, confirmed: false }).tasks;

describe('collusion scenario', () => {
  const scenario = { ...loadScenario('collusion'), replicates: 1 };
  const tasks = tasksOf(scenario);
  const SIZES = [0, 12, 40, 100, 200];
  const SHARES = [0.5, 0.9];
  // acceptance-ratio at every point; the detectors (a run each) only where it breaks, to keep the suite short.
  const ratio = tasks.filter((t) => t.params.policy === 'acceptance-ratio').map((t) => row(scenario, t));
  const broken = ratio.filter((r) => r.recall < 0.5);
  const detectors = tasks
    .filter((t) => t.params.policy !== 'acceptance-ratio' && broken.some((b) => b.size === t.params['archetypes.sybil.ringSize'] && b.share === t.params['archetypes.sybil.ringShare']))
    .map((t) => row(scenario, t));
  const rows = [...ratio, ...detectors];
  const at = (policy: string, size: number, share: number) => rows.find((r) => r.policy === policy && r.size === size && r.share === share)!;

  it('sweeps three policies over ring size and ring share', () => {
    expect(tasks).toHaveLength(30);
    expect(new Set(tasks.map((t) => t.params.policy))).toEqual(new Set(['acceptance-ratio', 'rejecto', 'votetrust']));
  });

  it("brings acceptance-ratio's recall at the largest ring to at most half of its recall with isolated sybils", () => {
    const isolated = at('acceptance-ratio', 0, 0.5).recall;
    expect(isolated).toBeGreaterThanOrEqual(0.98);
    expect(at('acceptance-ratio', 200, 0.9).recall).toBeLessThanOrEqual(isolated / 2);
  });

  it("never raises acceptance-ratio's recall as the ring grows, at either ring share (seeded)", () => {
    for (const share of SHARES) {
      const recalls = SIZES.map((size) => at('acceptance-ratio', size, share).recall);
      for (let i = 1; i < recalls.length; i++) expect(recalls[i]).toBeLessThanOrEqual(recalls[i - 1]);
    }
  });

  it('keeps rejecto and votetrust at recall >= 0.8 and a false-positive rate <= 1% wherever acceptance-ratio falls below 0.5', () => {
    // Not vacuous: the largest rings at the higher share do break it.
    expect(broken.length).toBeGreaterThanOrEqual(2);
    for (const { size, share } of broken) {
      for (const policy of ['rejecto', 'votetrust']) {
        expect(at(policy, size, share).recall).toBeGreaterThanOrEqual(0.8);
        expect(at(policy, size, share).fpr).toBeLessThanOrEqual(0.01);
      }
    }
  });

  describe('with self-rejection (ring mates ignore half of each other\'s invitations)', () => {
    const selfRejecting: Scenario = {
      ...scenario,
      archetypes: { ...scenario.archetypes, sybil: { ...scenario.archetypes.sybil, selfRejection: 0.5 } },
      sweep: { policy: ['rejecto'], 'archetypes.sybil.ringSize': [12, 40, 200], 'archetypes.sybil.ringShare': SHARES },
    };
    const rejecting = tasksOf(selfRejecting).map((t) => row(selfRejecting, t));
    const of = (size: number, share: number) => rejecting.find((r) => r.size === size && r.share === share)!;

    it('does not bring rejecto below 0.7 on rings of 40 or more', () => {
      for (const size of [40, 200]) for (const share of SHARES) expect(of(size, share).recall).toBeGreaterThanOrEqual(0.7);
    });

    it('does, as the description says, on rings of 12 at ring share 0.5', () => {
      expect(of(12, 0.5).recall).toBeLessThan(0.7);
    });
  });
});
