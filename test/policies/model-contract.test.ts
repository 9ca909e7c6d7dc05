/**
 * The model policy's contract (docs/features.md): a model file that does not fit is exit 2, one
 * line naming policy.params.file and what differs, before any run; one that fits runs, and its
 * run is byte-identical whatever the thread count.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, tempDir } from '../helpers/cli';
import { writeLinearModel, type LinearModel } from '../features/onnx-models';
import { FEATURE_COUNT } from '../../features/schema';

const dir = tempDir();
const zeros = (n: number) => new Array(n).fill(0);

function runWith(file: string, extra: string[] = []) {
  return cli(['run', 'baseline', '--set', 'population.members=1500', '--set', 'days=5', '--set', `policy={"name":"model","params":{"file":${JSON.stringify(file)},"threshold":0.5}}`, '-q', ...extra]);
}

function model(name: string, spec: LinearModel): string {
  const file = path.join(dir, name);
  writeLinearModel(file, spec);
  return file;
}

describe('a model file that misses the contract is exit 2 naming what differs', () => {
  const cases: Array<[string, () => string, RegExp]> = [
    ['a missing file', () => path.join(dir, 'nope.onnx'), /policy\.params\.file ".*nope\.onnx" does not exist/],
    ['a file that is not ONNX', () => {
      const f = path.join(dir, 'text.onnx');
      fs.writeFileSync(f, 'not a model\n');
      return f;
    }, /is not an ONNX model onnxruntime can load/],
    ['the wrong input width', () => model('narrow.onnx', { weights: zeros(FEATURE_COUNT - 1), bias: 0 }), new RegExp(`its input "features" is ${FEATURE_COUNT - 1} features wide .*the contract is \\[n, ${FEATURE_COUNT}\\]`)],
    ['an int64 input', () => model('int.onnx', { weights: zeros(FEATURE_COUNT), bias: 0, input: 'int64' }), /its input "features" is int64; the contract is float32/],
    ['no Sigmoid: not a probability', () => model('logit.onnx', { weights: new Array(FEATURE_COUNT).fill(0.01), bias: 0 , sigmoid: false }), /not a probability in \[0, 1\]/],
    ['two outputs', () => model('two.onnx', { weights: zeros(FEATURE_COUNT), bias: 0, extraOutput: true }), /it has 2 outputs/],
    ['class probabilities [n, 2]', () => model('proba2.onnx', { weights: zeros(FEATURE_COUNT), bias: 0, outputColumns: 2 }), /has shape \[n, 2\]; the contract is one probability per row/],
  ];
  test.each(cases)('%s', (_what, make, message) => {
    const r = runWith(make(), ['--out', path.join(dir, 'out-bad')]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^invitesim: policy\.params\.file /);
    expect(lines[0]).toMatch(message);
    expect(fs.existsSync(path.join(dir, 'out-bad', 'results.json'))).toBe(false);
  });
});

describe('a model that fits', () => {
  test('runs, restricts, feeds the PR curve, and gives the same bytes with 1 and 2 threads', () => {
    const w = zeros(FEATURE_COUNT);
    w[2] = 0.02; // invites_total
    w[7] = 4; // idk_rate
    const file = model('fits.onnx', { weights: w, bias: -3 });
    const sweep = ['--set', 'sweep={"policy.params.threshold":[0.3,0.6]}'];
    const a = runWith(file, [...sweep, '--threads', '1', '--out', path.join(dir, 'one')]);
    const b = runWith(file, [...sweep, '--threads', '2', '--out', path.join(dir, 'two')]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const runs = (d: string) => fs.readFileSync(path.join(dir, d, 'points.csv'), 'utf8');
    expect(runs('two')).toBe(runs('one'));
    expect(fs.readFileSync(path.join(dir, 'two', 'runs.csv'), 'utf8')).toBe(fs.readFileSync(path.join(dir, 'one', 'runs.csv'), 'utf8'));
    const results = JSON.parse(fs.readFileSync(path.join(dir, 'one', 'results.json'), 'utf8'));
    const [low, high] = results.runs.map((r: { result: { metrics: Record<string, number> } }) => r.result.metrics);
    // A lower threshold restricts more; the score draws a PR curve (average precision) either way.
    expect(low.restrictionsStarted).toBeGreaterThan(high.restrictionsStarted);
    expect(high.restrictionsStarted).toBeGreaterThan(0);
    expect(low.averagePrecision).toBeGreaterThan(0);
  });

  test('invitesim attack searches strategies against it', () => {
    const w = zeros(FEATURE_COUNT);
    w[7] = 4; // idk_rate
    const file = model('attacked.onnx', { weights: w, bias: -3 });
    const out = path.join(dir, 'attack');
    const r = cli(['attack', 'baseline', '--attacker', 'sybil', '--budget', '3', '--set', 'population.members=1500', '--set', 'days=5', '--set', `policy={"name":"model","params":{"file":${JSON.stringify(file)}}}`, '--threads', '1', '--out', out, '-q']);
    expect(r.code).toBe(0);
    const attack = JSON.parse(fs.readFileSync(path.join(out, 'attack.json'), 'utf8'));
    expect(attack.scenario.policy.name).toBe('model');
    // The default and a drawn strategy, within the budget of 3 runs.
    expect([attack.partial, attack.candidates.length, attack.attack.runsDone]).toEqual([false, 2, 3]);
  });
});
