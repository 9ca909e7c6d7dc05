/**
 * Plan: a scenario's tasks: every sweep point times `replicates`, point-major, each with a
 * seed derived from (scenario seed, point, replicate) so replicates differ and any single
 * task can be re-run alone. Under `commonRandomNumbers` the point is left out of the seed
 * (every point's replicate r runs on the first point's seed), so points differ by what they
 * change and not by the world they drew.
 */
import { deriveSeed } from '../sim/rng';
import { InputError } from '../sim/errors';
import type { ParamValue, Task } from '../sim/result';
import type { Scenario } from '../scenarios/schema';
import { checkSweepPoints, sweepAxes, sweepLists, sweepPointCount, sweepPoints } from '../scenarios/sweep';

/** Runs a sweep may plan without `--yes`. */
export const DEFAULT_MAX_RUNS = 10_000;

export function taskSeed(scenarioSeed: number | string, point: number, replicate: number): string {
  return deriveSeed(scenarioSeed, 'point', point, 'rep', replicate);
}

/** Tasks for the given sweep points (each a path → value map; one empty point without a sweep). */
export function planTasks(scenario: Scenario, points: Array<Record<string, ParamValue>> = [{}]): Task[] {
  const tasks: Task[] = [];
  points.forEach((params, point) => {
    for (let replicate = 0; replicate < scenario.replicates; replicate++) {
      tasks.push({ index: tasks.length, point, replicate, seed: taskSeed(scenario.seed, scenario.commonRandomNumbers ? 0 : point, replicate), params });
    }
  });
  return tasks;
}

export interface SweepPlan {
  /** The scenario with its sweep written out as lists (ranges expanded): what results carry. */
  scenario: Scenario;
  tasks: Task[];
}

export interface PlanLimits {
  /** More planned runs than this is refused unless `confirmed` (`--max-runs`, `--yes`). */
  maxRuns: number;
  confirmed: boolean;
}

/**
 * Validates the scenario's sweep and plans every task. The run count is checked before any
 * point is built, so a mistyped range cannot exhaust memory; then every point is validated,
 * so a bad value is bad input (exit 2) rather than a failed run.
 */
export function planSweep(scenario: Scenario, limits: PlanLimits): SweepPlan {
  const axes = sweepAxes(scenario);
  const pointCount = sweepPointCount(axes);
  const runs = pointCount * scenario.replicates;
  if (runs > limits.maxRuns && !limits.confirmed) {
    throw new InputError(
      `sweep: ${pointCount.toLocaleString('en-US')} points × ${scenario.replicates} replicates = ${runs.toLocaleString('en-US')} runs, more than --max-runs ${limits.maxRuns.toLocaleString('en-US')}; pass --yes to run them all, or narrow the sweep`,
    );
  }
  const points = sweepPoints(axes);
  checkSweepPoints(scenario, points);
  const canonical: Scenario = { ...scenario, sweep: sweepLists(axes) };
  return { scenario: canonical, tasks: planTasks(canonical, points) };
}
