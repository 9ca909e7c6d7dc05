/**
 * runTask: one task from a resolved scenario: apply the point's parameters, build the
 * world, create the policy (built-in or plugin), run, summarize. What workers execute.
 */
import type { RunResult, Task } from '../result';
import { simulateRun, type Simulation } from '../simulate';
import { createPolicy } from '../../policies/registry';
import { toSimConfig, withOverrides } from '../../scenarios/load';
import type { Scenario } from '../../scenarios/schema';

export function runTask(scenario: Scenario, task: Task): RunResult {
  return simulateTask(scenario, task, false).result;
}

/** runTask, and with `members` the run's member table too. */
export function simulateTask(scenario: Scenario, task: Task, members: boolean): Simulation {
  const entries = Object.entries(task.params);
  const s = entries.length === 0 ? scenario : withOverrides(scenario, entries, 'sweep');
  return simulateRun(toSimConfig(s, task.seed), (ctx, truth) => createPolicy(s.policy, ctx, truth), members);
}
