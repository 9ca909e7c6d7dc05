/**
 * Estimate: one metric over a point's replicates, with a 95% confidence interval labelled
 * with its method:
 *  - `wilson`: a proportion pooled over replicates (Σ successes / Σ trials, e.g. precision
 *    as Σ true positives / Σ members restricted) with the Wilson score interval, which stays
 *    honest at 0 and 1 where a t interval on the mean collapses to zero width;
 *  - `student-t`: the mean of the replicates' values (counts, hours, average precision)
 *    with Student's t interval (null with fewer than two values).
 * Nulls (zero-denominator ratios) are left out, so `n` may be smaller than the replicate count.
 */
import { jStat } from 'jstat';

export type IntervalMethod = 'student-t' | 'wilson';

export interface Estimate {
  mean: number | null;
  /** null when the method has nothing to go on: no values, or a single value for a t interval. */
  ciLow: number | null;
  ciHigh: number | null;
  /** Replicates the estimate rests on (non-null values). */
  n: number;
  method: IntervalMethod;
  /** Wilson only: the pooled numerator and denominator. */
  successes?: number;
  trials?: number;
}

const Z975 = jStat.normal.inv(0.975, 0, 1);

/** The 97.5% quantile of Student's t with `df` degrees of freedom. */
export function tQuantile975(df: number): number {
  if (!(df > 0)) throw new RangeError(`tQuantile975: df must be > 0, got ${df}`);
  return jStat.studentt.inv(0.975, df);
}

/**
 * Mean and Student t 95% CI of the non-null values. The interval is clipped to `bounds`
 * (a share cannot exceed 1, a count cannot go below 0); the mean never needs clipping.
 */
export function estimate(values: ReadonlyArray<number | null | undefined>, bounds: readonly [number, number] = [-Infinity, Infinity]): Estimate {
  const xs = values.filter((v): v is number => v !== null && v !== undefined);
  const n = xs.length;
  if (n === 0) return { mean: null, ciLow: null, ciHigh: null, n, method: 'student-t' };
  const { mean, variance } = meanVariance(xs);
  if (n === 1) return { mean, ciLow: null, ciHigh: null, n, method: 'student-t' };
  const half = tQuantile975(n - 1) * Math.sqrt(variance / n);
  return { mean, ciLow: Math.max(bounds[0], mean - half), ciHigh: Math.min(bounds[1], mean + half), n, method: 'student-t' };
}

/**
 * The pooled proportion Σ successes / Σ trials over replicates with a defined ratio (trials > 0),
 * and its Wilson score 95% interval.
 */
export function pooledProportion(pairs: ReadonlyArray<readonly [successes: number, trials: number]>): Estimate {
  let successes = 0;
  let trials = 0;
  let n = 0;
  for (const [s, t] of pairs) {
    if (!(t > 0)) continue;
    successes += s;
    trials += t;
    n++;
  }
  if (trials === 0) return { mean: null, ciLow: null, ciHigh: null, n: 0, method: 'wilson', successes: 0, trials: 0 };
  const [ciLow, ciHigh] = wilson(successes, trials);
  return { mean: successes / trials, ciLow, ciHigh, n, method: 'wilson', successes, trials };
}

/** Wilson score interval of `successes` out of `trials` (trials > 0). */
export function wilson(successes: number, trials: number, z = Z975): [number, number] {
  const p = successes / trials;
  const z2 = z * z;
  const denom = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  // At 0 and 1 the bound is exactly the proportion; rounding would leave it a hair inside.
  return [successes === 0 ? 0 : Math.max(0, centre - half), successes === trials ? 1 : Math.min(1, centre + half)];
}

/** Sample mean and (n − 1) variance. */
export function meanVariance(xs: readonly number[]): { mean: number; variance: number } {
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / xs.length;
  let ss = 0;
  for (const x of xs) ss += (x - mean) ** 2;
  return { mean, variance: xs.length > 1 ? ss / (xs.length - 1) : 0 };
}
