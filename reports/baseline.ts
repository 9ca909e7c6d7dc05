/**
 * Baseline comparison: every directional metric of every point against an earlier
 * results.json. Points match by their swept parameter values, so reordering a sweep or
 * adding points does not misalign them. Tolerance is absolute for shares (precision may drop
 * by 0.01) and relative for counts and hours (abusiveDelivered may grow by 1%).
 */
import { InputError } from '../sim/errors';
import type { ParamValue } from '../sim/result';
import type { PointSummary } from './aggregate';
import { fmt, fmtCi } from './gates';
import { METRICS, metricInfo, type MetricName } from './metrics';
import type { Estimate } from './stats';

export interface Regression {
  metric: MetricName;
  point: number;
  params: Record<string, ParamValue>;
  /** Baseline mean and current mean (null: undefined, e.g. nobody restricted). */
  old: number | null;
  new: number | null;
  oldEstimate: Estimate;
  newEstimate: Estimate;
  message: string;
}

export interface BaselineComparison {
  tolerance: number;
  /** Current points that had a baseline point with the same parameters. */
  compared: number[];
  /** Current points with no baseline counterpart (not a failure: the sweep grew). */
  unmatched: number[];
  regressions: Regression[];
}

export function compareBaseline(points: readonly PointSummary[], baseline: { points: readonly PointSummary[] }, tolerance: number): BaselineComparison {
  if (!(Number.isFinite(tolerance) && tolerance >= 0)) throw new InputError(`--tolerance must be a non-negative number, got ${tolerance}`);
  const old = new Map(baseline.points.map((p) => [paramsKey(p.params), p]));
  const out: BaselineComparison = { tolerance, compared: [], unmatched: [], regressions: [] };
  for (const p of points) {
    const b = old.get(paramsKey(p.params));
    if (!b) {
      out.unmatched.push(p.point);
      continue;
    }
    out.compared.push(p.point);
    for (const m of METRICS) {
      const r = regression(m, p, b.metrics[m], p.metrics[m], tolerance);
      if (r) out.regressions.push(r);
    }
  }
  return out;
}

function regression(metric: MetricName, p: PointSummary, was: Estimate, now: Estimate, tolerance: number): Regression | null {
  const { direction, kind } = metricInfo(metric);
  // A metric missing from an older baseline (undefined) cannot regress.
  if (direction === 'neutral' || !was || was.mean === null) return null;
  const allowed = kind === 'share' ? tolerance : tolerance * Math.abs(was.mean);
  const worse =
    now.mean === null ||
    (direction === 'higher' ? now.mean < was.mean - allowed : now.mean > was.mean + allowed);
  if (!worse) return null;
  const where = `point ${p.point}${describeParams(p.params)}`;
  const message =
    now.mean === null
      ? `${metric} at ${where} is now undefined (baseline ${fmt(was.mean)}, 95% CI ${fmtCi(was)})`
      : `${metric} at ${where} ${direction === 'higher' ? 'fell' : 'rose'} from ${fmt(was.mean)} (95% CI ${fmtCi(was)}) to ${fmt(now.mean)} (95% CI ${fmtCi(now)}); tolerance ${kind === 'share' ? tolerance : `${tolerance * 100}%`}`;
  return { metric, point: p.point, params: p.params, old: was.mean, new: now.mean, oldEstimate: was, newEstimate: now, message };
}

function paramsKey(params: Record<string, ParamValue>): string {
  return JSON.stringify(Object.keys(params).sort().map((k) => [k, params[k]]));
}

export function describeParams(params: Record<string, ParamValue>): string {
  const keys = Object.keys(params);
  return keys.length === 0 ? '' : ` (${keys.map((k) => `${k}=${params[k]}`).join(', ')})`;
}
