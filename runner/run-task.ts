/**
 * runTask: one task from a resolved scenario: apply the point's parameters, build the
 * world, create the policy (built-in or plugin), run, summarize. What workers execute.
 */
import type { RunResult, Task } from '../sim/result';
import { simulateRun, type RunObserver, type Simulation } from '../sim/simulate';
import type { SimConfig } from '../sim/config';
import type { EventLogWriter } from '../io/event-log-writer';
import { openEventLog, writeLabels, type EventLogOptions } from './event-files';
import { createPolicy } from '../policies/registry';
import { toSimConfig, withOverrides } from '../scenarios/load';
import type { Scenario } from '../scenarios/schema';

export function runTask(scenario: Scenario, task: Task): RunResult {
  return simulateTask(scenario, task, false).result;
}

/** runTask, and with `members` the run's member table too. */
export function simulateTask(scenario: Scenario, task: Task, members: boolean, events: EventLogOptions | null = null): Simulation {
  const entries = Object.entries(task.params);
  const s = entries.length === 0 ? scenario : withOverrides(scenario, entries, 'sweep');
  const cfg = toSimConfig(s, task.seed);
  return simulateRun(cfg, (ctx, truth) => createPolicy(s.policy, ctx, truth), members, events ? eventLogObserver(events, task.index, cfg, s) : null);
}

/** Writes the run's event log as it goes and its labels at the end; a run that fails leaves neither. */
function eventLogObserver(events: EventLogOptions, index: number, cfg: SimConfig, s: Scenario): RunObserver {
  let writer: EventLogWriter | null = null;
  return {
    open: (engine) => {
      writer = openEventLog(events, index, engine, cfg, s.name, s.policy);
    },
    close: (engine, ok) => {
      if (!writer) return;
      if (!ok) return writer.abandon();
      writer.close();
      writeLabels(events, index, engine, cfg);
    },
  };
}
