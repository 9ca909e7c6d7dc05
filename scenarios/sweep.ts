/**
 * Sweep: a scenario's `sweep` block, parameter paths mapped to a list of values or a
 * `{from, to, step}` range, checked against the resolved scenario and expanded into points:
 * every combination (Cartesian, as NetLogo BehaviorSpace does), the first path varying
 * slowest. Sizes are known before any point is built, so a runaway grid is refused cheaply.
 */
import { z } from 'zod';
import { InputError } from '../sim/errors';
import type { ParamValue } from '../sim/result';
import { hasPath, withOverrides } from './load';
import { describeIssues, type Scenario } from './schema';

const valueSchema = z.union([z.number(), z.string(), z.boolean()], { error: 'must be a number, a string or a boolean' });
const listSchema = z.array(valueSchema).min(1, 'is an empty value list; give at least one value');
const rangeSchema = z.strictObject(
  { from: z.number().finite(), to: z.number().finite(), step: z.number().finite() },
  { error: 'must be a list of values or a range {"from": a, "to": b, "step": s}' },
);

/** The `sweep` field as scenario files write it (used for the JSON Schema). */
export const sweepSchema = z
  .record(z.string(), z.union([listSchema, rangeSchema]))
  .describe('Parameter paths of the resolved scenario (e.g. "policy.params.cap") mapped to a list of values or a {from, to, step} range; every combination is a point.');

/** One swept path: its values, produced on demand so a huge range costs nothing until used. */
export interface SweepAxis {
  path: string;
  size: number;
  value(k: number): ParamValue;
}

/** Fields whose sweeping would not change a run, or would change the plan itself. */
const NOT_SWEEPABLE = ['$schema', 'name', 'description', 'sources', 'seed', 'replicates', 'commonRandomNumbers', 'sweep', 'expect', 'runTimeout', 'attack'];

/** Decimal digits kept of a range value, so 0.1 + 2·0.1 is 0.3 and not 0.30000000000000004. */
const RANGE_DIGITS = 12;

/** Validates `scenario.sweep` (paths and value shapes); an InputError names the first problem. */
export function sweepAxes(scenario: Scenario): SweepAxis[] {
  const sweep: unknown = scenario.sweep;
  if (sweep === null || typeof sweep !== 'object' || Array.isArray(sweep)) {
    throw new InputError('sweep: must be an object mapping parameter paths to value lists, e.g. {"policy.params.cap": [25, 50, 100]}');
  }
  return Object.entries(sweep).map(([p, raw]) => {
    checkPath(scenario, p);
    return Array.isArray(raw) ? listAxis(p, raw) : rangeAxis(p, raw);
  });
}

/** Points in the grid: the product of the axes' sizes (1 without a sweep). */
export function sweepPointCount(axes: readonly SweepAxis[]): number {
  return axes.reduce((n, a) => n * a.size, 1);
}

/** Every combination of the axes' values, the first axis varying slowest. */
export function sweepPoints(axes: readonly SweepAxis[]): Array<Record<string, ParamValue>> {
  const points: Array<Record<string, ParamValue>> = [];
  const count = sweepPointCount(axes);
  for (let i = 0; i < count; i++) {
    const point: Record<string, ParamValue> = {};
    let rest = i;
    for (let a = axes.length - 1; a >= 0; a--) {
      point[axes[a].path] = axes[a].value(rest % axes[a].size);
      rest = Math.floor(rest / axes[a].size);
    }
    // Keys in the sweep's own order, whatever order the loop filled them.
    points.push(Object.fromEntries(axes.map((a) => [a.path, point[a.path]])));
  }
  return points;
}

/** The sweep with every range written out as its list: the canonical form results carry. */
export function sweepLists(axes: readonly SweepAxis[]): Record<string, ParamValue[]> {
  return Object.fromEntries(axes.map((a) => [a.path, Array.from({ length: a.size }, (_, k) => a.value(k))]));
}

/**
 * Applies each point to the scenario and validates the result, so a value that is out of
 * range, or a combination that breaks a rule (shares summing to 1), is bad input before any
 * run starts rather than a failed run after.
 */
export function checkSweepPoints(scenario: Scenario, points: ReadonlyArray<Record<string, ParamValue>>): void {
  points.forEach((params, i) => {
    const entries = Object.entries(params);
    if (entries.length === 0) return;
    try {
      withOverrides(scenario, entries, 'sweep');
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      throw new InputError(`sweep point ${i} (${entries.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}): ${e.message}`);
    }
  });
}

function checkPath(scenario: Scenario, p: string): void {
  const root = p.split('.')[0];
  if (NOT_SWEEPABLE.includes(root)) {
    throw new InputError(`sweep.${p}: "${root}" cannot be swept (it names the scenario or shapes the plan: seeds come from the scenario seed, point and replicate)`);
  }
  if (hasPath(scenario, p)) return;
  const keys = p.split('.');
  let at: unknown = scenario;
  let known = '';
  for (const k of keys) {
    if (at === null || typeof at !== 'object' || !Object.prototype.hasOwnProperty.call(at, k)) break;
    at = (at as Record<string, unknown>)[k];
    known = known ? `${known}.${k}` : k;
  }
  const valid = at !== null && typeof at === 'object' ? Object.keys(at).join(', ') : '';
  throw new InputError(`sweep.${p}: no such scenario field${known ? ` under "${known}"` : ''}${valid ? `; valid: ${valid}` : ''}`);
}

function listAxis(p: string, raw: unknown[]): SweepAxis {
  const r = listSchema.safeParse(raw);
  if (!r.success) throw new InputError(describeIssues(r.error, raw, `sweep.${p}`));
  const values = r.data;
  return { path: p, size: values.length, value: (k) => values[k] };
}

function rangeAxis(p: string, raw: unknown): SweepAxis {
  const r = rangeSchema.safeParse(raw);
  if (!r.success) throw new InputError(describeIssues(r.error, raw, `sweep.${p}`));
  const { from, to, step } = r.data;
  const at = `sweep.${p}`;
  if (step === 0) throw new InputError(`${at}: step must not be 0`);
  const steps = (to - from) / step;
  if (steps < 0) throw new InputError(`${at}: step ${step} goes away from "to" (${from} → ${to}); use step ${-step}`);
  const whole = Math.round(steps);
  if (Math.abs(steps - whole) > 1e-9 * Math.max(1, whole)) {
    const below = from + Math.floor(steps) * step;
    throw new InputError(
      `${at}: {from: ${from}, to: ${to}, step: ${step}} never reaches ${to} (it goes ${round(below)}, then ${round(below + step)}); pick a step that divides to − from`,
    );
  }
  return { path: p, size: whole + 1, value: (k) => (k === whole ? to : round(from + k * step)) };
}

function round(x: number): number {
  return Number(x.toPrecision(RANGE_DIGITS));
}
