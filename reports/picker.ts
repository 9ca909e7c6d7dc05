/**
 * The threshold picker's rules ("highest recall with precision ≥ X" across the sweep): a point
 * is a candidate only when its estimates can carry a recommendation. A point whose recall
 * interval reaches 0, or whose precision rests on fewer than MIN_PICKER_POSITIVES restricted
 * members over all its replicates, is skipped with the reason, so the page can say why
 * (precision 1.000 over two restricted members recommends nothing).
 */
import type { PointSummary } from './aggregate';

/** Restricted members (true + false positives, pooled over replicates) a recommendation needs at least. */
export const MIN_PICKER_POSITIVES = 10;

/** Why a point cannot be picked, or null when it can. */
export function pickerSkipReason(p: Pick<PointSummary, 'metrics'>): string | null {
  const { precision, recall, truePositives, falsePositives } = p.metrics;
  if (precision.mean === null || recall.mean === null) return 'precision or recall is undefined (nobody restricted, or no abusive members)';
  if (recall.ciLow === null) return 'recall has no confidence interval';
  if (recall.ciLow <= 0) return "recall's 95% CI includes 0";
  // Wilson estimates carry the pooled count; older results fall back to the mean counts.
  const restricted = precision.trials ?? ((truePositives.mean ?? 0) + (falsePositives.mean ?? 0)) * truePositives.n;
  if (restricted < MIN_PICKER_POSITIVES) return `precision rests on ${restricted} restricted member${restricted === 1 ? '' : 's'} over all replicates (fewer than ${MIN_PICKER_POSITIVES})`;
  return null;
}

/**
 * The point with the highest recall among candidates whose precision (its mean, or its CI's
 * lower bound with `onCiLow`) is at least `minPrecision`; ties go to the higher precision.
 */
export function pickPoint<P extends Pick<PointSummary, 'metrics'>>(points: readonly P[], minPrecision: number, onCiLow = false): P | null {
  let best: P | null = null;
  const precisionOf = (p: P) => (onCiLow ? p.metrics.precision.ciLow : p.metrics.precision.mean);
  for (const p of points) {
    const precision = precisionOf(p);
    const recall = p.metrics.recall.mean;
    if (pickerSkipReason(p) !== null || precision === null || recall === null || precision < minPrecision) continue;
    const bestRecall = best?.metrics.recall.mean ?? -1;
    if (!best || recall > bestRecall || (recall === bestRecall && precision > precisionOf(best)!)) best = p;
  }
  return best;
}
