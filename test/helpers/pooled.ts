/**
 * Runs a scenario's tasks on the runner's pool of two worker threads, synchronously, for tests
 * that check many runs' figures at module load: a child process (the pool runs compiled files,
 * which npm test builds first) runs them and prints their results. The results equal
 * runTask's in this process: a task is a pure function of the scenario and its seed, whatever
 * thread runs it (test/runner/threads.test.ts).
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { RunResult, Task } from '../../sim/result';
import type { Scenario } from '../../scenarios/schema';
import { ROOT } from './cli';

const SCRIPT = `
const { runTasks } = require(${JSON.stringify(path.join(ROOT, 'dist', 'runner', 'run-tasks'))});
const { scenario, tasks } = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
const results = new Array(tasks.length);
runTasks({ scenario, tasks, threads: 2, onRecord(r) {
  if (r.error) throw new Error('task ' + r.index + ': ' + r.error);
  results[tasks.findIndex((t) => t.index === r.index)] = r.result;
} }).then(() => process.stdout.write(JSON.stringify(results)));
`;

export function runPooled(scenario: Scenario, tasks: readonly Task[]): RunResult[] {
  const r = spawnSync(process.execPath, ['-e', SCRIPT], { input: JSON.stringify({ scenario, tasks }), encoding: 'utf8', maxBuffer: 1 << 30, timeout: 600_000 });
  if (r.status !== 0) throw new Error(`runPooled: the pool's process exited with ${r.status ?? r.signal}: ${r.stderr}`);
  return JSON.parse(r.stdout) as RunResult[];
}
