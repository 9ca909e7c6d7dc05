/**
 * Run time limits: how long one run may take before its worker is stopped and the run fails
 * alone. `--run-timeout` overrides the scenario's `runTimeout`; without either, the limit is
 * generous but finite, scaled from the run's size: one millisecond per member-day (the engine
 * takes about 1 µs per member-day in process, an HTTP policy some tens), and at least ten minutes.
 */
import { InputError } from '../sim/errors';
import type { Task } from '../sim/result';
import type { Scenario } from '../scenarios/schema';
import { durationMs, formatDurationMs } from '../io/durations';

export const MIN_DEFAULT_RUN_TIMEOUT_MS = 10 * 60_000;
export const RUN_TIMEOUT_MS_PER_MEMBER_DAY = 1;
/** setTimeout's ceiling (about 24.8 days). */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** `500ms`, `90s`, `30m`, `2h` (a plain number is seconds) in ms, or null if it is not one. */
export function parseDurationMs(text: string): number | null {
  const d = durationMs(text);
  if (d === null) return null;
  const ms = Math.round(d);
  return ms >= 1 && ms <= MAX_TIMEOUT_MS ? ms : null;
}

export { formatDurationMs };

/** The default limit of a run of `members` members over `days` days. */
export function defaultRunTimeoutMs(members: number, days: number): number {
  return Math.min(MAX_TIMEOUT_MS, Math.max(MIN_DEFAULT_RUN_TIMEOUT_MS, members * days * RUN_TIMEOUT_MS_PER_MEMBER_DAY));
}

/**
 * Each task's limit in ms: `flag` (`--run-timeout`) if given, else the scenario's runTimeout,
 * else the default for the task's own members and days (a sweep may vary them).
 */
export function runTimeouts(scenario: Scenario, flag: string | undefined): (task: Task) => number {
  const fixed = flag !== undefined ? checked(flag, '--run-timeout') : scenario.runTimeout !== undefined ? checked(scenario.runTimeout, 'runTimeout') : null;
  if (fixed !== null) return () => fixed;
  return (task) => {
    const members = Number(task.params['population.members'] ?? scenario.population.members);
    const days = Number(task.params.days ?? scenario.days);
    return defaultRunTimeoutMs(members, days);
  };
}

function checked(text: string, at: string): number {
  const ms = parseDurationMs(text);
  if (ms === null) throw new InputError(`${at} must be a duration like 90s, 30m or 2h (a plain number is seconds; at most 24 days), got "${text}"`);
  return ms;
}
