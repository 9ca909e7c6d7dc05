/**
 * Load gates: the `expect` conditions a load test checks, on its own metrics
 * (`"p99LatencyMs": "< 50"`, `"errorRate": {"op": "<=", "value": 0.001}`). Conditions on
 * simulation metrics (precision, recall, …) belong to `invitesim run` and are skipped here.
 */
import { InputError } from '../sim/errors';
import type { OpenLoopResult } from './driver';
import { OPS, compare, type Op } from '../sim/compare';

/**
 * Metrics of `invitesim load` (the open-loop load test of a policy service). Defined here, with
 * the code that measures them; reports/gate-metrics.ts adds them to the one list every command
 * checks gate names against, so load/ needs nothing from reports/.
 */
export const LOAD_METRICS = ['p50LatencyMs', 'p90LatencyMs', 'p99LatencyMs', 'p999LatencyMs', 'maxLatencyMs', 'errorRate', 'timeoutRate', 'throughput'] as const;
export type LoadMetric = (typeof LOAD_METRICS)[number];

export function isLoadMetric(name: string): name is LoadMetric {
  return (LOAD_METRICS as readonly string[]).includes(name);
}

export interface LoadGate {
  metric: LoadMetric;
  op: Op;
  value: number;
  /** Where it was written, e.g. expect.p99LatencyMs[0]. */
  path: string;
}

export interface LoadGateResult extends LoadGate {
  /** e.g. `p99LatencyMs < 50`. */
  name: string;
  actual: number | null;
  passed: boolean;
  message: string;
}

/** A load test's value of a metric (null: nothing was answered, so there is no latency). */
export function loadMetric(r: OpenLoopResult, m: LoadMetric): number | null {
  switch (m) {
    case 'p50LatencyMs': return r.latencyMs.p50;
    case 'p90LatencyMs': return r.latencyMs.p90;
    case 'p99LatencyMs': return r.latencyMs.p99;
    case 'p999LatencyMs': return r.latencyMs.p999;
    case 'maxLatencyMs': return r.latencyMs.max;
    case 'errorRate': return r.errorRate;
    case 'timeoutRate': return r.timeoutRate;
    case 'throughput': return r.throughput;
  }
}

const NUMBER = '[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?';
const EXPRESSION = new RegExp(`^\\s*(${OPS.join('|')})\\s*(${NUMBER})\\s*$`);

/**
 * The load conditions of an `expect` block; a malformed one is an InputError naming its path.
 * Other metrics are skipped, not checked: the whole block's names are checked against every
 * gate metric by reports' parseExpect, which `load`, `run` and `validate` all call first.
 */
export function parseLoadExpect(raw: unknown, path = 'expect'): LoadGate[] {
  if (raw === undefined || raw === null) return [];
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new InputError(`${path} must be an object mapping metric names to conditions, e.g. {"p99LatencyMs": "< 50"}`);
  const gates: LoadGate[] = [];
  for (const [metric, spec] of Object.entries(raw)) {
    if (!isLoadMetric(metric)) continue;
    const list = Array.isArray(spec) ? spec.map((c, i) => [c, `${path}.${metric}[${i}]`] as const) : [[spec, `${path}.${metric}`] as const];
    for (const [c, at] of list) gates.push({ metric, ...parseCondition(c, at), path: at });
  }
  return gates;
}

function parseCondition(c: unknown, at: string): { op: Op; value: number } {
  if (typeof c === 'string') {
    const m = EXPRESSION.exec(c);
    if (!m) throw new InputError(`${at} "${c}" is not a condition; write "<op> <number>" with op one of ${OPS.join(' ')}`);
    return { op: m[1] as Op, value: Number(m[2]) };
  }
  const o = c as { op?: unknown; value?: unknown } | null;
  if (o === null || typeof o !== 'object' || Object.keys(o).some((k) => k !== 'op' && k !== 'value')) {
    throw new InputError(`${at} must be a string like "< 50" or an object {op, value}`);
  }
  if (!OPS.includes(o.op as Op)) throw new InputError(`${at}.op must be one of ${OPS.join(' ')}`);
  if (typeof o.value !== 'number' || !Number.isFinite(o.value)) throw new InputError(`${at}.value must be a finite number`);
  return { op: o.op as Op, value: o.value };
}

/**
 * Gates a load test applies when its scenario sets none, so a test that failed fails CI (as
 * k6 and Artillery users expect): under 1% errors and under 1% timeouts. `--no-default-gates` turns them off.
 */
export const DEFAULT_LOAD_GATES: readonly LoadGate[] = [
  { metric: 'errorRate', op: '<', value: 0.01, path: 'default gate (--no-default-gates turns it off)' },
  { metric: 'timeoutRate', op: '<', value: 0.01, path: 'default gate (--no-default-gates turns it off)' },
];

/** The scenario's load gates, or the defaults when it has none and they are wanted. */
export function loadGatesOf(raw: unknown, useDefaults: boolean): LoadGate[] {
  const gates = parseLoadExpect(raw);
  return gates.length === 0 && useDefaults ? [...DEFAULT_LOAD_GATES] : gates;
}

export function checkLoadGates(gates: readonly LoadGate[], r: OpenLoopResult): LoadGateResult[] {
  return gates.map((g) => {
    const actual = loadMetric(r, g.metric);
    const name = `${g.metric} ${g.op} ${g.value}`;
    const passed = actual !== null && compare(actual, g.op, g.value);
    const message = actual === null ? `${g.metric} is undefined: no request was answered` : `${g.metric} ${+actual.toPrecision(6)} ${passed ? 'satisfies' : 'fails'} ${g.op} ${g.value}`;
    return { ...g, name, actual, passed, message };
  });
}
