/** runTasks from the compiled runner: records in any order carry their task; a throwing onRecord or an abort stops the pool. */
import * as path from 'node:path';
import { ROOT } from '../helpers/cli';
import { tinyScenario } from './helpers';
import type * as Runner from '../../runner';
import type * as Load from '../../scenarios/load';

// Worker threads need the compiled files (npm test builds them first).
const runner: typeof Runner = require(path.join(ROOT, 'dist', 'runner'));
const load: typeof Load = require(path.join(ROOT, 'dist', 'scenarios', 'load'));

const plan = () => runner.planSweep(load.scenarioFromObject(tinyScenario({ days: 3 }), __dirname), { maxRuns: 100, confirmed: false });

describe('runTasks', () => {
  it('hands every task over once, with its result', async () => {
    const { scenario, tasks } = plan();
    const seen: number[] = [];
    const summary = await runner.runTasks({
      scenario,
      tasks,
      threads: 2,
      onRecord: (record, timing) => {
        expect(record.result?.metrics.invitationsAttempted).toBeGreaterThan(0);
        expect(timing?.workerMs).toBeGreaterThan(0);
        expect(Math.abs((timing?.startedAt ?? 0) - Date.now())).toBeLessThan(60_000);
        seen.push(record.index);
      },
    });
    expect(summary).toEqual({ finished: tasks.length, stopped: false });
    expect(seen.sort((a, b) => a - b)).toEqual(tasks.map((t) => t.index));
  });

  it('stops and rethrows when onRecord throws', async () => {
    const { scenario, tasks } = plan();
    let calls = 0;
    await expect(
      runner.runTasks({
        scenario,
        tasks,
        threads: 1,
        onRecord: () => {
          calls++;
          throw new Error('disk full');
        },
      }),
    ).rejects.toThrow('disk full');
    expect(calls).toBe(1);
  });

  it('stops at once when its signal aborts', async () => {
    const { scenario, tasks } = plan();
    const stop = new AbortController();
    const summary = await runner.runTasks({ scenario, tasks, threads: 1, signal: stop.signal, onRecord: () => stop.abort() });
    expect(summary).toEqual({ finished: 1, stopped: true });
  });

  it('checks its thread count', async () => {
    const { scenario, tasks } = plan();
    await expect(runner.runTasks({ scenario, tasks, threads: 0, onRecord: () => {} })).rejects.toThrow('runTasks: options.threads must be a positive integer (got 0)');
  });
});
