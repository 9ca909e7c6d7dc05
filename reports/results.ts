/**
 * ResultsFile: the results.json object, built from a scenario and its RunRecords. Every
 * report is rendered from it alone. Only `meta` holds wall-clock facts: for the same
 * inputs everything else is byte-identical (records are sorted, keys built in fixed order).
 */
import * as fs from 'fs';
import { InputError } from '../sim/errors';
import type { RunRecord } from '../sim/result';
import { aggregatePoints, type PointSummary } from './aggregate';
import { compareBaseline, type BaselineComparison } from './baseline';
import { checkGates, parseExpect, type GateResult } from './gates';
import type { OfflineSection } from './offline';
import { pairedDifferences, type PairedDifference } from './paired';

export const SCHEMA_VERSION = 1;

export interface RunMeta {
  invitesimVersion: string;
  date: string;
  durationMs: number;
  host: string;
  threads: number;
  /** The signal that stopped the run before every planned task ran (absent: it was not stopped). */
  stoppedBy?: string;
}

export interface ResultsFile {
  schemaVersion: typeof SCHEMA_VERSION;
  invitesimVersion: string;
  /** The resolved scenario as plain JSON (name, description, sweep, expect, …). */
  scenario: Record<string, unknown>;
  /** True when not every planned task is here (an interrupted run or one shard). */
  partial: boolean;
  points: PointSummary[];
  /** Every finished task in plan order, with its result or its error. */
  runs: RunRecord[];
  gates: GateResult[];
  baseline: BaselineComparison | null;
  /** Every other point against point 0 on the seeds they share (reports/paired.ts): present when runs of two points share a seed, as under `commonRandomNumbers`. */
  paired?: PairedDifference[];
  meta: RunMeta;
  /** An offline backtest's results (`invitesim backtest`): absent from a simulated run's. */
  offline?: OfflineSection;
}

export interface BuildOptions {
  partial: boolean;
  /** An earlier results file to compare against, the practical tolerance and the family-wise error level (see compareBaseline). */
  baseline?: { results: Pick<ResultsFile, 'points' | 'runs'>; tolerance: number; alpha?: number };
}

export function buildResults(scenario: object, records: readonly RunRecord[], meta: RunMeta, options: BuildOptions): ResultsFile {
  const plain = JSON.parse(JSON.stringify(scenario)) as Record<string, unknown>;
  const points = aggregatePoints(records);
  const runs = [...records].sort((a, b) => a.index - b.index).map(runInOrder);
  // The CLI checks named points against the planned sweep before running; here a named point
  // missing from the records (a shard) becomes a failed gate.
  const gates = parseExpect(plain.expect, 'expect');
  const paired = pairedDifferences(runs);
  return {
    schemaVersion: SCHEMA_VERSION,
    invitesimVersion: meta.invitesimVersion,
    scenario: plain,
    partial: options.partial,
    points,
    runs,
    gates: checkGates(gates, points),
    baseline: options.baseline ? compareBaseline({ points, runs }, options.baseline.results, options.baseline.tolerance, options.baseline.alpha) : null,
    ...(paired.length > 0 ? { paired } : {}),
    meta: { invitesimVersion: meta.invitesimVersion, date: meta.date, durationMs: meta.durationMs, host: meta.host, threads: meta.threads, ...(meta.stoppedBy ? { stoppedBy: meta.stoppedBy } : {}) },
  };
}

function runInOrder(r: RunRecord): RunRecord {
  const run: RunRecord = { index: r.index, point: r.point, replicate: r.replicate, seed: r.seed, params: r.params };
  if (r.result) run.result = r.result;
  if (r.error !== undefined) run.error = r.error;
  return run;
}

/** Reads and checks a results.json (for `invitesim report` and `--baseline`); problems are InputErrors naming the file. */
export function readResults(file: string): ResultsFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`${file}: cannot read results (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const r = data as Partial<ResultsFile> | null;
  if (typeof r !== 'object' || r === null || Array.isArray(r)) throw new InputError(`${file}: expected a results object`);
  if (r.schemaVersion !== SCHEMA_VERSION) throw new InputError(`${file}: schemaVersion ${String(r.schemaVersion)} is not supported (expected ${SCHEMA_VERSION})`);
  for (const key of ['points', 'runs', 'gates'] as const) {
    if (!Array.isArray(r[key])) throw new InputError(`${file}: ${key} must be an array`);
  }
  if (typeof r.scenario !== 'object' || r.scenario === null) throw new InputError(`${file}: scenario must be an object`);
  return r as ResultsFile;
}
