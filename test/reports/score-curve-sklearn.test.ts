/**
 * The score's PR curve against scikit-learn on members.csv (an independent implementation):
 * every run's operating point at each recall level in curves.csv is the one
 * precision_recall_curve gives (the highest threshold whose recall reaches the level: the
 * step function sklearn draws), its average precision is average_precision_score, and the
 * point's mean curve in results.json pools those operating points.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, tempDir, withoutVerdict } from '../helpers/cli';
import { sklearnJson } from '../helpers/sklearn';
import { tinyScenario, writeScenario } from '../runner/helpers';

const SCRIPT = `
import json, sys
import numpy as np, pandas as pd
from sklearn.metrics import precision_recall_curve, average_precision_score
d = sys.argv[1]
members = pd.read_csv(d + "/members.csv", float_precision="round_trip")
out = {}
for run, g in members.groupby("run"):
    y, s = g["abusive"].to_numpy(), g["score"].to_numpy()
    precision, recall, thresholds = precision_recall_curve(y, s)
    n_pos = int(y.sum())
    levels = []
    for k in range(51):
        # sklearn's arrays run from the lowest threshold up (recall falling); the last entry
        # is its (recall 0, precision 1) end point, which has no threshold.
        i = max(j for j in range(len(thresholds)) if recall[j] * 50 >= k - 1e-9)
        tp = int(round(recall[i] * n_pos))
        levels.append({"threshold": float(thresholds[i]), "precision": float(precision[i]), "recall": float(recall[i]), "tp": tp, "fp": int(round(tp / precision[i])) - tp})
    out[int(run)] = {"ap": float(average_precision_score(y, s)), "levels": levels}
print(json.dumps(out))
`;

interface Level { threshold: number; precision: number; recall: number; tp: number; fp: number }

describe('score PR curve against scikit-learn', () => {
  const dir = tempDir();
  const file = writeScenario(
    dir,
    tinyScenario({
      days: 10,
      replicates: 2,
      population: { members: 3000, shares: { regular: 0.86, recruiter: 0.06, openNetworker: 0.04, fofTargeter: 0.02, sybil: 0.02 } },
      policy: { name: 'score', params: { threshold: 200 } },
      sweep: { 'policy.params.threshold': [100, 400] },
    }),
  );
  const out = path.join(dir, 'out');
  const run = cli(['run', file, '--members', '--out', out, '--threads', '1', '-q']);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('curves.csv, averagePrecision and the mean curve agree with sklearn on members.csv', () => {
    expect(withoutVerdict(run.stderr)).toBe('');
    expect(run.code).toBe(0);
    const oracle = sklearnJson<Record<string, { ap: number; levels: Level[] }>>(SCRIPT, [out]);
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'));
    const [header, ...lines] = fs.readFileSync(path.join(out, 'curves.csv'), 'utf8').trim().split('\n');
    expect(header).toBe('run,point,replicate,policy_params_threshold,level,threshold,precision,recall,tp,fp');
    const rows = lines.map((l) => l.split(',').map(Number));
    expect(rows).toHaveLength(4 * 51);
    for (const [runIndex, point, , , level, threshold, precision, recall, tp, fp] of rows) {
      const want = oracle[runIndex].levels[Math.round(level * 50)];
      expect({ threshold, precision, recall, tp, fp }).toEqual({ threshold: expect.closeTo(want.threshold, 12), precision: expect.closeTo(want.precision, 12), recall: expect.closeTo(want.recall, 12), tp: want.tp, fp: want.fp });
      expect(point).toBe(results.runs[runIndex].point);
    }
    for (const r of results.runs) expect(r.result.metrics.averagePrecision).toBeCloseTo(oracle[r.index].ap, 12);

    // The mean curve pools the replicates' operating points: Σ tp / Σ (tp + fp) at each level.
    for (const p of results.points) {
      const runs = results.runs.filter((r: { point: number }) => r.point === p.point).map((r: { index: number }) => oracle[r.index].levels);
      p.scoreCurve.precision.forEach((got: number, k: number) => {
        const tp = runs.reduce((s: number, l: Level[]) => s + l[k].tp, 0);
        const flagged = runs.reduce((s: number, l: Level[]) => s + l[k].tp + l[k].fp, 0);
        expect(got).toBeCloseTo(tp / flagged, 12);
        expect(p.scoreCurve.ciLow[k]).toBeLessThanOrEqual(got);
        expect(p.scoreCurve.ciHigh[k]).toBeGreaterThanOrEqual(got);
      });
      expect(p.scoreCurve.threshold[10].mean).toBeCloseTo(runs.reduce((s: number, l: Level[]) => s + l[10].threshold, 0) / runs.length, 9);
    }
  });
});
