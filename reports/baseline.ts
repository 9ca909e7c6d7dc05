/**
 * Baseline comparison: every directional metric of every point against an earlier
 * results.json, as a significance test on the replicates so that a rerun with another seed
 * does not cry wolf. A regression is a change that is all of:
 *  - worse: in the direction metricInfo counts as worse (precision down, FPR up, …);
 *  - significant: a one-sided Welch t test on the two sets of replicate values, with the
 *    family-wise error over every test of the comparison (metrics × points) held at `alpha`
 *    by Holm's step-down procedure;
 *  - practical: beyond `tolerance`, absolute for shares (precision may drop by 0.01) and
 *    relative for counts and hours (abusiveDelivered may grow by 1%).
 * A metric defined in every replicate before and in none now (nobody restricted any more) is a
 * regression too. Points match by their swept parameter values, so reordering a sweep or
 * adding points does not misalign them. Metrics are taken from the catalogue, so a new
 * metric is compared with no change here.
 */
import { jStat } from 'jstat';
import { InputError } from '../sim/errors';
import type { ParamValue, RunRecord } from '../sim/result';
import type { PointSummary } from './aggregate';
import { fmt, fmtCi } from './gates';
import { METRICS, metricInfo, type MetricName } from './metrics';
import { meanVariance, type Estimate } from './stats';

/** The test every comparison runs, as reports name it. */
export const BASELINE_TEST = 'one-sided Welch t test per metric and point, Holm-adjusted';
export const DEFAULT_ALPHA = 0.05;

export interface WelchTest {
  t: number;
  df: number;
  /** One-sided p-value for "worse". */
  p: number;
  /** Holm-adjusted p-value over every test of the comparison. */
  adjusted: number;
}

export interface Regression {
  metric: MetricName;
  point: number;
  params: Record<string, ParamValue>;
  /** Baseline and current estimates (null: undefined, e.g. nobody restricted). */
  old: number | null;
  new: number | null;
  oldEstimate: Estimate;
  newEstimate: Estimate;
  /** null for a metric that became undefined. */
  test: WelchTest | null;
  message: string;
}

export interface BaselineComparison {
  tolerance: number;
  /** Family-wise error level of the tests. */
  alpha: number;
  test: string;
  /** Tests run (directional metrics × compared points with at least two values on each side). */
  tests: number;
  /** Metric × point pairs that could not be tested (fewer than two replicate values on a side). */
  untested: number;
  /** Current points that had a baseline point with the same parameters. */
  compared: number[];
  /** Current points with no baseline counterpart (not a failure: the sweep grew). */
  unmatched: number[];
  regressions: Regression[];
}

type Side = Pick<{ points: readonly PointSummary[]; runs: readonly RunRecord[] }, 'points' | 'runs'>;

interface Candidate {
  metric: MetricName;
  now: PointSummary;
  was: PointSummary;
  test: Omit<WelchTest, 'adjusted'> | null;
}

export function compareBaseline(current: Side, baseline: Side, tolerance: number, alpha = DEFAULT_ALPHA): BaselineComparison {
  if (!(Number.isFinite(tolerance) && tolerance >= 0)) throw new InputError(`--tolerance must be a non-negative number, got ${tolerance}`);
  if (!(alpha > 0 && alpha < 1)) throw new InputError(`--alpha must be a level between 0 and 1, e.g. 0.05, got ${alpha}`);
  const old = new Map(baseline.points.map((p) => [paramsKey(p.params), p]));
  const oldRuns = runsByParams(baseline.runs);
  const newRuns = runsByParams(current.runs);
  const out: BaselineComparison = { tolerance, alpha, test: BASELINE_TEST, tests: 0, untested: 0, compared: [], unmatched: [], regressions: [] };
  const candidates: Candidate[] = [];
  const undefinedNow: Regression[] = [];
  for (const p of current.points) {
    const key = paramsKey(p.params);
    const b = old.get(key);
    if (!b) {
      out.unmatched.push(p.point);
      continue;
    }
    out.compared.push(p.point);
    for (const m of METRICS) {
      const direction = metricInfo(m).direction;
      // A metric missing from an older baseline cannot regress.
      if (direction === 'neutral' || !b.metrics[m] || !p.metrics[m]) continue;
      const was = values(oldRuns.get(key), m);
      const now = values(newRuns.get(key), m);
      if (was.defined.length >= 2 && was.missing === 0 && now.defined.length === 0 && now.missing >= 2) {
        undefinedNow.push(regression(m, p, b, null, out));
        continue;
      }
      if (was.defined.length < 2 || now.defined.length < 2) {
        out.untested++;
        continue;
      }
      candidates.push({ metric: m, now: p, was: b, test: welch(was.defined, now.defined, direction === 'higher') });
    }
  }
  out.tests = candidates.length;
  const adjusted = holm(candidates.map((c) => c.test!.p));
  candidates.forEach((c, i) => {
    if (adjusted[i] > alpha || !beyondTolerance(c.metric, c.was.metrics[c.metric].mean, c.now.metrics[c.metric].mean, tolerance)) return;
    out.regressions.push(regression(c.metric, c.now, c.was, { ...c.test!, adjusted: adjusted[i] }, out));
  });
  out.regressions.push(...undefinedNow);
  out.regressions.sort((a, b) => a.point - b.point || METRICS.indexOf(a.metric) - METRICS.indexOf(b.metric));
  return out;
}

/**
 * One-sided Welch t test that `now` is worse than `was` (lower when higher is better).
 * Two sets with no spread differ for certain (p 0 or 1) unless their means are equal.
 */
export function welch(was: readonly number[], now: readonly number[], higherIsBetter: boolean): Omit<WelchTest, 'adjusted'> {
  const a = meanVariance(was);
  const b = meanVariance(now);
  const va = a.variance / was.length;
  const vb = b.variance / now.length;
  const se = Math.sqrt(va + vb);
  const worse = higherIsBetter ? a.mean - b.mean : b.mean - a.mean;
  if (se === 0) return { t: worse === 0 ? 0 : Math.sign(worse) * Infinity, df: was.length + now.length - 2, p: worse > 0 ? 0 : 1 };
  const t = worse / se;
  const df = (va + vb) ** 2 / (va ** 2 / (was.length - 1) + vb ** 2 / (now.length - 1));
  return { t, df, p: 1 - jStat.studentt.cdf(t, df) };
}

/** Holm's step-down adjusted p-values, in the order given. */
export function holm(p: readonly number[]): number[] {
  const order = p.map((_, i) => i).sort((i, j) => p[i] - p[j]);
  const adjusted = new Array<number>(p.length);
  let running = 0;
  order.forEach((i, rank) => {
    running = Math.max(running, Math.min(1, (p.length - rank) * p[i]));
    adjusted[i] = running;
  });
  return adjusted;
}

function beyondTolerance(metric: MetricName, was: number | null, now: number | null, tolerance: number): boolean {
  if (was === null || now === null) return false;
  const { direction, kind } = metricInfo(metric);
  const allowed = kind === 'share' ? tolerance : tolerance * Math.abs(was);
  return direction === 'higher' ? now < was - allowed : now > was + allowed;
}

function regression(metric: MetricName, p: PointSummary, b: PointSummary, test: WelchTest | null, c: BaselineComparison): Regression {
  const was = b.metrics[metric];
  const now = p.metrics[metric];
  const where = `point ${p.point}${describeParams(p.params)}`;
  const { direction, kind } = metricInfo(metric);
  const ci = (e: Estimate) => `95% CI ${fmtCi(e)}${e.ciLow === null ? '' : ` ${e.method}`}`;
  const message =
    test === null
      ? `${metric} at ${where} is now undefined in every replicate (baseline ${fmt(was.mean)}, ${ci(was)})`
      : `${metric} at ${where} ${direction === 'higher' ? 'fell' : 'rose'} from ${fmt(was.mean)} (${ci(was)}) to ${fmt(now.mean)} (${ci(now)}); ` +
        `Welch t ${fmt(test.t)}, df ${fmt(Number(test.df.toPrecision(3)))}, one-sided p ${fmtP(test.p)}, Holm-adjusted p ${fmtP(test.adjusted)} ≤ ${c.alpha} over ${c.tests} tests; ` +
        `beyond tolerance ${kind === 'share' ? c.tolerance : `${c.tolerance * 100}%`}`;
  return { metric, point: p.point, params: p.params, old: was.mean, new: now.mean, oldEstimate: was, newEstimate: now, test, message };
}

function fmtP(p: number): string {
  return p < 1e-4 ? p.toExponential(1) : String(Number(p.toPrecision(2)));
}

function values(runs: readonly RunRecord[] | undefined, m: MetricName): { defined: number[]; missing: number } {
  const out = { defined: [] as number[], missing: 0 };
  for (const r of runs ?? []) {
    if (!r.result) continue;
    const v = r.result.metrics[m];
    if (typeof v === 'number') out.defined.push(v);
    else out.missing++;
  }
  return out;
}

function runsByParams(runs: readonly RunRecord[]): Map<string, RunRecord[]> {
  const out = new Map<string, RunRecord[]>();
  for (const r of runs) {
    const key = paramsKey(r.params);
    out.set(key, [...(out.get(key) ?? []), r]);
  }
  return out;
}

function paramsKey(params: Record<string, ParamValue>): string {
  return JSON.stringify(Object.keys(params).sort().map((k) => [k, params[k]]));
}

export function describeParams(params: Record<string, ParamValue>): string {
  const keys = Object.keys(params);
  return keys.length === 0 ? '' : ` (${keys.map((k) => `${k}=${params[k]}`).join(', ')})`;
}

/** What makes two runs the same scenario for a baseline: a comparison across any of these measures the change of world, not of code. */
const SAME_SCENARIO_FIELDS: ReadonlyArray<{ name: string; get(s: Record<string, unknown>): unknown }> = [
  { name: 'population.members', get: (s) => (s.population as Record<string, unknown> | undefined)?.members },
  { name: 'days', get: (s) => s.days },
  { name: 'population.shares', get: (s) => (s.population as Record<string, unknown> | undefined)?.shares },
  { name: 'archetypes', get: (s) => s.archetypes },
  { name: 'policy', get: (s) => policyIdentity(s.policy) },
];

/**
 * The fields (of SAME_SCENARIO_FIELDS) in which the baseline's resolved scenario differs
 * from the current one, each with both values, for `run --baseline`'s refusal; empty: alike.
 */
export function scenarioDifferences(current: Record<string, unknown>, baseline: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const f of SAME_SCENARIO_FIELDS) differences(f.name, f.get(baseline), f.get(current), out);
  return out;
}

/** Each leaf where `was` and `now` differ, as `path (baseline x, now y)`; objects are walked so a message names the one share or param that moved. */
function differences(at: string, was: unknown, now: unknown, out: string[]): void {
  if (isPlainObject(was) && isPlainObject(now)) {
    const keys = [...new Set([...Object.keys(was), ...Object.keys(now)])].sort();
    for (const k of keys) differences(`${at}.${k}`, was[k], now[k], out);
    return;
  }
  const a = canonical(was);
  const b = canonical(now);
  if (a !== b) out.push(`${at} (baseline ${clip(a)}, now ${clip(b)})`);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Which policy runs, without its params: tuning a policy's params is what a baseline is for
 * (halving weekly-cap's cap is a regression to report, not another scenario), swapping the
 * policy is not. An HTTP policy is the same wherever its service listens: its identity is the
 * built-in it asks the service to run.
 */
function policyIdentity(p: unknown): unknown {
  const spec = (p ?? {}) as { name?: unknown; module?: unknown; http?: { policy?: { name?: unknown } } };
  if (spec.http) return { http: spec.http.policy?.name ?? "the service's own" };
  return spec.name ?? spec.module;
}

/** JSON with keys sorted, so key order never makes two scenarios differ. */
function canonical(v: unknown): string {
  if (v === undefined) return 'undefined';
  return JSON.stringify(v, (_k, x: unknown) =>
    x !== null && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x,
  );
}

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
