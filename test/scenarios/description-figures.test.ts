/**
 * Figures a scenario's description quotes are checked against a run of that scenario, so a model
 * change that moves one fails here rather than leaving the description stale. A quoted figure
 * agrees when the measured value rounds to it at the precision it is quoted with. So far this
 * covers renren-2011 (4 runs at 10,000 members) and probing (10 runs at 20,000); import-surge,
 * collusion and sybil-ring have their own files (this one takes most of a minute already).
 */
import { loadScenario } from '../../scenarios/load';
import type { Scenario } from '../../scenarios/schema';
import type { RunResult } from '../../sim/result';
import { expectQuoted, runWhere } from './quoted';

const runAll = (s: Scenario) => runWhere(s).map((r) => r.result);
const M = (r: RunResult) => r.metrics;


describe('renren-2011 description', () => {
  const scenario = loadScenario('renren-2011');
  const runs = runAll(scenario); // points in sweep order: (0,0), (0,6), (8,0), (8,6)
  const d = scenario.description;

  it('point 0: recall 1.0 at the quoted false-positive rate and count', () => {
    const m = d.match(/measured recall ([\d.]+) at a false-positive rate of ([\d.]+)% \(([\d,]+) of ([\d,]+) honest members\)/);
    expect(m).not.toBeNull();
    expectQuoted(m![1], M(runs[0]).recall!);
    expectQuoted(m![2], M(runs[0]).falsePositiveRate! * 100);
    expect(Number(m![3].replace(/,/g, ''))).toBe(M(runs[0]).falsePositives);
    expect(Number(m![4].replace(/,/g, ''))).toBe(M(runs[0]).falsePositives + M(runs[0]).trueNegatives);
  });

  it('heavy senders on: the quoted shares of open networkers and recruiters restricted, and the false-positive range', () => {
    const m = d.match(/restricts (\d+)-(\d+)% of the open networkers and (\d+)-(\d+)% of the recruiters, and the false-positive rate rises to ([\d.]+)-([\d.]+)% \(point 3: ([\d.]+)%\)/);
    expect(m).not.toBeNull();
    const on = (a: 'openNetworker' | 'recruiter', idx: number[]) => idx.map((i) => runs[i].byArchetype[a]!.falsePositiveRate! * 100);
    const open = on('openNetworker', [1, 3]);
    const rec = on('recruiter', [2, 3]);
    expectQuoted(m![1], Math.min(...open));
    expectQuoted(m![2], Math.max(...open));
    expectQuoted(m![3], Math.min(...rec));
    expectQuoted(m![4], Math.max(...rec));
    const fpr = [1, 2, 3].map((i) => M(runs[i]).falsePositiveRate! * 100);
    expectQuoted(m![5], Math.min(...fpr));
    expectQuoted(m![6], Math.max(...fpr));
    expectQuoted(m![7], M(runs[3]).falsePositiveRate! * 100);
  });
});

describe('probing description', () => {
  const scenario = loadScenario('probing');
  const runs = runAll(scenario); // 5 caps x 2 replicates, point-major
  const d = scenario.description;
  const mean = (p: number, f: (r: RunResult) => number) => (f(runs[2 * p]) + f(runs[2 * p + 1])) / 2;
  const list = (s: string) => s.split(/, | and /);

  it('quotes the recall and deliveries at each cap', () => {
    const m = d.match(/recall ([\d., and]+?) at caps 25, 50, 100, 200 and 400, deliveries ([\dk., and]+?)\. /);
    expect(m).not.toBeNull();
    const recall = list(m![1]);
    const delivered = list(m![2]);
    expect(recall).toHaveLength(5);
    expect(delivered).toHaveLength(5);
    for (let p = 0; p < 5; p++) {
      expectQuoted(recall[p], mean(p, (r) => M(r).recall!));
      expectQuoted(delivered[p].replace('k', ''), mean(p, (r) => M(r).abusiveDelivered) / 1000);
    }
  });
});
