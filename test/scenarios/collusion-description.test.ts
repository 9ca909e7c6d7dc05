/**
 * collusion against per-member accept-rate rules, and the rejection-based detectors that resist
 * it (Yang et al. 2011; Cao et al., Rejecto, ICDCS 2015; Xue et al., VoteTrust, INFOCOM 2013),
 * on the scenario's first replicate (its own seeds, 20,000 members): every figure its
 * description quotes, each to the precision it is quoted with, and the claims behind them.
 * One set of runs serves every check: acceptance-ratio and rejecto at all 10 points,
 * votetrust where acceptance-ratio breaks (100/0.9, 200/0.9; nothing else of it is quoted),
 * acceptance-ratio without the clustering test at 200/0.9, and rejecto with self-rejection at
 * every ring size (rings of 12 in both replicates, as quoted): 33 runs.
 */
import { loadScenario, withOverrides } from '../../scenarios/load';
import { pooledProportion } from '../../reports/stats';
import { runTask } from '../../runner/run-task';
import { expectQuoted, quote, runWhere, type Task } from './quoted';

const scenario = loadScenario('collusion');
const d = scenario.description;
const size = (t: Task) => t.params['archetypes.sybil.ringSize'] as number;
const share = (t: Task) => t.params['archetypes.sybil.ringShare'] as number;
const SIZES = [0, 12, 40, 100, 200];
const SHARES = [0.5, 0.9];
const RING_POINTS = SIZES.slice(1).flatMap((z) => SHARES.map((s) => [z, s] as const));

const first = runWhere(scenario, (t) => t.replicate === 0 && (t.params.policy !== 'votetrust' || (size(t) >= 100 && share(t) === 0.9)));
const run = (policy: string, z: number, s: number) => first.find((r) => r.task.params.policy === policy && size(r.task) === z && share(r.task) === s)!;
const at = (policy: string, z: number, s: number) => run(policy, z, s).result;
const recall = (policy: string, z: number, s: number) => at(policy, z, s).metrics.recall!;
/** acceptance-ratio without the clustering test on point 9's first seed: the point's sweep value of `policy` would reset its parameters, so the task drops it. */
const noClustering = (() => {
  const s = withOverrides(scenario, [['policy', { name: 'acceptance-ratio', params: { maxClustering: null } }]]);
  const { task } = run('acceptance-ratio', 200, 0.9);
  const { policy: _policy, ...params } = task.params;
  return runTask(s, { ...task, params });
})();
const selfRejecting = runWhere(
  withOverrides(scenario, [['archetypes.sybil.selfRejection', 0.5]]),
  (t) => t.params.policy === 'rejecto' && size(t) > 0 && (t.replicate === 0 || size(t) === 12),
);
const rejecting = (z: number, s: number, replicate = 0) => selfRejecting.find((r) => size(r.task) === z && share(r.task) === s && r.task.replicate === replicate)!.result.metrics.recall!;

describe('collusion description: acceptance-ratio', () => {
  it('runs the planned points: 10 for acceptance-ratio and rejecto, 2 for votetrust', () => {
    expect(first).toHaveLength(22);
    expect(first.every((r) => r.task.replicate === 0)).toBe(true);
  });

  it('quotes its recall at every point, with the Wilson intervals at 100/0.9 and 200/0.9', () => {
    const m = quote(
      d,
      /acceptance-ratio's recall is ([\d.]+) with isolated sybils, at rings of 12 and at 40\/0\.5, ([\d.]+) at 40\/0\.9, ([\d.]+) at 100\/0\.5, ([\d.]+) \[([\d.]+), ([\d.]+)\] at 100\/0\.9, ([\d.]+) at 200\/0\.5 and ([\d.]+) \[([\d.]+), ([\d.]+)\] at 200\/0\.9/,
    );
    for (const [z, s] of [[0, 0.5], [0, 0.9], [12, 0.5], [12, 0.9], [40, 0.5]] as const) expectQuoted(m[1], recall('acceptance-ratio', z, s));
    expectQuoted(m[2], recall('acceptance-ratio', 40, 0.9));
    expectQuoted(m[3], recall('acceptance-ratio', 100, 0.5));
    expectQuoted(m[7], recall('acceptance-ratio', 200, 0.5));
    for (const [z, i] of [[100, 4], [200, 8]] as const) {
      const { truePositives, falseNegatives } = at('acceptance-ratio', z, 0.9).metrics;
      const wilson = pooledProportion([[truePositives, truePositives + falseNegatives]]);
      expectQuoted(m[i], wilson.mean!);
      expectQuoted(m[i + 1], wilson.ciLow!);
      expectQuoted(m[i + 2], wilson.ciHigh!);
    }
  });

  it('a ring of 12 changes nothing at either share, and only rings of 100 or more at share 0.9 bring it below 0.5', () => {
    quote(d, /a ring of 12 changes nothing \(recall 1\.0 at both shares\) and only rings of 100 or more spending 90% of their invitations on each other lift the accept rate past 0\.5/);
    for (const [z, s] of [[0, 0.5], ...RING_POINTS] as const) expect(recall('acceptance-ratio', z, s) < 0.5).toBe(z >= 100 && s === 0.9);
  });

  it('never rises as the ring grows, at either share', () => {
    quote(d, /it never rises as a ring grows/);
    for (const s of SHARES) {
      const recalls = SIZES.map((z) => recall('acceptance-ratio', z, s));
      for (let i = 1; i < recalls.length; i++) expect(recalls[i]).toBeLessThanOrEqual(recalls[i - 1]);
    }
  });

  it('quotes the median hours to restriction, isolated and at 100/0.9', () => {
    const m = quote(d, /median hours to restriction (\d+) isolated, (\d+) at 100\/0\.9/);
    expectQuoted(m[1], at('acceptance-ratio', 0, 0.5).metrics.medianHoursToRestrict!);
    expectQuoted(m[2], at('acceptance-ratio', 100, 0.9).metrics.medianHoursToRestrict!);
  });

  it('without the clustering test (maxClustering null) its recall at 200/0.9 is as quoted', () => {
    const m = quote(d, /with the accept rate alone \(maxClustering null\) recall at 200\/0\.9 is ([\d.]+) as well/);
    expectQuoted(m[1], noClustering.metrics.recall!);
    expectQuoted(m[1], recall('acceptance-ratio', 200, 0.9));
  });

  it("quotes a sybil's invitations, accepts and ring-mate accepts at 200/0.9", () => {
    const m = quote(d, /At 200\/0\.9 a sybil makes ~(\d+) invitations \(the rest of its ~\d+ sends find no one it may invite once its ring is used up\), (\d+) accepted, (\d+) of them ring mates/);
    const y = at('acceptance-ratio', 200, 0.9).byArchetype.sybil!;
    expectQuoted(m[1], y.invitationsAttempted / y.members);
    expectQuoted(m[2], y.accepted / y.members);
    // abusiveConnections counts only connections between a sybil and an honest member; the rest are ring mates.
    expectQuoted(m[3], (y.accepted - y.abusiveConnections) / y.members);
  });

  it("quotes its honest false-positive rate, which is recruiters' and open networkers'", () => {
    const m = quote(d, /The honest false-positive rate of acceptance-ratio \(([\d.]+)-([\d.]+)%\) is recruiters and open networkers/);
    const ratio = first.filter((r) => r.task.params.policy === 'acceptance-ratio').map((r) => r.result);
    expectQuoted(m[1], Math.min(...ratio.map((r) => r.metrics.falsePositiveRate! * 100)));
    expectQuoted(m[2], Math.max(...ratio.map((r) => r.metrics.falsePositiveRate! * 100)));
    for (const r of ratio) {
      const grey = r.byArchetype.recruiter!.falsePositives + r.byArchetype.openNetworker!.falsePositives;
      expect(grey).toBeGreaterThan(0.5 * r.metrics.falsePositives);
    }
  });
});

describe('collusion description: rejecto and votetrust', () => {
  it('catch every sybil where acceptance-ratio falls below 0.5, at the quoted false-positive rates', () => {
    const m = quote(d, /Where acceptance-ratio falls below 0\.5 \(100\/0\.9 and 200\/0\.9\) rejecto and votetrust catch every sybil \(recall ([\d.]+), false-positive rate ([\d.]+)-([\d.]+)%\)/);
    const rates: number[] = [];
    for (const z of [100, 200]) {
      expect(recall('acceptance-ratio', z, 0.9)).toBeLessThan(0.5);
      for (const policy of ['rejecto', 'votetrust']) {
        expectQuoted(m[1], recall(policy, z, 0.9));
        rates.push(at(policy, z, 0.9).metrics.falsePositiveRate! * 100);
      }
    }
    expectQuoted(m[2], Math.min(...rates));
    expectQuoted(m[3], Math.max(...rates));
  });

  it('rejecto keeps recall above the quoted floor at every ring point, the lowest being the one quoted', () => {
    const m = quote(d, /rejecto keeps recall above ([\d.]+) at every ring point \(the lowest: ([\d.]+) at 12\/0\.5\)/);
    const recalls = RING_POINTS.map(([z, s]) => recall('rejecto', z, s));
    for (const r of recalls) expect(r).toBeGreaterThan(Number(m[1]));
    expect(Math.min(...recalls)).toBe(recall('rejecto', 12, 0.5));
    expectQuoted(m[2], recall('rejecto', 12, 0.5));
  });

  it('rejecto misses most isolated sybils, at the quoted recall', () => {
    const m = quote(d, /rejecto against isolated sybils \(recall ([\d.]+)-([\d.]+): they form no region/);
    const isolated = SHARES.map((s) => recall('rejecto', 0, s));
    expectQuoted(m[1], Math.min(...isolated));
    expectQuoted(m[2], Math.max(...isolated));
  });

  it('self-rejection leaves rejecto at the quoted recall on rings of 40 or more, and at rings of 12 above 0.7 at share 0.9 only', () => {
    let m = quote(d, /holds for rings of 40 or more \(measured ([\d.]+) at each of 40, 100 and 200 at both shares with half of the ring's invitations ignored/);
    expect(selfRejecting).toHaveLength(10);
    for (const z of [40, 100, 200]) for (const s of SHARES) expectQuoted(m[1], rejecting(z, s));
    m = quote(d, /rings of 12 at ring share 0\.9 \(([\d.]+) and ([\d.]+) in both seeded replicates\), but not for rings of 12 at ring share 0\.5 \(([\d.]+) and ([\d.]+) in the same two/);
    for (const replicate of [0, 1]) {
      expectQuoted(m[1 + replicate], rejecting(12, 0.9, replicate));
      expectQuoted(m[3 + replicate], rejecting(12, 0.5, replicate));
      expect(rejecting(12, 0.9, replicate)).toBeGreaterThanOrEqual(0.7);
      expect(rejecting(12, 0.5, replicate)).toBeLessThan(0.7);
    }
  });
});
