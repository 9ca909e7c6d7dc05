/**
 * `npm run bench -- events`: what `run --events` costs. The baseline scenario at --members
 * (default 200,000) is run with and without its event log, alternated, each in a CLI process of
 * its own on one thread; reported: the ratio of their wall times (median, range) and the log's
 * bytes per row (an event a row), for Parquet and for gzip CSV.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as zlib from 'node:zlib';
import { spread, type Spread } from './spread';

export interface EventsBench {
  members: number;
  days: number;
  /** Time with --events over time without (median, range over the alternated pairs). */
  ratio: Spread;
  secondsWithout: number;
  secondsWith: number;
  rows: number;
  parquetBytesPerRow: number;
  csvGzBytesPerRow: number;
}

const DAYS = 14;

function timedRun(args: string[]): number {
  const main = path.join(__dirname, '..', 'cli', 'main.js');
  const t = performance.now();
  execFileSync(process.execPath, [main, 'run', ...args], { stdio: 'ignore' });
  return (performance.now() - t) / 1000;
}

export function benchEvents(members: number, repetitions: number, log: (s: string) => void): EventsBench {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'invitesim-bench-events-'));
  try {
    const base = ['baseline', '--set', `population.members=${members}`, '--set', `days=${DAYS}`, '--threads', '1', '-q', '--force'];
    const ratios: number[] = [];
    let without = 0;
    let withLog = 0;
    for (let r = 0; r < repetitions; r++) {
      // Alternate which goes first, so that a machine growing busier does not favour one side.
      const order = r % 2 === 0 ? ['without', 'with'] : ['with', 'without'];
      for (const side of order) {
        const s = timedRun([...base, '--out', path.join(dir, side), ...(side === 'with' ? ['--events'] : [])]);
        if (side === 'with') withLog = s;
        else without = s;
      }
      ratios.push(withLog / without);
      log(`events: pair ${r + 1}: ${withLog.toFixed(1)} s with the log, ${without.toFixed(1)} s without (ratio ${(withLog / without).toFixed(3)})`);
    }
    timedRun([...base, '--out', path.join(dir, 'csv'), '--events', '--events-format', 'csv']);
    const results = JSON.parse(fs.readFileSync(path.join(dir, 'with', 'results.json'), 'utf8'));
    const rows = countRows(path.join(dir, 'csv', 'events', 'run-0.csv.gz'));
    if (!(rows > 0) || results.runs.length !== 1) throw new Error('events bench: the run wrote no log rows');
    return {
      members,
      days: DAYS,
      ratio: spread(ratios),
      secondsWithout: without,
      secondsWith: withLog,
      rows,
      parquetBytesPerRow: fs.statSync(path.join(dir, 'with', 'events', 'run-0.parquet')).size / rows,
      csvGzBytesPerRow: fs.statSync(path.join(dir, 'csv', 'events', 'run-0.csv.gz')).size / rows,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Rows of a gzip CSV log: its lines less the metadata and header lines. */
function countRows(file: string): number {
  const text = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8');
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n - 2;
}
