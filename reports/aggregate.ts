/**
 * PointSummary: one sweep point's replicates folded into estimates (mean, 95% CI) of every
 * metric, overall and per archetype, plus the mean daily timeline, the mean score PR curve
 * and the mean time-to-restriction distribution per abusive archetype.
 */
import { ARCHETYPES } from '../sim/config';
import type { ParamValue, RunRecord, RunResult, ScoreCurve, TimelineColumns } from '../sim/result';
import { ARCHETYPE_METRICS, METRICS, TIMELINE_FIELDS, metricInfo, type ArchetypeMetricName, type MetricName } from './metrics';
import { estimate, type Estimate } from './stats';

const SHARE: readonly [number, number] = [0, 1];
const NON_NEGATIVE: readonly [number, number] = [0, Infinity];

/** Recall grid the score curves of a point's replicates are averaged on. */
export const RECALL_GRID = Array.from({ length: 51 }, (_, k) => k / 50);

export interface ScoreCurveSummary {
  recall: number[];
  /** Interpolated precision (the best precision at recall ≥ r) averaged over replicates, with its CI. */
  precision: Array<number | null>;
  ciLow: Array<number | null>;
  ciHigh: Array<number | null>;
  /** Replicates whose policy reported a score. */
  runs: number;
}

export interface HoursSummary {
  /**
   * The 21 quantiles (0%, 5%, …, 100%) of hours to restriction, each averaged over the
   * replicates that restricted at least one member of the archetype (empty when none did).
   */
  quantiles: number[];
  /** Share of the archetype's abusive members restricted within the horizon. */
  restrictedShare: Estimate;
}

export interface PointSummary {
  point: number;
  params: Record<string, ParamValue>;
  /** Replicates that finished with a result. */
  replicates: number;
  /** Replicates that failed with an error. */
  failed: number;
  metrics: Record<MetricName, Estimate>;
  byArchetype: Record<string, Record<ArchetypeMetricName, Estimate>>;
  hoursToRestrict: Record<string, HoursSummary>;
  scoreCurve: ScoreCurveSummary | null;
  /** Mean count per day over replicates. */
  timeline: TimelineColumns | null;
}

/** Groups records by point (in point order, replicates in order) and summarizes each. */
export function aggregatePoints(records: readonly RunRecord[]): PointSummary[] {
  const byPoint = new Map<number, RunRecord[]>();
  for (const r of [...records].sort((a, b) => a.point - b.point || a.replicate - b.replicate)) {
    const group = byPoint.get(r.point);
    if (group) group.push(r);
    else byPoint.set(r.point, [r]);
  }
  return [...byPoint.values()].map(summarizePoint);
}

function summarizePoint(records: RunRecord[]): PointSummary {
  const results = records.flatMap((r) => (r.result ? [r.result] : []));
  const metrics = {} as Record<MetricName, Estimate>;
  for (const m of METRICS) metrics[m] = estimate(results.map((r) => r.metrics[m]), boundsOf(m));
  return {
    point: records[0].point,
    params: records[0].params,
    replicates: results.length,
    failed: records.length - results.length,
    metrics,
    byArchetype: byArchetype(results),
    hoursToRestrict: hoursToRestrict(results),
    scoreCurve: scoreCurve(results.flatMap((r) => (r.scoreCurve ? [r.scoreCurve] : []))),
    timeline: meanTimeline(results.map((r) => r.timeline)),
  };
}

function boundsOf(m: MetricName): readonly [number, number] {
  return metricInfo(m).kind === 'share' ? SHARE : NON_NEGATIVE;
}

function byArchetype(results: RunResult[]): PointSummary['byArchetype'] {
  const out: PointSummary['byArchetype'] = {};
  for (const a of ARCHETYPES) {
    const rows = results.flatMap((r) => (r.byArchetype[a] ? [r.byArchetype[a]] : []));
    if (rows.length === 0) continue;
    const est = {} as Record<ArchetypeMetricName, Estimate>;
    for (const m of ARCHETYPE_METRICS) est[m] = estimate(rows.map((row) => row[m]), boundsOf(m));
    out[a] = est;
  }
  return out;
}

function hoursToRestrict(results: RunResult[]): PointSummary['hoursToRestrict'] {
  const out: PointSummary['hoursToRestrict'] = {};
  for (const a of ARCHETYPES) {
    const rows = results.flatMap((r) => (r.hoursToRestrict[a] ? [r.hoursToRestrict[a]] : []));
    if (rows.length === 0) continue;
    // Averaging quantiles (Vincentizing) keeps the shape of each replicate's distribution.
    const full = rows.filter((row) => row.quantiles.length === 21);
    const quantiles = full.length === 0 ? [] : Array.from({ length: 21 }, (_, k) => full.reduce((s, row) => s + row.quantiles[k], 0) / full.length);
    out[a] = { quantiles, restrictedShare: estimate(rows.map((row) => row.restrictedShare), SHARE) };
  }
  return out;
}

function scoreCurve(curves: ScoreCurve[]): ScoreCurveSummary | null {
  if (curves.length === 0) return null;
  const interpolated = curves.map(interpolatedPrecision);
  const summary: ScoreCurveSummary = { recall: RECALL_GRID, precision: [], ciLow: [], ciHigh: [], runs: curves.length };
  RECALL_GRID.forEach((_, k) => {
    const e = estimate(interpolated.map((p) => p[k]), SHARE);
    summary.precision.push(e.mean);
    summary.ciLow.push(e.ciLow);
    summary.ciHigh.push(e.ciHigh);
  });
  return summary;
}

/** Precision at each grid recall r: the best precision among curve points with recall ≥ r (null past the curve's end). */
export function interpolatedPrecision(curve: ScoreCurve): Array<number | null> {
  const n = curve.recall.length;
  const best = new Array<number>(n);
  for (let i = n - 1, max = -Infinity; i >= 0; i--) best[i] = max = Math.max(max, curve.precision[i]);
  const out: Array<number | null> = [];
  let i = 0;
  for (const r of RECALL_GRID) {
    while (i < n && curve.recall[i] < r - 1e-12) i++;
    out.push(i < n ? best[i] : null);
  }
  return out;
}

function meanTimeline(timelines: TimelineColumns[]): TimelineColumns | null {
  if (timelines.length === 0) return null;
  const days = Math.max(...timelines.map((t) => t.day.length));
  const out = {} as TimelineColumns;
  for (const f of TIMELINE_FIELDS) {
    out[f] = Array.from({ length: days }, (_, d) => {
      if (f === 'day') return d;
      let sum = 0;
      let n = 0;
      for (const t of timelines) if (d < t[f].length) (sum += t[f][d], n++);
      return sum / n;
    });
  }
  return out;
}
