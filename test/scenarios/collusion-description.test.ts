/**
 * collusion's description, checked against runs of the scenario. The self-rejection figures are
 * quoted for two seeded runs and checked on exactly those (the scenario's own rejecto points at
 * rings of 12, its seeds, --set archetypes.sybil.selfRejection=0.5: 4 runs). The headline claim
 * (acceptance-ratio catches isolated sybils and falls below half where rings of 100 or more spend
 * 90% of their invitations on each other, where rejecto and votetrust catch every sybil) is
 * checked on a smaller copy that keeps it: 10,000 members, one replicate, the 7 runs it names.
 * Its exact figures are for 20,000 members and 2 replicates (60 runs, minutes); the gates of
 * `invitesim run collusion` hold those.
 */
import { loadScenario, withOverrides } from '../../scenarios/load';
import { expectQuoted, quote, runWhere, type Task } from './quoted';

const scenario = loadScenario('collusion');
const d = scenario.description;
const size = (t: Task) => t.params['archetypes.sybil.ringSize'] as number;
const share = (t: Task) => t.params['archetypes.sybil.ringShare'] as number;

describe('collusion description: self-rejection in rings of 12', () => {
  const selfRejecting = withOverrides(scenario, [['archetypes.sybil.selfRejection', 0.5]]);
  const runs = runWhere(selfRejecting, (t) => t.params.policy === 'rejecto' && size(t) === 12);
  const recall = (s: number, replicate: number) => runs.find((r) => share(r.task) === s && r.task.replicate === replicate)!.result.metrics.recall!;

  it('quotes rejecto\'s recall in both seeded runs, above 0.7 at ring share 0.9 and below it at 0.5', () => {
    const m = quote(d, /rings of 12 at ring share 0\.9 \(([\d.]+) and ([\d.]+) in two seeded runs\), but not for rings of 12 at ring share 0\.5 \(([\d.]+) and ([\d.]+) in the same two/);
    expect(runs).toHaveLength(4);
    expectQuoted(m[1], recall(0.9, 0));
    expectQuoted(m[2], recall(0.9, 1));
    expectQuoted(m[3], recall(0.5, 0));
    expectQuoted(m[4], recall(0.5, 1));
    for (const r of [0, 1]) {
      expect(recall(0.9, r)).toBeGreaterThanOrEqual(0.7);
      expect(recall(0.5, r)).toBeLessThan(0.7);
    }
  });
});

describe('collusion description: the headline, on 10,000 members', () => {
  const small = withOverrides(scenario, [['population.members', 10000], ['replicates', 1]]);
  const named = (t: Task) =>
    t.params.policy === 'acceptance-ratio' ? (size(t) === 0 && share(t) === 0.5) || (size(t) >= 100 && share(t) === 0.9) : size(t) >= 100 && share(t) === 0.9;
  const runs = runWhere(small, named);
  const at = (policy: string, z: number, s: number) => runs.find((r) => r.task.params.policy === policy && size(r.task) === z && share(r.task) === s)!.result.metrics;

  it("acceptance-ratio's recall is the quoted 1.0 with isolated sybils, and never rises as the ring grows at share 0.9", () => {
    const m = quote(d, /acceptance-ratio's recall is ([\d.]+) with isolated sybils/);
    expectQuoted(m[1], at('acceptance-ratio', 0, 0.5).recall!);
    expect(at('acceptance-ratio', 100, 0.9).recall!).toBeLessThanOrEqual(at('acceptance-ratio', 0, 0.5).recall!);
    expect(at('acceptance-ratio', 200, 0.9).recall!).toBeLessThanOrEqual(at('acceptance-ratio', 100, 0.9).recall!);
  });

  it('where it falls below 0.5 (100/0.9 and 200/0.9), rejecto and votetrust catch every sybil at a false-positive rate under 1%', () => {
    const m = quote(d, /Where acceptance-ratio falls below 0\.5 \(100\/0\.9 and 200\/0\.9\) rejecto and votetrust catch every sybil \(recall ([\d.]+), false-positive rate/);
    for (const z of [100, 200]) {
      expect(at('acceptance-ratio', z, 0.9).recall!).toBeLessThan(0.5);
      for (const policy of ['rejecto', 'votetrust']) {
        expectQuoted(m[1], at(policy, z, 0.9).recall!);
        expect(at(policy, z, 0.9).falsePositiveRate!).toBeLessThan(0.01);
      }
    }
  });
});
