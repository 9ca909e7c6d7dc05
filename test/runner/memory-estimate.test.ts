/**
 * The memory a run needs beyond the V8 heap is estimated before it starts; a run that cannot
 * fit --worker-memory is refused with exit 2. The estimate is checked against the typed-array
 * bytes a real run allocates, measured by Node (process.memoryUsage().arrayBuffers).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createPolicy } from '../../policies/registry';
import { loadScenario, toSimConfig, withOverrides } from '../../scenarios/load';
import { largestRun, memoryProblem } from '../../sim/runner/memory-estimate';
import { simulateRun } from '../../sim/simulate';
import { cli, tempDir } from '../helpers/cli';

/** Typed-array bytes in use while the run's policy is created (world built) and when it ends. */
function measuredBytes(members: number): number {
  const scenario = withOverrides(loadScenario('baseline'), [['population.members', members]]);
  const before = process.memoryUsage().arrayBuffers;
  let atStart = 0;
  simulateRun(toSimConfig(scenario, 'memory'), (ctx) => {
    atStart = process.memoryUsage().arrayBuffers;
    return createPolicy(scenario.policy, ctx);
  }, false);
  return Math.max(atStart, process.memoryUsage().arrayBuffers) - before;
}

describe('memory estimate', () => {
  it.each([20_000, 50_000])('covers the typed arrays a %i-member run allocates, within 1.5×', (members) => {
    const scenario = withOverrides(loadScenario('baseline'), [['population.members', members]]);
    const estimate = largestRun(scenario, [{ index: 0, point: 0, replicate: 0, seed: 's', params: {} }], false).bytes;
    const measured = measuredBytes(members);
    expect(estimate).toBeGreaterThanOrEqual(measured);
    expect(estimate).toBeLessThanOrEqual(1.5 * measured);
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
      'invitesim: a run of 20,000 members needs about 25 MiB in its worker (12 MiB of heap to start, plus typed arrays outside the heap: 6 MiB and 20,000 members × 348 B), more than --worker-memory 16 MiB; raise --worker-memory, use fewer --threads, or lower population.members\n',
    );
    expect(fs.existsSync(out)).toBe(false);
  });
});
