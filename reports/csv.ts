/**
 * The tidy CSV files: runs.csv (one row a run), points.csv (one row a sweep point, with
 * mean and 95% CI bounds of every metric) and timeline.csv (one row a run-day). Columns use
 * the canonical metric names; a null is an empty cell; booleans are `true`/`false`, which
 * pandas' read_csv and R's read.csv both read as logical.
 */
import { stringify } from 'csv-stringify/sync';
import type { ParamValue } from '../sim/result';
import { METRICS, TIMELINE_FIELDS } from './metrics';
import type { ResultsFile } from './results';

type Cell = number | string | boolean | null;

/** Rows stringified per batch: bounds memory for a 10,000-run timeline. */
const BATCH = 2000;

function* csv(columns: string[], rows: Iterable<Cell[]>): Generator<string> {
  const options = { cast: { boolean: (v: boolean) => (v ? 'true' : 'false') } };
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

/** Swept parameter paths in the order they first appear; a path that clashes with a fixed column gets a `param.` prefix. */
function paramColumns(results: ResultsFile, reserved: string[]): { paths: string[]; names: string[] } {
  const paths = [...new Set(results.points.flatMap((p) => Object.keys(p.params)))];
  return { paths, names: paths.map((p) => (reserved.includes(p) ? `param.${p}` : p)) };
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

export function pointsCsv(results: ResultsFile): Generator<string> {
  const metricColumns = METRICS.flatMap((m) => [`${m}_mean`, `${m}_ci_low`, `${m}_ci_high`]);
  const { paths, names } = paramColumns(results, ['point', 'replicates', 'failed', ...metricColumns]);
  const rows = results.points.map((p): Cell[] => [
    p.point,
    ...paramCells(paths, p.params),
    p.replicates,
    p.failed,
    ...METRICS.flatMap((m) => [p.metrics[m].mean, p.metrics[m].ciLow, p.metrics[m].ciHigh]),
  ]);
  return csv(['point', ...names, 'replicates', 'failed', ...metricColumns], rows);
}

export function timelineCsv(results: ResultsFile): Generator<string> {
  const counts = TIMELINE_FIELDS.filter((f) => f !== 'day');
  function* rows(): Generator<Cell[]> {
    for (const r of results.runs) {
      const t = r.result?.timeline;
      if (!t) continue;
      for (let d = 0; d < t.day.length; d++) yield [r.index, r.point, r.replicate, t.day[d], ...counts.map((f) => t[f][d])];
    }
  }
  return csv(['run', 'point', 'replicate', 'day', ...counts], rows());
}
