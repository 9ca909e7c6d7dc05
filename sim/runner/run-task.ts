/**
 * runTask: one task from a resolved scenario: apply the point's parameters, build the
 * world, create the policy (built-in or plugin), run, summarize. What workers execute.
 */
import type { RunResult, Task } from '../result';
import { simulate } from '../simulate';
import { createPolicy } from '../../policies/registry';
import { toSimConfig, withOverrides } from '../../scenarios/load';
import type { Scenario } from '../../scenarios/schema';

export function runTask(scenario: Scenario, task: Task): RunResult {
  const entries = Object.entries(task.params);
  const s = entries.length === 0 ? scenario : withOverrides(scenario, entries, 'sweep');
  return simulate(toSimConfig(s, task.seed), (ctx) => createPolicy(s.policy, ctx));
}
