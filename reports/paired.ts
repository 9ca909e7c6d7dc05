/**
 * Paired differences between the points of a sweep run on common random numbers (the
 * scenario's `commonRandomNumbers`): replicate r of every point runs on the same seed, so on
 * the same world, with the same members of the same archetypes, and two points' runs on one
 * seed differ by what the points change and by where their runs' draws part ways. For every
 * point after point 0 and every directional metric: the mean over the seeds both points ran
 * of (this point − point 0), with Student's t 95% interval on those differences, and
 * beside it the Welch interval the same runs would give if they were not paired, which is what
 * the pairing bought. Runs pair by seed alone, so a sweep whose points have seeds of their own
 * pairs nothing.
 */
import type { ParamValue, RunRecord } from '../sim/result';
import { METRICS, metricInfo, type MetricName } from './metrics';
import { meanVariance, tQuantile975 } from './stats';

export const PAIRED_METHOD = 'paired Student t on the per-seed differences against point 0';

export interface PairedDifference {
  point: number;
  params: Record<string, ParamValue>;
  metric: MetricName;
  /** Seeds on which both points ran and the metric is defined in both. */
  pairs: number;
  /** Mean of (this point − point 0); null without pairs. */
  mean: number | null;
  /** The paired 95% interval; null with fewer than two pairs. */
  ciLow: number | null;
  ciHigh: number | null;
  /** The Welch 95% interval of the same difference, the runs taken as unpaired; null with fewer than two pairs. */
  unpairedCiLow: number | null;
  unpairedCiHigh: number | null;
}

/** Every point after point 0 against it, for each directional metric; empty when no other point shares one of its seeds. */
export function pairedDifferences(runs: readonly RunRecord[]): PairedDifference[] {
  const done = runs.filter((r) => r.result);
  const reference = new Map(done.filter((r) => r.point === 0).map((r) => [r.seed, r]));
  if (reference.size === 0) return [];
  const points = [...new Set(done.map((r) => r.point))].filter((p) => p !== 0).sort((a, b) => a - b);
  const out: PairedDifference[] = [];
  for (const point of points) {
    const mine = done.filter((r) => r.point === point && reference.has(r.seed)).sort((a, b) => a.replicate - b.replicate);
    if (mine.length === 0) continue;
    for (const metric of METRICS) {
      if (metricInfo(metric).direction === 'neutral') continue;
      const now: number[] = [];
      const was: number[] = [];
      for (const r of mine) {
        const a = r.result!.metrics[metric];
        const b = reference.get(r.seed)!.result!.metrics[metric];
        if (typeof a === 'number' && typeof b === 'number') (now.push(a), was.push(b));
      }
      out.push({ point, params: mine[0].params, metric, pairs: now.length, ...intervals(now, was) });
    }
  }
  return out;
}

function intervals(now: number[], was: number[]): Pick<PairedDifference, 'mean' | 'ciLow' | 'ciHigh' | 'unpairedCiLow' | 'unpairedCiHigh'> {
  const n = now.length;
  if (n === 0) return { mean: null, ciLow: null, ciHigh: null, unpairedCiLow: null, unpairedCiHigh: null };
  const d = meanVariance(now.map((x, i) => x - was[i]));
  if (n === 1) return { mean: d.mean, ciLow: null, ciHigh: null, unpairedCiLow: null, unpairedCiHigh: null };
  const half = tQuantile975(n - 1) * Math.sqrt(d.variance / n);
  const a = meanVariance(now).variance / n;
  const b = meanVariance(was).variance / n;
  // Welch–Satterthwaite degrees of freedom; two sets without spread give a zero-width interval.
  const df = a + b === 0 ? n - 1 : (a + b) ** 2 / (a ** 2 / (n - 1) + b ** 2 / (n - 1));
  const unpaired = tQuantile975(df) * Math.sqrt(a + b);
  return { mean: d.mean, ciLow: d.mean - half, ciHigh: d.mean + half, unpairedCiLow: d.mean - unpaired, unpairedCiHigh: d.mean + unpaired };
}

/** A row of the paired table: a point, its parameters, the seeds it shares with point 0 and its difference by metric. */
export interface PairedRow {
  point: number;
  params: Record<string, ParamValue>;
  pairs: number;
  by: Map<MetricName, PairedDifference>;
}

/** The rows summary.md and report.html show, one a point; `metrics` those of the given ones it has. */
export function pairedRows(paired: readonly PairedDifference[], metrics: readonly MetricName[]): { metrics: MetricName[]; rows: PairedRow[] } {
  const shown = metrics.filter((m) => paired.some((d) => d.metric === m));
  const rows = new Map<number, PairedRow>();
  for (const d of paired) {
    let row = rows.get(d.point);
    if (!row) rows.set(d.point, (row = { point: d.point, params: d.params, pairs: d.pairs, by: new Map() }));
    // Seeds both points ran: a metric undefined in some runs has fewer pairs of its own.
    row.pairs = Math.max(row.pairs, d.pairs);
    row.by.set(d.metric, d);
  }
  return { metrics: shown, rows: [...rows.values()] };
}
