/**
 * `npm run bench -- model`: what the `model` policy costs (issue 29's speed targets).
 * - A review batch: the baseline world at --members (default 100,000) run for 4 days under the
 *   model policy; each daily batch (feature vectors of every joined member, then inference
 *   through onnxruntime-node, then restrictions) is timed, CPU ms and wall ms; medians reported.
 * - A run: the baseline at 20,000 members × 14 days under `model` and under `acceptance-ratio`,
 *   alternated, each in a CLI process of its own on one thread: the ratio of their wall times.
 * The model is a fixed logistic regression over the 18 features (written with Debian's
 * python3-onnx, as examples/train/train.py writes one): inference costs the same whatever the weights.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadScenario, toSimConfig } from '../scenarios/load';
import { simulateRun } from '../sim/simulate';
import { ModelPolicy } from '../policies/builtin/model';
import { FEATURE_COUNT, FEATURE_NAMES } from '../features/schema';
import { MINUTES_PER_DAY } from '../policies/policy';

export interface ModelBench {
  members: number;
  /** Members scored in the last batch. */
  batchRows: number;
  batchCpuMs: number;
  batchWallMs: number;
  batches: number;
  runMembers: number;
  runDays: number;
  /** Wall time under `model` over time under `acceptance-ratio` (median, range over alternated pairs). */
  runRatio: { median: number; min: number; max: number };
  secondsModel: number;
  secondsAcceptanceRatio: number;
}

const BATCH_DAYS = 4;
const RUN_MEMBERS = 20_000;
const RUN_DAYS = 14;

/** A logistic regression over the features (weights by name, the rest 0), as train.py writes it. */
function writeModel(file: string): void {
  const w = new Array(FEATURE_COUNT).fill(0);
  w[FEATURE_NAMES.indexOf('idk_rate')] = 6;
  w[FEATURE_NAMES.indexOf('stranger_share')] = 3;
  w[FEATURE_NAMES.indexOf('account_age_days')] = -0.01;
  const script = [
    'import sys, json, numpy as np, onnx',
    'from onnx import helper, numpy_helper, TensorProto as T',
    'w = np.asarray(json.loads(sys.argv[2]), np.float32).reshape(-1, 1)',
    "g = helper.make_graph([helper.make_node('MatMul', ['features', 'W'], ['z0']), helper.make_node('Add', ['z0', 'b'], ['z']), helper.make_node('Sigmoid', ['z'], ['p'])], 'bench', [helper.make_tensor_value_info('features', T.FLOAT, ['n', w.shape[0]])], [helper.make_tensor_value_info('p', T.FLOAT, ['n', 1])], [numpy_helper.from_array(w, 'W'), numpy_helper.from_array(np.asarray([-4], np.float32), 'b')])",
    "m = helper.make_model(g, opset_imports=[helper.make_opsetid('', 13)]); m.ir_version = 8; onnx.save(m, sys.argv[1])",
  ].join('\n');
  execFileSync('/usr/bin/python3', ['-c', script, file, JSON.stringify(w)], { stdio: ['ignore', 'ignore', 'inherit'] });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timedRun(args: string[]): number {
  const main = path.join(__dirname, '..', 'cli', 'main.js');
  const t = performance.now();
  execFileSync(process.execPath, [main, 'run', ...args], { stdio: 'ignore' });
  return (performance.now() - t) / 1000;
}

export function benchModel(members: number, repetitions: number, log: (s: string) => void): ModelBench {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'invitesim-bench-model-'));
  try {
    const file = path.join(dir, 'model.onnx');
    writeModel(file);
    const params = { file, threshold: 0.5, reviewEveryMinutes: MINUTES_PER_DAY };
    const cfg = toSimConfig(loadScenario('baseline', [`population.members=${members}`, `days=${BATCH_DAYS}`]), 'bench-model');
    const cpu: number[] = [];
    const wall: number[] = [];
    let rows = 0;
    simulateRun(cfg, (ctx) => {
      const policy = new ModelPolicy(ctx, params, (_now, _ids, _x, _y, n) => {
        rows += n;
      });
      const review = policy.review.bind(policy);
      policy.review = (now: number) => {
        if (now === 0 || now % MINUTES_PER_DAY !== 0) return review(now);
        rows = 0;
        const c = process.cpuUsage();
        const t = performance.now();
        review(now);
        wall.push(performance.now() - t);
        const d = process.cpuUsage(c);
        cpu.push((d.user + d.system) / 1000);
      };
      return policy;
    }, false);
    log(`model: ${wall.length} batches of ${rows.toLocaleString()} members: median ${median(cpu).toFixed(0)} CPU ms, ${median(wall).toFixed(0)} ms wall`);

    const base = ['baseline', '--set', `population.members=${RUN_MEMBERS}`, '--set', `days=${RUN_DAYS}`, '--threads', '1', '-q', '--force'];
    const modelPolicy = JSON.stringify({ name: 'model', params: { file, threshold: 0.5 } });
    const ratios: number[] = [];
    let secondsModel = 0;
    let secondsRatio = 0;
    for (let r = 0; r < repetitions; r++) {
      // Alternate which goes first, so that a machine growing busier does not favour one side.
      const order = r % 2 === 0 ? ['model', 'ratio'] : ['ratio', 'model'];
      for (const side of order) {
        const policy = side === 'model' ? modelPolicy : 'acceptance-ratio';
        const s = timedRun([...base, '--set', `policy=${policy}`, '--out', path.join(dir, side)]);
        if (side === 'model') secondsModel = s;
        else secondsRatio = s;
      }
      ratios.push(secondsModel / secondsRatio);
      log(`model: pair ${r + 1}: ${secondsModel.toFixed(2)} s under model, ${secondsRatio.toFixed(2)} s under acceptance-ratio (ratio ${(secondsModel / secondsRatio).toFixed(3)})`);
    }
    return {
      members,
      batchRows: rows,
      batchCpuMs: median(cpu),
      batchWallMs: median(wall),
      batches: wall.length,
      runMembers: RUN_MEMBERS,
      runDays: RUN_DAYS,
      runRatio: { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) },
      secondsModel,
      secondsAcceptanceRatio: secondsRatio,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
