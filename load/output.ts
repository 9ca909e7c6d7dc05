/**
 * A load test's output files in its folder: load.json (the whole result, its gates, and
 * wall-clock facts under `meta`) and load.csv (one row per second). Both written atomically.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../io/atomic-write';
import type { LoadGateResult } from './gates';
import type { SecondRow } from './latency';
import type { LoadTestResult } from './replay';

export const LOAD_JSON = 'load.json';
export const LOAD_CSV = 'load.csv';
export const LOAD_SCHEMA_VERSION = 1;

export interface LoadFile {
  schemaVersion: typeof LOAD_SCHEMA_VERSION;
  scenario: string;
  meta: { invitesimVersion: string; date: string; host: string };
  result: LoadTestResult;
  gates: LoadGateResult[];
}

const COLUMNS: Array<keyof SecondRow> = ['second', 'span', 'warmup', 'due', 'ok', 'errors', 'timeouts', 'p50Ms', 'p90Ms', 'p99Ms', 'maxMs'];

/** One row per second; a latency with nothing answered that second is empty, never 0. */
export function perSecondCsv(rows: readonly SecondRow[]): string {
  const lines = [COLUMNS.join(',')];
  for (const r of rows) lines.push(COLUMNS.map((c) => (r[c] === null ? '' : String(r[c]))).join(','));
  return lines.join('\n') + '\n';
}

export function writeLoadFiles(dir: string, file: LoadFile): void {
  fs.mkdirSync(dir, { recursive: true });
  writeFileAtomic(path.join(dir, LOAD_CSV), perSecondCsv(file.result.perSecond));
  writeFileAtomic(path.join(dir, LOAD_JSON), JSON.stringify(file, null, 2) + '\n');
}

/** The folder's load.json, or null when no load test wrote one. */
export function readLoadFile(dir: string): LoadFile | null {
  const file = path.join(dir, LOAD_JSON);
  if (!fs.existsSync(file)) return null;
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as LoadFile;
  if (parsed?.schemaVersion !== LOAD_SCHEMA_VERSION) throw new Error(`${file}: schemaVersion must be ${LOAD_SCHEMA_VERSION} (got ${JSON.stringify(parsed?.schemaVersion)})`);
  return parsed;
}
