/**
 * Plugins in worker threads: the example plugin, in JavaScript and in TypeScript (loaded by
 * jiti inside the worker), runs a seeded scenario on the runner's piscina pool from the
 * compiled dist/ (npm test builds it first) and gives the same results as the same logic
 * built in. A plugin that throws mid-run fails its run with the plugin's context.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunRecord } from '../../sim/result';
import type * as Load from '../../scenarios/load';
import type * as Runner from '../../runner';

const ROOT = path.join(__dirname, '..', '..');
const DIST = path.join(ROOT, 'dist');
const EXAMPLES = path.join(ROOT, 'policies', 'examples');

function dist<T>(file: string): T {
  const full = path.join(DIST, file);
  if (!fs.existsSync(full)) throw new Error(`${full} is missing: run \`npm run build\` (npm test does it first)`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(full) as T;
}

/** Resolves the scenario in this thread (loading the plugin once), then runs its one task on the pool. */
async function runOnPool(policy: object, baseDir = EXAMPLES): Promise<RunRecord> {
  const { scenarioFromObject } = dist<typeof Load>('scenarios/load.js');
  const { planTasks, runTasks } = dist<typeof Runner>('runner/index.js');
  const scenario = scenarioFromObject(
    {
      name: 'plugin-workers',
      seed: 7,
      days: 14,
      population: { members: 3000, shares: { regular: 0.9, recruiter: 0.04, bulkSpammer: 0.02, sybil: 0.04 } },
      policy,
    },
    baseDir,
  );
  const records: RunRecord[] = [];
  await runTasks({ scenario, tasks: planTasks(scenario), threads: 1, onRecord: (r) => records.push(r) });
  return records[0];
}

describe('plugins in worker threads', () => {
  it('JS and TS plugins give the results of the same logic built in', async () => {
    const [builtin, js, ts] = await Promise.all([
      runOnPool({ name: 'idk-threshold', params: { idks: 3, windowDays: 3650 } }),
      runOnPool({ module: './idk-strikes.js', params: { idks: 3 } }),
      runOnPool({ module: './idk-strikes.ts', params: { idks: 3 } }),
    ]);
    expect([builtin.error, js.error, ts.error]).toEqual([undefined, undefined, undefined]);
    // Not vacuous: the rule restricts people in this world.
    expect(builtin.result!.metrics.truePositives).toBeGreaterThan(10);
    expect(builtin.result!.metrics.falsePositives).toBeGreaterThan(0);
    for (const plugin of [js, ts]) expect(plugin.result).toEqual(builtin.result);
  });

  it('a plugin that throws mid-run fails its run with the plugin, the call, the member and the minute', async () => {
    const record = await runOnPool({ module: './fixtures/throws-in-run.js' }, __dirname);
    expect(record.result).toBeUndefined();
    expect(record.error).toMatch(
      /^(?:\w*Error: )?policy module \S+throws-in-run\.js(: onInvite\(sender 4, recipient \d+, minute \d+\) returned 7| threw in onInvite\(sender 3, recipient \d+, minute \d+\): index out of range)/,
    );
  });
});
