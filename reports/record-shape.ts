/**
 * recordProblem: whether a journal line read back is a run record every report can use, so a
 * hand-edited or damaged line is named by what is wrong with it instead of crashing
 * aggregation later. Checks the fields reports read, and their types, not their values.
 */
import { ARCHETYPE_METRICS, METRICS, TIMELINE_FIELDS } from './metrics';

type Obj = Record<string, unknown>;

export function recordProblem(r: unknown): string | null {
  if (!isObject(r)) return 'not an object';
  for (const k of ['index', 'point', 'replicate']) if (!Number.isSafeInteger(r[k]) || (r[k] as number) < 0) return `${k} is not a non-negative integer`;
  if (typeof r.seed !== 'string') return 'seed is not a string';
  if (!isObject(r.params) || !Object.values(r.params).every((v) => ['number', 'string', 'boolean'].includes(typeof v))) return 'params is not an object of values';
  if (r.error !== undefined) {
    if (typeof r.error !== 'string') return 'error is not a string';
    return r.result === undefined ? null : 'has both a result and an error';
  }
  if (!isObject(r.result)) return 'has neither a result nor an error';
  return resultProblem(r.result);
}

function resultProblem(res: Obj): string | null {
  if (!isObject(res.metrics)) return 'result.metrics is not an object';
  const metric = [...METRICS, 'events'].find((m) => !isNumberOrNull((res.metrics as Obj)[m]));
  if (metric) return `result.metrics.${metric} is not a number or null`;
  if (!isObject(res.byArchetype)) return 'result.byArchetype is not an object';
  for (const [a, row] of Object.entries(res.byArchetype)) {
    const m = isObject(row) ? ARCHETYPE_METRICS.find((k) => !isNumberOrNull(row[k])) : 'row';
    if (m) return `result.byArchetype.${a}${m === 'row' ? '' : `.${m}`} is not ${m === 'row' ? 'an object' : 'a number or null'}`;
  }
  if (!isObject(res.timeline)) return 'result.timeline is not an object';
  const field = TIMELINE_FIELDS.find((f) => !isNumbers((res.timeline as Obj)[f]));
  if (field) return `result.timeline.${field} is not a list of numbers`;
  if (!isObject(res.hoursToRestrict)) return 'result.hoursToRestrict is not an object';
  for (const [a, h] of Object.entries(res.hoursToRestrict)) {
    if (!isObject(h) || !isNumbers(h.quantiles) || typeof h.restrictedShare !== 'number') return `result.hoursToRestrict.${a} is not {quantiles, restrictedShare}`;
  }
  const curve = res.scoreCurve;
  if (curve !== null && !(isObject(curve) && isNumbers(curve.threshold) && isNumbers(curve.precision) && isNumbers(curve.recall))) {
    return 'result.scoreCurve is not null nor {threshold, precision, recall}';
  }
  if (res.policyStats !== undefined && !(isObject(res.policyStats) && Object.values(res.policyStats).every((v) => typeof v === 'number'))) {
    return 'result.policyStats is not an object of numbers';
  }
  return null;
}

function isObject(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function isNumberOrNull(v: unknown): boolean {
  return v === null || typeof v === 'number';
}

function isNumbers(v: unknown): boolean {
  return Array.isArray(v) && v.every((x) => typeof x === 'number');
}
