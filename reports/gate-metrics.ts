/**
 * The one list of metrics a scenario's `expect` block may gate on: the run metrics (reports/
 * metrics), the load-test metrics and the attack metrics. `run`, `load` and `validate` all check gate names
 * against it, and the JSON Schema's enum is built from it, so a misspelled gate
 * (`p99LatencyMS`, `errorrate`) is bad input everywhere rather than a gate nobody checks.
 */
import { InputError } from '../sim/errors';
import { LOAD_METRICS, isLoadMetric, type LoadMetric } from '../load/gates';
import { METRICS } from './metrics';

// The load metrics are defined by load/, which measures them (and imports nothing from reports/).
export { LOAD_METRICS, isLoadMetric, type LoadMetric };

/** Metrics of `invitesim attack` (the red team's search): the policy's recall against the most harmful strategy found. */
export const ATTACK_METRICS = ['worstCaseRecall'] as const;
export type AttackMetric = (typeof ATTACK_METRICS)[number];

/** Every name a gate may use: run metrics, then load metrics, then attack metrics. */
export const GATE_METRICS: readonly string[] = [...METRICS, ...LOAD_METRICS, ...ATTACK_METRICS];

export function isAttackMetric(name: string): name is AttackMetric {
  return (ATTACK_METRICS as readonly string[]).includes(name);
}

/** Throws the InputError for a gate on `name` at `at` unless it is a gate metric. */
export function checkGateMetric(name: string, at: string): void {
  if (GATE_METRICS.includes(name)) return;
  const near = GATE_METRICS.find((m) => m.toLowerCase() === name.toLowerCase());
  throw new InputError(
    `${at} is not a metric${near ? ` (did you mean ${near}?)` : ''}; valid: ${METRICS.join(', ')}; for invitesim load: ${LOAD_METRICS.join(', ')}; for invitesim attack: ${ATTACK_METRICS.join(', ')}`,
  );
}
