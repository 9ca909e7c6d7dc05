/**
 * Plan: a scenario's tasks: every sweep point times `replicates`, point-major, each with a
 * seed derived from (scenario seed, point, replicate) so replicates differ and any single
 * task can be re-run alone.
 */
import { deriveSeed } from '../rng';
import type { ParamValue, Task } from '../result';
import type { Scenario } from '../../scenarios/schema';

export function taskSeed(scenarioSeed: number | string, point: number, replicate: number): string {
  return deriveSeed(scenarioSeed, 'point', point, 'rep', replicate);
}

/** Tasks for the given sweep points (each a path → value map; one empty point without a sweep). */
export function planTasks(scenario: Scenario, points: Array<Record<string, ParamValue>> = [{}]): Task[] {
  const tasks: Task[] = [];
  points.forEach((params, point) => {
    for (let replicate = 0; replicate < scenario.replicates; replicate++) {
      tasks.push({ index: tasks.length, point, replicate, seed: taskSeed(scenario.seed, point, replicate), params });
    }
  });
  return tasks;
}
