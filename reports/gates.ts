/**
 * Gate: one condition of a scenario's `expect` block (k6-style thresholds), checked on every
 * sweep point or on one named point. Parsing is strict: an unknown metric or malformed
 * condition is an InputError naming its path, never a gate that silently passes.
 */
import { InputError } from '../sim/errors';
import { parseLoadExpect } from '../load/gates';
import { checkGateMetric, isLoadMetric } from './gate-metrics';
import type { ParamValue } from '../sim/result';
import type { PointSummary } from './aggregate';
import { isMetricName, type MetricName } from './metrics';
import type { Estimate } from './stats';
import { OPS, compare, type Op } from '../sim/compare';

export const BOUNDS = ['mean', 'ci_low', 'ci_high'] as const;
/** Which part of a point's estimate the gate reads. */
export type Bound = (typeof BOUNDS)[number];

export interface Gate {
  metric: MetricName;
  op: Op;
  value: number;
  on: Bound;
  /** Check only this point (null: every point). */
  point: number | null;
  /** Where the gate was written, e.g. `expect.recall[1]`. */
  path: string;
}

export interface GateResult {
  /** Human-readable condition, e.g. `recall ci_low >= 0.8`. */
  name: string;
  /** Where the gate was written, e.g. `expect.recall[1]` (stable while its bound changes). */
  path: string;
  metric: MetricName;
  op: Op;
  value: number;
  on: Bound;
  point: number;
  params: Record<string, ParamValue>;
  /** The value compared (null: the metric or its interval is undefined at this point). */
  actual: number | null;
  estimate: Estimate;
  passed: boolean;
  message: string;
}

const OBJECT_KEYS = ['op', 'value', 'on', 'point'];
const NUMBER = '[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?';
/** A condition string: `[bound] <op> <number>`; load metrics take no bound. Also the JSON Schema's pattern. */
export function conditionPattern(withBound: boolean): string {
  return `^\\s*${withBound ? `(?:(${BOUNDS.join('|')})\\s+)?` : ''}(${OPS.join('|')})\\s*(${NUMBER})\\s*$`;
}
const EXPRESSION = new RegExp(conditionPattern(true));

/**
 * Parses an `expect` block: `{ metric: condition | condition[] }` where a condition is a
 * string (`">= 0.95"`, `"ci_low >= 0.8"`) or `{ op, value, on?, point? }`.
 * With `pointCount`, a named point must exist.
 */
export function parseExpect(raw: unknown, path = 'expect', options: { pointCount?: number } = {}): Gate[] {
  if (raw === undefined || raw === null) return [];
  if (!isPlainObject(raw)) throw new InputError(`${path} must be an object mapping metric names to conditions, e.g. {"precision": ">= 0.95"}`);
  const gates: Gate[] = [];
  for (const [metric, spec] of Object.entries(raw)) {
    const at = `${path}.${metric}`;
    // Latency and error-rate gates are checked by `invitesim load`; here they are only validated.
    if (isLoadMetric(metric)) {
      parseLoadExpect({ [metric]: spec }, path);
      continue;
    }
    checkGateMetric(metric, at);
    const parsed = parseConditions(spec, at, options.pointCount);
    // worstCaseRecall is checked by `invitesim attack`; here it is only validated.
    if (isMetricName(metric)) gates.push(...parsed.map((c) => ({ metric, ...c })));
  }
  return gates;
}

/** A gate's condition or list of conditions, each with where it was written. */
export function parseConditions(spec: unknown, at: string, pointCount?: number): Array<Omit<Gate, 'metric'>> {
  const conditions = Array.isArray(spec) ? spec.map((c, i) => [c, `${at}[${i}]`] as const) : [[spec, at] as const];
  if (conditions.length === 0) throw new InputError(`${at} must hold at least one condition`);
  return conditions.map(([condition, cpath]) => ({ ...parseCondition(condition, cpath, pointCount), path: cpath }));
}

function parseCondition(c: unknown, path: string, pointCount: number | undefined): Omit<Gate, 'metric' | 'path'> {
  if (typeof c === 'string') {
    const m = EXPRESSION.exec(c);
    if (!m) throw new InputError(`${path} "${c}" is not a condition; write "<op> <number>" or "<bound> <op> <number>", ops: ${OPS.join(' ')}, bounds: ${BOUNDS.join(' ')}`);
    return { op: m[2] as Op, value: Number(m[3]), on: (m[1] as Bound | undefined) ?? 'mean', point: null };
  }
  if (!isPlainObject(c)) throw new InputError(`${path} must be a string like ">= 0.95" or an object {op, value, on?, point?}`);
  const extra = Object.keys(c).filter((k) => !OBJECT_KEYS.includes(k));
  if (extra.length > 0) throw new InputError(`${path}.${extra[0]} is not a condition field; valid: ${OBJECT_KEYS.join(', ')}`);
  if (!OPS.includes(c.op as Op)) throw new InputError(`${path}.op must be one of ${OPS.join(' ')}`);
  if (typeof c.value !== 'number' || !Number.isFinite(c.value)) throw new InputError(`${path}.value must be a finite number`);
  const on = c.on ?? 'mean';
  if (!BOUNDS.includes(on as Bound)) throw new InputError(`${path}.on must be one of ${BOUNDS.join(', ')}`);
  const point = c.point ?? null;
  if (point !== null && !(Number.isInteger(point) && (point as number) >= 0)) throw new InputError(`${path}.point must be a non-negative integer`);
  if (point !== null && pointCount !== undefined && (point as number) >= pointCount) {
    throw new InputError(`${path}.point ${point} does not exist; the sweep has points 0 to ${pointCount - 1}`);
  }
  return { op: c.op as Op, value: c.value, on: on as Bound, point: point as number | null };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One result per gate per point it applies to, in gate order then point order. */
export function checkGates(gates: readonly Gate[], points: readonly PointSummary[]): GateResult[] {
  return gates.flatMap((gate) => {
    if (gate.point === null) return points.map((p) => checkGate(gate, p.point, p));
    return [checkGate(gate, gate.point, points.find((p) => p.point === gate.point))];
  });
}

const NO_ESTIMATE: Estimate = { mean: null, ciLow: null, ciHigh: null, n: 0, method: 'student-t' };

/** A named point absent from the results (an unfinished shard) fails: a gate never passes unchecked. */
function checkGate(gate: Gate, point: number, p: PointSummary | undefined): GateResult {
  const est = p ? p.metrics[gate.metric] : NO_ESTIMATE;
  const actual = gate.on === 'mean' ? est.mean : gate.on === 'ci_low' ? est.ciLow : est.ciHigh;
  const name = `${gate.metric}${gate.on === 'mean' ? '' : ` ${gate.on}`} ${gate.op} ${gate.value}`;
  const passed = actual !== null && compare(actual, gate.op, gate.value);
  const message =
    actual === null
      ? `${gate.metric} ${gate.on} is undefined at point ${point} (${whyNull(est, gate.on, p !== undefined)})`
      : `${gate.metric} ${gate.on} ${fmt(actual)} ${passed ? 'satisfies' : 'fails'} ${gate.op} ${gate.value} (${gate.on === 'mean' ? '' : `mean ${fmt(est.mean)}, `}95% CI ${fmtCi(est)}${est.ciLow === null ? '' : ` ${est.method}`}, n=${est.n})`;
  return { name, path: gate.path, metric: gate.metric, op: gate.op, value: gate.value, on: gate.on, point, params: p?.params ?? {}, actual, estimate: est, passed, message };
}

function whyNull(est: Estimate, on: Bound, present: boolean): string {
  if (!present) return 'the point is not in these results';
  if (est.n === 0) return 'no replicate produced a value: a zero denominator or failed runs';
  return on === 'mean' ? 'no value' : `a confidence interval needs at least 2 replicates with a value, have ${est.n}`;
}

/** Numbers in messages: enough digits to see why a comparison went the way it did. */
export function fmt(x: number | null): string {
  return x === null ? 'null' : String(Number(x.toPrecision(6)));
}

export function fmtCi(est: Estimate): string {
  return est.ciLow === null || est.ciHigh === null ? 'n/a' : `[${fmt(est.ciLow)}, ${fmt(est.ciHigh)}]`;
}
