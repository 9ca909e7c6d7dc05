/**
 * Small estimators the fit shares: a bootstrap over members (seeded, so a fit is the same
 * every time), the interval of a median from order statistics, and quantiles.
 */
import seedrandom from 'seedrandom';
import type { Interval } from './answers';

export const Z975 = 1.959963984540054;
const RESAMPLES = 400;

/** `stat` on `items`, with the 2.5% and 97.5% percentiles of it over bootstrap resamples. */
export function bootstrap(items: number[], stat: (pick: (k: number) => number, n: number) => number, seed = 29): Interval {
  const value = stat((k) => items[k], items.length);
  // Alea: seedrandom's fast generator; the resamples are the same on every fit of the same log.
  const rng = seedrandom.alea(`fit-bootstrap-${seed}`);
  const draws: number[] = [];
  const idx = new Int32Array(items.length);
  for (let r = 0; r < RESAMPLES; r++) {
    for (let k = 0; k < idx.length; k++) idx[k] = Math.floor(rng() * items.length);
    draws.push(stat((k) => items[idx[k]], items.length));
  }
  draws.sort((x, y) => x - y);
  return { value, low: Math.min(value, quantileSorted(draws, 0.025)), high: Math.max(value, quantileSorted(draws, 0.975)) };
}

/** Linear-interpolated quantile of sorted values. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  return sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]) - sorted[lo]);
}

/** The median with its distribution-free 95% interval: the order statistics n/2 ∓ 1.96·√n/2. */
export function medianInterval(values: number[]): Interval {
  const s = [...values].sort((x, y) => x - y);
  const n = s.length;
  const half = (Z975 * Math.sqrt(n)) / 2;
  const lo = Math.max(0, Math.floor(n / 2 - half));
  const hi = Math.min(n - 1, Math.ceil(n / 2 + half));
  return { value: quantileSorted(s, 0.5), low: s[lo], high: s[hi] };
}

/**
 * A log-normal spread's σ by moments: a member's count over T days is Poisson at its rate λ,
 * λ = mean × exp(σZ − σ²/2), so Var(count/T) = mean²(e^{σ²} − 1) + E[λ/T]; solved for σ
 * (0 when the rates vary no more than Poisson noise).
 */
export function spreadByMoments(rates: (k: number) => number, days: (k: number) => number, n: number): { mean: number; sigma: number } {
  let sum = 0;
  for (let k = 0; k < n; k++) sum += rates(k);
  const mean = sum / n;
  let ss = 0;
  let noise = 0;
  for (let k = 0; k < n; k++) {
    ss += (rates(k) - mean) ** 2;
    noise += mean / days(k);
  }
  const variance = n > 1 ? ss / (n - 1) : 0;
  const excess = (variance - noise / n) / (mean * mean);
  return { mean, sigma: excess > 0 ? Math.sqrt(Math.log(1 + excess)) : 0 };
}
