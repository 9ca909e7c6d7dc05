/**
 * Estimate: the mean of one metric over a point's replicates with its 95% confidence
 * interval (Student t). Nulls (zero-denominator ratios) are left out, so `n` may be
 * smaller than the replicate count.
 */

export interface Estimate {
  mean: number | null;
  /** null when fewer than two values: one replicate says nothing about spread, and a zero-width interval would claim certainty. */
  ciLow: number | null;
  ciHigh: number | null;
  /** Non-null values the estimate rests on. */
  n: number;
}

/** Two-sided 95% Student t critical values for 1…30 degrees of freedom. */
const T975 = [
  12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.306, 2.2622, 2.2281, 2.201, 2.1788, 2.1604, 2.1448, 2.1314,
  2.1199, 2.1098, 2.1009, 2.093, 2.086, 2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
];

/** The 97.5% quantile of Student's t with `df` degrees of freedom (table to 30, Cornish-Fisher expansion beyond, error < 1e-5). */
export function tQuantile975(df: number): number {
  if (df < 1) throw new RangeError(`tQuantile975: df must be >= 1, got ${df}`);
  if (df <= T975.length) return T975[Math.floor(df) - 1];
  const z = 1.959963984540054;
  const z2 = z * z;
  const g1 = (z2 + 1) * z / 4;
  const g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
  const g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
  const g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}

/**
 * Mean and 95% CI of the non-null values. The interval is clipped to `bounds` (a share
 * cannot exceed 1, a count cannot go below 0); the mean never needs clipping.
 */
export function estimate(values: ReadonlyArray<number | null | undefined>, bounds: readonly [number, number] = [-Infinity, Infinity]): Estimate {
  const xs = values.filter((v): v is number => v !== null && v !== undefined);
  const n = xs.length;
  if (n === 0) return { mean: null, ciLow: null, ciHigh: null, n };
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / n;
  if (n === 1) return { mean, ciLow: null, ciHigh: null, n };
  let ss = 0;
  for (const x of xs) ss += (x - mean) ** 2;
  const half = tQuantile975(n - 1) * Math.sqrt(ss / (n - 1) / n);
  return { mean, ciLow: Math.max(bounds[0], mean - half), ciHigh: Math.min(bounds[1], mean + half), n };
}
