/** Display formatting shared by summary.md and the HTML's server-rendered parts (CSV and JSON keep full precision). */
import { metricInfo, type MetricName } from './metrics';
import type { Estimate } from './stats';

export function formatValue(metric: MetricName, x: number | null): string {
  if (x === null) return '–';
  const kind = metricInfo(metric).kind;
  // Small shares (false-positive rates) keep two significant digits instead of rounding to 0.000.
  if (kind === 'share') return x !== 0 && Math.abs(x) < 0.01 ? String(Number(x.toPrecision(2))) : x.toFixed(3);
  if (kind === 'hours') return x.toFixed(1);
  return Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : String(Number(x.toPrecision(3)));
}

/** `0.953 [0.941, 0.965]`, or the mean alone when there is no interval. */
export function formatEstimate(metric: MetricName, e: Estimate): string {
  const mean = formatValue(metric, e.mean);
  return e.ciLow === null || e.ciHigh === null ? mean : `${mean} [${formatValue(metric, e.ciLow)}, ${formatValue(metric, e.ciHigh)}]`;
}
