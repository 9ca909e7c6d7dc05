/** Checks of the figures a scenario's description quotes, shared by the description-figure tests. */
import { planSweep } from '../../runner/plan';
import type { RunResult } from '../../sim/result';
import { runPooled } from '../helpers/pooled';
import type { Scenario } from '../../scenarios/schema';

/** A quoted figure agrees when the measured value rounds to it: half a unit of its last digit ("0.26" allows ±0.005, "97" ±0.5). */
export function expectQuoted(quoted: string, measured: number): void {
  const decimals = (quoted.split('.')[1] ?? '').length;
  expect(Math.abs(Number(quoted) - measured)).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-9);
}

/** The description's match for `re`, failing the test (not returning null) when the sentence is gone. */
export function quote(description: string, re: RegExp): RegExpMatchArray {
  const m = description.match(re);
  expect(m).not.toBeNull();
  return m!;
}

export type Task = ReturnType<typeof planSweep>['tasks'][number];

/** Runs the scenario's planned tasks that `keep` selects (on two threads), each with its task. */
export function runWhere(s: Scenario, keep: (t: Task) => boolean = () => true): Array<{ task: Task; result: RunResult }> {
  const tasks = planSweep(s, { maxRuns: 1000, confirmed: false }).tasks.filter(keep);
  const results = runPooled(s, tasks);
  return tasks.map((task, i) => ({ task, result: results[i] }));
}
