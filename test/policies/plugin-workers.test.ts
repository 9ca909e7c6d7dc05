/**
 * Plugins in worker threads: the example plugin, in JavaScript and in TypeScript (loaded by
 * ts-node inside the worker), runs a seeded scenario in a worker thread from the compiled
 * dist/ (npm test builds it first) and gives the same results as the same logic built in.
 * TODO(runner): once sim/runner has its pool, run these through it instead of bare Workers.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

const ROOT = path.join(__dirname, '..', '..');
const DIST = path.join(ROOT, 'dist');
const EXAMPLES = path.join(ROOT, 'policies', 'examples');

/** A worker that resolves the scenario (loading the plugin), runs one task and posts its result. */
const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const { scenarioFromObject } = require(workerData.dist + '/scenarios/load.js');
const { planTasks } = require(workerData.dist + '/sim/runner/plan.js');
const { runTask } = require(workerData.dist + '/sim/runner/run-task.js');
const scenario = scenarioFromObject(workerData.scenario, workerData.baseDir);
parentPort.postMessage(runTask(scenario, planTasks(scenario)[0]));
`;

function runInWorker(policy: object): Promise<{ metrics: Record<string, unknown>; byArchetype: unknown; scoreCurve: unknown }> {
  const scenario = {
    name: 'plugin-workers',
    seed: 7,
    days: 14,
    population: { members: 3000, shares: { regular: 0.9, recruiter: 0.04, bulkSpammer: 0.02, sybil: 0.04 } },
    policy,
  };
  return new Promise((resolve, reject) => {
    const w = new Worker(WORKER, { eval: true, workerData: { dist: DIST, scenario, baseDir: EXAMPLES } });
    w.once('message', (m) => {
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
  });
}

describe('plugins in worker threads', () => {
  beforeAll(() => {
    if (!fs.existsSync(path.join(DIST, 'policies', 'registry.js'))) {
      throw new Error(`${DIST} is missing: run \`npm run build\` (npm test does it first)`);
    }
  });

  it('JS and TS plugins give the results of the same logic built in', async () => {
    const [builtin, js, ts] = await Promise.all([
      runInWorker({ name: 'idk-threshold', params: { idks: 3, windowDays: 3650 } }),
      runInWorker({ module: './idk-strikes.js', params: { idks: 3 } }),
      runInWorker({ module: './idk-strikes.ts', params: { idks: 3 } }),
    ]);
    // Not vacuous: the rule restricts people in this world.
    expect(builtin.metrics.truePositives).toBeGreaterThan(10);
    expect(builtin.metrics.falsePositives).toBeGreaterThan(0);
    for (const plugin of [js, ts]) {
      expect(plugin.metrics).toEqual(builtin.metrics);
      expect(plugin.byArchetype).toEqual(builtin.byArchetype);
      expect(plugin.scoreCurve).toEqual(builtin.scoreCurve);
    }
  });
});
