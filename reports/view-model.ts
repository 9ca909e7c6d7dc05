/**
 * PageData: what report.html embeds for its charts: a few estimates for every point (the
 * sweep charts), and the heavy per-point detail (timeline, score curve, time to
 * restriction, archetypes) for as many points as fit a byte budget. Numbers are rounded to
 * 4 significant digits: the page displays 3, and results.json/points.csv keep full precision.
 */
import type { PointSummary } from './aggregate';
import { HEADLINE_METRICS, TIMELINE_FIELDS, metricInfo, type MetricInfo, type MetricName } from './metrics';
import { MIN_PICKER_POSITIVES, pickerSkipReason } from './picker';
import type { ResultsFile } from './results';
import type { Estimate, IntervalMethod } from './stats';

/** Bytes of embedded per-point detail before the page shows a sample of points. */
export const DETAIL_BUDGET = 2_500_000;

type Triple = [number | null, number | null, number | null];

const POINT_METRICS: MetricName[] = [...HEADLINE_METRICS, 'p90HoursToRestrict', 'averagePrecision', 'fallbackDecisions', 'fallbackRate'];

export interface PageData {
  metrics: Partial<Record<MetricName, MetricInfo>>;
  headline: MetricName[];
  /** How each metric's interval is computed (`wilson`: a pooled proportion; `student-t`: the mean of the replicates), from the first point. */
  intervals: Partial<Record<MetricName, IntervalMethod>>;
  /** Swept parameter paths and each one's values in sweep order. */
  params: Array<{ path: string; values: Array<number | string | boolean> }>;
  points: Array<{
    point: number;
    params: PointSummary['params'];
    replicates: number;
    failed: number;
    m: Partial<Record<MetricName, Triple>>;
    /** Why the threshold picker skips this point (reports/picker), or null when it may pick it. */
    skip: string | null;
  }>;
  /** The picker's minimum of restricted members a point's precision must rest on. */
  pickerMinPositives: number;
  /** Decisions made by a policy service's onError fallback, over every run (0: none; a warning otherwise). */
  fallbacks: { decisions: number; runs: number; maxRate: number | null };
  details: PageDetail[];
  /** The point shown first when the picker picks none: the best F1 (ties: lowest index). */
  defaultPoint: number;
  /** The simulated horizon in hours (scenario days × 24), where time-to-restriction axes end. */
  horizonHours: number | null;
}

export interface PageDetail {
  point: number;
  prevalence: number | null;
  archetypes: Array<{ name: string; members: number | null; abusive: number | null; falsePositiveRate: Triple; recall: Triple }>;
  hours: Array<{ name: string; quantiles: number[]; restricted: Triple }>;
  /**
   * The mean score PR curve at each recall level: pooled precision with its Wilson CI, the
   * mean threshold there (null: undefined) and the mean recall the replicates actually reach with its CI.
   */
  score: {
    recall: number[];
    precision: Array<number | null>;
    ciLow: Array<number | null>;
    ciHigh: Array<number | null>;
    threshold: Array<number | null>;
    reached: Triple[];
    ap: Triple;
  } | null;
  timeline: Record<string, number[]> | null;
}

const r4 = (x: number | null): number | null => (x === null ? null : Number(x.toPrecision(4)));
const triple = (e: Estimate): Triple => [r4(e.mean), r4(e.ciLow), r4(e.ciHigh)];

export function pageData(results: ResultsFile): PageData {
  const points = results.points;
  const paths = [...new Set(points.flatMap((p) => Object.keys(p.params)))];
  const defaultPoint = points.reduce<PointSummary | null>((best, p) => ((p.metrics.f1.mean ?? -1) > (best?.metrics.f1.mean ?? -1) ? p : best), null)?.point ?? points[0]?.point ?? 0;
  const fallbackRuns = results.runs.filter((r) => (r.result?.metrics.fallbackDecisions ?? 0) > 0);
  const rates = fallbackRuns.map((r) => r.result!.metrics.fallbackRate).filter((x): x is number => typeof x === 'number');
  return {
    metrics: Object.fromEntries(POINT_METRICS.map((m) => [m, metricInfo(m)])),
    headline: HEADLINE_METRICS,
    intervals: points.length === 0 ? {} : Object.fromEntries(POINT_METRICS.filter((m) => points[0].metrics[m]).map((m) => [m, points[0].metrics[m].method])),
    params: paths.map((path) => ({ path, values: [...new Set(points.map((p) => p.params[path]))].filter((v) => v !== undefined) })),
    points: points.map((p) => ({
      point: p.point,
      params: p.params,
      replicates: p.replicates,
      failed: p.failed,
      m: Object.fromEntries(POINT_METRICS.filter((m) => p.metrics[m]).map((m) => [m, triple(p.metrics[m])])),
      skip: pickerSkipReason(p),
    })),
    pickerMinPositives: MIN_PICKER_POSITIVES,
    fallbacks: {
      decisions: fallbackRuns.reduce((s, r) => s + r.result!.metrics.fallbackDecisions, 0),
      runs: fallbackRuns.length,
      maxRate: rates.length ? r4(Math.max(...rates)) : null,
    },
    details: sampleDetails(points, defaultPoint),
    defaultPoint,
    horizonHours: typeof results.scenario.days === 'number' ? results.scenario.days * 24 : null,
  };
}

/** Every point's detail if it fits the budget, else evenly spaced points plus the default one. */
function sampleDetails(points: readonly PointSummary[], defaultPoint: number): PageDetail[] {
  if (points.length === 0) return [];
  const first = detail(points[0]);
  const fit = Math.max(2, Math.floor(DETAIL_BUDGET / Math.max(1, JSON.stringify(first).length)));
  if (points.length <= fit) return points.map((p, i) => (i === 0 ? first : detail(p)));
  const chosen = new Set<number>([points.length - 1]);
  for (let k = 0; k < fit - 1; k++) chosen.add(Math.round((k * (points.length - 1)) / (fit - 1)));
  const best = points.findIndex((p) => p.point === defaultPoint);
  chosen.add(best);
  return [...chosen].sort((a, b) => a - b).map((i) => detail(points[i]));
}

function detail(p: PointSummary): PageDetail {
  const members = p.metrics.members.mean;
  const abusive = p.metrics.abusiveMembers.mean;
  return {
    point: p.point,
    prevalence: members && abusive !== null ? r4(abusive / members) : null,
    archetypes: Object.entries(p.byArchetype).map(([name, a]) => ({
      name,
      members: r4(a.members.mean),
      abusive: r4(a.abusiveMembers.mean),
      falsePositiveRate: triple(a.falsePositiveRate),
      recall: triple(a.recall),
    })),
    hours: Object.entries(p.hoursToRestrict).map(([name, h]) => ({ name, quantiles: h.quantiles.map((q) => r4(q)!), restricted: triple(h.restrictedShare) })),
    score: p.scoreCurve && {
      recall: p.scoreCurve.recall,
      precision: p.scoreCurve.precision.map(r4),
      ciLow: p.scoreCurve.ciLow.map(r4),
      ciHigh: p.scoreCurve.ciHigh.map(r4),
      threshold: p.scoreCurve.threshold.map((t) => r4(t.mean)),
      reached: p.scoreCurve.reached.map(triple),
      ap: triple(p.metrics.averagePrecision),
    },
    timeline: p.timeline && Object.fromEntries(TIMELINE_FIELDS.map((f) => [f, p.timeline![f].map((x) => r4(x)!)])),
  };
}
