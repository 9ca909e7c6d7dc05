/**
 * The event log's writer and its encoder thread: the same seed writes the same bytes whatever
 * --threads (Parquet and gzip CSV, logs of several buffers each), and a file the encoder cannot
 * write, or an encoder thread that dies or goes silent, fails the run with no log left behind,
 * neither the file nor its temporary.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { MessagePort, Worker } from 'node:worker_threads';
import { cli, ROOT, tempDir, withoutVerdict } from '../helpers/cli';
import type * as Writer from '../../io/event-log-writer';
import type { LogMeta } from '../../io/log-schema';
import { parquetMetadata } from '../../io/parquet';

// The encoder is a worker thread, which runs the compiled files (npm test builds them first).
const { EventLogWriter }: typeof Writer = require(path.join(ROOT, 'dist', 'io', 'event-log-writer'));

const dir = tempDir();
// ~350,000 rows a run: the opening rows and the run's own each fill more than one 131,072-row buffer.
const SETS = ['--set', 'population.members=20000', '--set', 'days=7', '--replicates', '2'];

function logs(format: 'parquet' | 'csv', threads: number): Map<string, Buffer> {
  const out = path.join(dir, `${format}-${threads}`);
  const r = cli(['run', 'baseline', ...SETS, '--threads', String(threads), '--events', '--events-format', format, '--out', out, '-q']);
  expect(withoutVerdict(r.stderr)).toBe('');
  expect(r.code).toBe(0);
  const events = path.join(out, 'events');
  return new Map(fs.readdirSync(events).map((f) => [f, fs.readFileSync(path.join(events, f))]));
}

test.each(['parquet', 'csv'] as const)('same seed, same %s log files byte for byte on 1 thread and on 2', (format) => {
  const one = logs(format, 1);
  const two = logs(format, 2);
  const ext = format === 'parquet' ? 'parquet' : 'csv.gz';
  expect([...one.keys()].sort()).toEqual(['labels-0.csv', 'labels-1.csv', `run-0.${ext}`, `run-1.${ext}`]);
  expect([...two.keys()].sort()).toEqual([...one.keys()].sort());
  for (const [f, bytes] of one) expect({ f, same: bytes.equals(two.get(f)!) }).toEqual({ f, same: true });
  // Two replicates are two different runs, so the comparison is not between empty or constant files.
  expect(one.get(`run-0.${ext}`)!.equals(one.get(`run-1.${ext}`)!)).toBe(false);
  expect(one.get(`run-0.${ext}`)!.length).toBeGreaterThan(1_000_000);
});

const meta: LogMeta = { schemaVersion: 1, members: 10, horizon: 10_000_000, reviewEveryMinutes: 1440, ladder: { coolDownHours: 24, recheckHours: 24, strikesToPermanent: 3 } };

/** Logs `rows` InMails, then closes the writer as a run does: a throw while logging fails the run, which abandons the log. */
function logAndClose(w: Writer.EventLogWriter, rows: number, midway: () => void): unknown {
  try {
    for (let i = 0; i < rows; i++) {
      if (i === 200_000) midway();
      w.inmail(i, i % 10, (i + 1) % 10);
    }
  } catch (e) {
    w.abandon();
    return e;
  }
  try {
    w.close();
  } catch (e) {
    return e;
  }
  return null;
}

/** A link into a folder that does not exist, where the log's temporary file goes: writing through it fails (ENOENT). */
function breakTemp(file: string): void {
  fs.rmSync(`${file}.tmp`, { force: true });
  fs.symlinkSync(path.join(path.dirname(file), 'no-such-folder', 'x'), `${file}.tmp`);
}

function expectFailedAndGone(error: unknown, file: string, why = /ENOENT/): void {
  expect(String(error)).toContain(`writing the event log ${file}: `);
  expect(String(error)).toMatch(why);
  expect(fs.readdirSync(path.dirname(file))).toEqual([]);
}

test.each(['parquet', 'csv'] as const)('a %s file the encoder cannot open fails the run, naming it, and leaves nothing behind', (format) => {
  const file = path.join(fs.mkdtempSync(path.join(dir, 'open-')), `log.${format === 'parquet' ? 'parquet' : 'csv.gz'}`);
  breakTemp(file);
  expectFailedAndGone(logAndClose(new EventLogWriter(file, format, meta), 1_000_000, () => {}), file);
});

test('a Parquet file the encoder cannot go on writing mid-run fails the run, naming it, and leaves nothing behind', () => {
  // The encoder keeps the file open, so the way to break its writing midway is the file-size
  // limit: past 2 MB (about a tenth of these 3,000,000 rows' log) the next write fails with EFBIG.
  const file = path.join(fs.mkdtempSync(path.join(dir, 'midway-')), 'log.parquet');
  const script = `
    const { EventLogWriter } = require(${JSON.stringify(path.join(ROOT, 'dist', 'io', 'event-log-writer'))});
    const w = new EventLogWriter(${JSON.stringify(file)}, 'parquet', ${JSON.stringify(meta)});
    try {
      for (let i = 0; i < 3000000; i++) w.inmail(i, i % 10, (i + 1) % 10);
      w.close();
    } catch (e) {
      w.abandon();
      console.log(String(e));
    }`;
  const r = spawnSync('bash', ['-c', 'ulimit -f 2048 && exec "$0" -e "$1"', process.execPath, script], { encoding: 'utf8', timeout: 120_000 });
  expect(r.stderr).toBe('');
  expectFailedAndGone(r.stdout, file, /EFBIG/);
});

test('an encoder thread that ends without its last word fails the run at once, naming the file, and leaves nothing behind', () => {
  const file = path.join(fs.mkdtempSync(path.join(dir, 'ended-')), 'log.parquet');
  const w = new EventLogWriter(file, 'parquet', meta);
  // A message the encoder does not know is a bug it throws on, uncaught: its thread ends.
  const error = logAndClose(w, 1_000_000, () => (w as unknown as { port: MessagePort }).port.postMessage({}));
  expectFailedAndGone(error, file, /its encoder thread failed: the event log's encoder got a message it does not know/);
});

test('an encoder thread that goes silent is given up on after the silence limit, and the run fails leaving nothing behind', () => {
  const file = path.join(fs.mkdtempSync(path.join(dir, 'silent-')), 'log.parquet');
  const w = new EventLogWriter(file, 'parquet', meta, 1500);
  // terminate() stops the thread at once and without its exit hook, as running out of memory does.
  const started = Date.now();
  const error = logAndClose(w, 1_000_000, () => void (w as unknown as { encoder: Worker }).encoder.terminate());
  expectFailedAndGone(error, file, /its encoder thread gave no sign of progress for 1.5 s/);
  // One silence limit, not one per wait: once given up on, the encoder is not waited for again.
  expect(Date.now() - started).toBeLessThan(1500 * 2 + 1000);
});

test('a file written whole is renamed into place, its temporary gone, with every row logged', async () => {
  const folder = fs.mkdtempSync(path.join(dir, 'ok-'));
  const file = path.join(folder, 'log.parquet');
  const w = new EventLogWriter(file, 'parquet', meta);
  expect(logAndClose(w, 300_000, () => {})).toBeNull();
  expect(fs.readdirSync(folder)).toEqual(['log.parquet']);
  expect(Number((await parquetMetadata(file)).num_rows)).toBe(300_000);
});
