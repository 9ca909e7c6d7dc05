/**
 * The CSV files: runs.csv (one row a run), points.csv (one row a sweep point, with the
 * estimate and 95% CI bounds of every metric and the interval's method), timeline.csv (one
 * row a run-day), and the long ("tidy") tables metrics.csv (one row a run × metric),
 * archetypes.csv (one row a run × archetype × metric) and curves.csv (one row a run × recall
 * level of the score's PR curve), and paired.csv (one row a point × directional metric: its
 * paired difference against point 0, reports/paired.ts; only a header when no two
 * points share seeds). Every row of a run carries the swept parameters, each in
 * its own column named by paramColumnName. A null is an empty cell; booleans are
 * `true`/`false`, which pandas' read_csv and R's read.csv both read as logical.
 */
import { stringify } from 'csv-stringify/sync';
import { RECALL_GRID } from './aggregate';
import { ARCHETYPE_METRICS, METRICS, TIMELINE_FIELDS, metricInfo } from './metrics';
import type { ParamValue, RunRecord } from '../sim/result';
import type { ResultsFile } from './results';

export type Cell = number | string | boolean | null;

/** Rows stringified per batch: bounds memory for a 10,000-run timeline. */
const BATCH = 2000;

/** csv-stringify's options for every CSV invitesim writes: booleans as true/false. */
export const CSV_OPTIONS = { cast: { boolean: (v: boolean) => (v ? 'true' : 'false') } };

export function* csv(columns: string[], rows: Iterable<Cell[]>): Generator<string> {
  const options = CSV_OPTIONS;
  yield stringify([columns], options);
  let batch: Cell[][] = [];
  for (const row of rows) {
    batch.push(row);
    if (batch.length === BATCH) {
      yield stringify(batch, options);
      batch = [];
    }
  }
  if (batch.length > 0) yield stringify(batch, options);
}

/**
 * A swept path as a column name valid in R, pandas (attribute access) and patsy formulas:
 * every character other than a letter, digit or underscore becomes `_`
 * (`policy.params.cap` → `policy_params_cap`), and a name starting with a digit gets `p_`.
 */
export function paramColumnName(path: string): string {
  const name = path.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9_]/.test(name) ? `p_${name}` : name;
}

/** Swept parameter paths in the order they first appear, and their column names; a name that clashes with a fixed column or another path's gets a `param_` prefix. */
export function paramColumns(results: Pick<ResultsFile, 'points'>, reserved: readonly string[]): { paths: string[]; names: string[] } {
  const paths = [...new Set(results.points.flatMap((p) => Object.keys(p.params)))];
  const taken = new Set(reserved);
  const names = paths.map((p) => {
    let name = paramColumnName(p);
    while (taken.has(name)) name = `param_${name}`;
    taken.add(name);
    return name;
  });
  return { paths, names };
}

function paramCells(paths: string[], params: Record<string, ParamValue>): Cell[] {
  return paths.map((p) => params[p] ?? null);
}

const RUN_FIXED = ['run', 'point', 'replicate', 'seed'];

export function runsCsv(results: ResultsFile): Generator<string> {
  const { paths, names } = paramColumns(results, [...RUN_FIXED, ...METRICS, 'error']);
  const rows = results.runs.map((r): Cell[] => [
    r.index,
    r.point,
    r.replicate,
    r.seed,
    ...paramCells(paths, r.params),
    ...METRICS.map((m) => r.result?.metrics[m] ?? null),
    r.error ?? null,
  ]);
  return csv([...RUN_FIXED, ...names, ...METRICS, 'error'], rows);
}

/** `<metric>_mean`, `_ci_low`, `_ci_high`, `_ci_method` (`wilson` or `student-t`, see reports/stats). */
export function pointsCsv(results: ResultsFile): Generator<string> {
  const metricColumns = METRICS.flatMap((m) => [`${m}_mean`, `${m}_ci_low`, `${m}_ci_high`, `${m}_ci_method`]);
  const { paths, names } = paramColumns(results, ['point', 'replicates', 'failed', ...metricColumns]);
  const rows = results.points.map((p): Cell[] => [
    p.point,
    ...paramCells(paths, p.params),
    p.replicates,
    p.failed,
    // A point from before a metric existed has no estimate of it.
    ...METRICS.flatMap((m) => {
      const e = p.metrics[m];
      return e ? [e.mean, e.ciLow, e.ciHigh, e.method ?? 'student-t'] : [null, null, null, null];
    }),
  ]);
  return csv(['point', ...names, 'replicates', 'failed', ...metricColumns], rows);
}

/** Rows of finished runs, each with its fixed cells (run, point, replicate, swept values) first. */
function* perRun(results: ResultsFile, reserved: readonly string[], body: (r: RunRecord & { result: NonNullable<RunRecord['result']> }) => Iterable<Cell[]>): Generator<Cell[]> {
  const { paths } = paramColumns(results, reserved);
  for (const r of results.runs) {
    if (!r.result) continue;
    const head: Cell[] = [r.index, r.point, r.replicate, ...paramCells(paths, r.params)];
    for (const cells of body(r as RunRecord & { result: NonNullable<RunRecord['result']> })) yield [...head, ...cells];
  }
}

function tidy(results: ResultsFile, columns: string[], body: Parameters<typeof perRun>[2]): Generator<string> {
  const fixed = ['run', 'point', 'replicate'];
  const { names } = paramColumns(results, [...fixed, ...columns]);
  return csv([...fixed, ...names, ...columns], perRun(results, [...fixed, ...columns], body));
}

export function timelineCsv(results: ResultsFile): Generator<string> {
  const counts = TIMELINE_FIELDS.filter((f) => f !== 'day');
  return tidy(results, ['day', ...counts], function* (r) {
    const t = r.result.timeline;
    for (let d = 0; d < t.day.length; d++) yield [t.day[d], ...counts.map((f) => t[f][d])];
  });
}

/** Long format: one row a finished run × metric (metricInfo's kind beside it), as BehaviorSpace's table output. */
export function metricsCsv(results: ResultsFile): Generator<string> {
  return tidy(results, ['metric', 'kind', 'value'], function* (r) {
    for (const m of METRICS) yield [m, metricInfo(m).kind, r.result.metrics[m] ?? null];
  });
}

/** Long format: one row a finished run × archetype present × archetype metric. */
export function archetypesCsv(results: ResultsFile): Generator<string> {
  return tidy(results, ['archetype', 'metric', 'value'], function* (r) {
    for (const [archetype, row] of Object.entries(r.result.byArchetype)) {
      for (const m of ARCHETYPE_METRICS) yield [archetype, m, row![m] ?? null];
    }
  });
}

/**
 * The score's PR curve of every run at each recall level (RECALL_GRID): the exact operating
 * point there, the highest threshold whose recall reaches the level. Runs of policies
 * without a score, or without abusive members, have no rows.
 */
export function curvesCsv(results: ResultsFile): Generator<string> {
  return tidy(results, ['level', 'threshold', 'precision', 'recall', 'tp', 'fp'], function* (r) {
    const l = r.result.scoreCurve?.levels;
    if (!l) return;
    for (let k = 0; k < l.tp.length; k++) yield [RECALL_GRID[k], l.threshold[k], l.precision[k], l.recall[k], l.tp[k], l.fp[k]];
  });
}

const PAIRED_FIXED = ['point', 'metric', 'pairs', 'difference_mean', 'difference_ci_low', 'difference_ci_high', 'unpaired_ci_low', 'unpaired_ci_high'];

export function pairedCsv(results: ResultsFile): Generator<string> {
  const { paths, names } = paramColumns(results, PAIRED_FIXED);
  const rows = (results.paired ?? []).map((d): Cell[] => [d.point, ...paramCells(paths, d.params), d.metric, d.pairs, d.mean, d.ciLow, d.ciHigh, d.unpairedCiLow, d.unpairedCiHigh]);
  return csv(['point', ...names, ...PAIRED_FIXED.slice(1)], rows);
}
