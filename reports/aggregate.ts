/**
 * PointSummary: one sweep point's replicates folded into estimates (95% CI, labelled with
 * its method) of every metric, overall and per archetype, plus the mean daily timeline, the
 * mean score PR curve and the mean time-to-restriction distribution per abusive archetype.
 */
import { ARCHETYPES } from '../sim/config';
import { RECALL_LEVELS, type ParamValue, type RunRecord, type RunResult, type ScoreCurve, type TimelineColumns } from '../sim/result';
import { ARCHETYPE_METRICS, METRICS, TIMELINE_FIELDS, metricInfo, type ArchetypeMetricName, type MetricName } from './metrics';
import { estimate, pooledProportion, type Estimate } from './stats';

const SHARE: readonly [number, number] = [0, 1];
const NON_NEGATIVE: readonly [number, number] = [0, Infinity];

/** Recall levels the score curves of a point's replicates are averaged at: 0, 0.02, …, 1. */
export const RECALL_GRID = Array.from({ length: RECALL_LEVELS + 1 }, (_, k) => k / RECALL_LEVELS);

/**
 * The point's score PR curve at each recall level r of RECALL_GRID, from every replicate's
 * exact operating point there (the highest threshold whose recall reaches r; sim/metrics):
 * precision pooled over replicates (Σ tp / Σ (tp + fp), Wilson interval), the mean threshold
 * and the mean recall actually reached (≥ r), with t intervals.
 */
export interface ScoreCurveSummary {
  recall: number[];
  precision: Array<number | null>;
  ciLow: Array<number | null>;
  ciHigh: Array<number | null>;
  /** Mean score threshold of the operating points (null: a replicate's threshold is -Infinity). */
  threshold: Estimate[];
  /** Mean recall reached at the operating points. */
  reached: Estimate[];
  /** Mean true and false positives at the operating points. */
  tp: Array<number | null>;
  fp: Array<number | null>;
  /** How the precision interval is computed. */
  method: 'wilson';
  /** Replicates whose policy reported a score (and had abusive members). */
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
  for (const m of METRICS) metrics[m] = estimateMetric(m, results.map((r) => r.metrics));
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

type Row = Partial<Record<MetricName, number | null>>;

/** A metric over replicates: pooled with a Wilson interval when it is a proportion of counts (metricInfo.pooled), else the mean with a t interval. */
export function estimateMetric(m: MetricName, rows: readonly Row[]): Estimate {
  const pooled = metricInfo(m).pooled;
  // Rows from before a count existed (an old baseline) fall back to the mean.
  if (pooled && rows.every((row) => [pooled.successes, ...pooled.trials].every((c) => typeof row[c] === 'number'))) {
    return pooledProportion(rows.map((row) => [row[pooled.successes] as number, pooled.trials.reduce((sum, c) => sum + (row[c] as number), 0)]));
  }
  return estimate(rows.map((row) => row[m]), boundsOf(m));
}

function byArchetype(results: RunResult[]): PointSummary['byArchetype'] {
  const out: PointSummary['byArchetype'] = {};
  for (const a of ARCHETYPES) {
    const rows = results.flatMap((r) => (r.byArchetype[a] ? [r.byArchetype[a]] : []));
    if (rows.length === 0) continue;
    const est = {} as Record<ArchetypeMetricName, Estimate>;
    for (const m of ARCHETYPE_METRICS) est[m] = estimateMetric(m, rows);
    out[a] = est;
  }
  return out;
}

function hoursToRestrict(results: RunResult[]): PointSummary['hoursToRestrict'] {
  const out: PointSummary['hoursToRestrict'] = {};
  for (const a of ARCHETYPES) {
    const runs = results.filter((r) => r.hoursToRestrict[a]);
    const rows = runs.map((r) => r.hoursToRestrict[a]!);
    if (rows.length === 0) continue;
    // Averaging quantiles (Vincentizing) keeps the shape of each replicate's distribution.
    const full = rows.filter((row) => row.quantiles.length === 21);
    const quantiles = full.length === 0 ? [] : Array.from({ length: 21 }, (_, k) => full.reduce((s, row) => s + row.quantiles[k], 0) / full.length);
    // The restricted share is the archetype's recall: pooled from its counts where they are kept.
    const counts = runs.map((r) => r.byArchetype[a]);
    const restrictedShare = counts.every((c) => c !== undefined)
      ? estimateMetric('recall', counts as Row[])
      : estimate(rows.map((row) => row.restrictedShare), SHARE);
    out[a] = { quantiles, restrictedShare };
  }
  return out;
}

function scoreCurve(curves: ScoreCurve[]): ScoreCurveSummary | null {
  // Curves without levels come from results written before they were kept: no exact mean to give.
  const levels = curves.flatMap((c) => (c.levels && c.levels.tp.length === RECALL_GRID.length ? [c.levels] : []));
  if (levels.length === 0) return null;
  const summary: ScoreCurveSummary = { recall: RECALL_GRID, precision: [], ciLow: [], ciHigh: [], threshold: [], reached: [], tp: [], fp: [], method: 'wilson', runs: levels.length };
  RECALL_GRID.forEach((_, k) => {
    const p = pooledProportion(levels.map((l) => [l.tp[k], l.tp[k] + l.fp[k]]));
    summary.precision.push(p.mean);
    summary.ciLow.push(p.ciLow);
    summary.ciHigh.push(p.ciHigh);
    const thresholds = levels.map((l) => l.threshold[k]);
    summary.threshold.push(thresholds.includes(null) ? estimate([]) : estimate(thresholds));
    summary.reached.push(estimate(levels.map((l) => l.recall[k]), SHARE));
    summary.tp.push(levels.reduce((s, l) => s + l.tp[k], 0) / levels.length);
    summary.fp.push(levels.reduce((s, l) => s + l.fp[k], 0) / levels.length);
  });
  return summary;
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
