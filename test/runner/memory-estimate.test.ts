/**
 * The memory a run needs beyond the V8 heap is estimated before it starts; a run that cannot
 * fit --worker-memory is refused with exit 2. The estimate is checked (at least it, at most 2.5 times) against the typed-array
 * bytes a real run holds at its end, measured by Node (process.memoryUsage().arrayBuffers).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadScenario, withOverrides } from '../../scenarios/load';
import { largestRun, memoryProblem } from '../../runner/memory-estimate';
import { ROOT, cli, tempDir } from '../helpers/cli';

/**
 * Live typed-array bytes of a real run, measured in a fresh Node process (compiled dist/) with
 * garbage collected before each reading: after the run, with its engine and policy still held
 * (the state only grows during a run: tables double, none shrinks).
 */
function measuredBytes(members: number): number {
  const dist = path.join(ROOT, 'dist');
  const script = `
    const { loadScenario, toSimConfig, withOverrides } = require(${JSON.stringify(path.join(dist, 'scenarios', 'load'))});
    const { buildWorld } = require(${JSON.stringify(path.join(dist, 'sim', 'simulate'))});
    const { createPolicy } = require(${JSON.stringify(path.join(dist, 'policies', 'registry'))});
    const scenario = withOverrides(loadScenario('baseline'), [['population.members', ${members}]]);
    // Several collections: the backing stores of arrays a table grew out of are released a collection or two late (one gc read 12 or 25 MB for the same run).
    const live = () => { for (let i = 0; i < 4; i++) global.gc(); return process.memoryUsage().arrayBuffers; };
    const before = live();
    const engine = buildWorld(toSimConfig(scenario, 'memory'));
    const policy = createPolicy(scenario.policy, engine.policyContext(), engine.truth());
    engine.run(policy);
    process.stdout.write(String(live() - before));
    void [engine, policy];`;
  const r = spawnSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return Number(r.stdout);
}

describe('memory estimate', () => {
  it.each([20_000, 50_000])('covers the typed arrays a %i-member run allocates, within 2.5×', (members) => {
    const scenario = withOverrides(loadScenario('baseline'), [['population.members', members]]);
    const estimate = largestRun(scenario, [{ index: 0, point: 0, replicate: 0, seed: 's', params: {} }], false).bytes;
    const measured = measuredBytes(members);
    expect(estimate).toBeGreaterThanOrEqual(measured);
    expect(estimate).toBeLessThanOrEqual(2.5 * measured);
  });

  it('sizes the largest point of a sweep', () => {
    const scenario = loadScenario('baseline');
    const task = (members: number) => ({ index: 0, point: 0, replicate: 0, seed: 's', params: { 'population.members': members } });
    expect(largestRun(scenario, [task(1000), task(50_000), task(2000)], true).members).toBe(50_000);
    expect(memoryProblem(largestRun(scenario, [task(1000)], false), 64, '--worker-memory')).toBeNull();
  });

  it('refuses up front a run that cannot fit --worker-memory, touching nothing', () => {
    const out = path.join(tempDir(), 'out');
    const r = cli(['run', 'baseline', '--out', out, '--worker-memory', '16', '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'invitesim: a run of 20,000 members needs about 36 MiB in its worker (12 MiB of heap to start, plus typed arrays outside the heap: 4 MiB and 20,000 members × 1028 B), more than --worker-memory 16 MiB; raise --worker-memory, use fewer --threads, or lower population.members\n',
    );
    expect(fs.existsSync(out)).toBe(false);
  });
});
