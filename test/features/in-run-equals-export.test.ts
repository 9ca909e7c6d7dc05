/**
 * The features a model is given in a run are the features `invitesim features` exports from
 * that run's log: the model policy's batches (seen through its test seam) hold, for every
 * member and day, the very float32 vector of the exported member-day row. The run restricts,
 * lifts and sees InMails, so every feature moves; the export rebuilds the platform from the
 * log alone (backtest's replay), not from the engine.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { simulateRun } from '../../sim/simulate';
import type * as EventFiles from '../../runner/event-files';
import type { EventLogWriter } from '../../io/event-log-writer';
import { readEventLog } from '../../io/event-log-reader';
import { readLabels } from '../../io/labels';
import { ModelPolicy } from '../../policies/builtin/model';
import { exportFeatures } from '../../cli/features';
import { FEATURE_COUNT, FEATURE_NAMES } from '../../features/schema';
import { MINUTES_PER_DAY } from '../../policies/policy';
import { smallConfig } from '../helpers/sim-config';
import { ROOT, tempDir } from '../helpers/cli';
import { writeLinearModel } from './onnx-models';

// The log's encoder is a worker thread, which runs the compiled files (npm test builds them first).
const { openEventLog, writeLabels }: typeof EventFiles = require(path.join(ROOT, 'dist', 'runner', 'event-files'));

const dir = tempDir();
const modelFile = path.join(dir, 'model.onnx');
const events = { dir: path.join(dir, 'events'), format: 'parquet' as const };

/** A model that restricts members with many "I don't know" answers to strangers: enough restrictions to see lifts and InMails. */
function weights(): number[] {
  const w = new Array(FEATURE_COUNT).fill(0);
  w[FEATURE_NAMES.indexOf('idks')] = 0.6;
  w[FEATURE_NAMES.indexOf('stranger_share')] = 2;
  w[FEATURE_NAMES.indexOf('invites_1d')] = 0.05;
  return w;
}

/** Rows of a features CSV keyed by `time:member`, the features as float32. */
function readRows(file: string): Map<string, { x: Float32Array; label: number }> {
  const [head, ...lines] = fs.readFileSync(file, 'utf8').trim().split('\n');
  const cols = head.split(',');
  const at = cols.indexOf(FEATURE_NAMES[0]);
  const rows = new Map<string, { x: Float32Array; label: number }>();
  for (const line of lines) {
    const v = line.split(',').map(Number);
    rows.set(`${v[cols.indexOf('time')]}:${v[cols.indexOf('member')]}`, { x: Float32Array.from(v.slice(at, at + FEATURE_COUNT)), label: v[cols.indexOf('label')] });
  }
  return rows;
}

describe('in-run features equal exported features', () => {
  const seen: Array<{ now: number; member: number; x: Float32Array }> = [];
  let restrictions = 0;
  let lifts = 0;
  let horizon = 0;

  beforeAll(() => {
    writeLinearModel(modelFile, { weights: weights(), bias: -5 });
    const cfg = smallConfig({ members: 2000, days: 12, seed: 'features-equal' });
    let writer: EventLogWriter | null = null;
    const spec = { name: 'model', params: { file: modelFile, threshold: 0.5, reviewEveryMinutes: MINUTES_PER_DAY } };
    const sim = simulateRun(
      cfg,
      (ctx) =>
        new ModelPolicy(ctx, spec.params, (now, members, x, _scores, rows) => {
          for (let i = 0; i < rows; i++) seen.push({ now, member: members[i], x: x.slice(i * FEATURE_COUNT, (i + 1) * FEATURE_COUNT) });
        }),
      false,
      {
        open: (engine) => {
          writer = openEventLog(events, 0, engine, cfg, 'features-equal', spec);
          horizon = engine.horizon;
        },
        close: (engine, ok) => {
          if (!ok) return writer!.abandon();
          writer!.close();
          writeLabels(events, 0, engine, cfg);
        },
      },
    );
    restrictions = sim.result.metrics.restrictionsStarted;
    lifts = sim.result.metrics.restrictionsLifted;
  });

  test('every vector a batch scored is the exported member-day row of that member and minute, bit for bit', async () => {
    const log = await readEventLog(path.join(events.dir, 'run-0.parquet'));
    const labels = await readLabels(path.join(events.dir, 'labels-0.csv'), log.members, log.file);
    const out = path.join(dir, 'features.csv');
    exportFeatures(log, 'member-day', labels.abusiveFrom, out);
    const rows = readRows(out);
    // Batches at the end of days 0..10 (minute 1440 .. 11 × 1440); the export also has day 11, at the horizon.
    const times = [...new Set(seen.map((s) => s.now))];
    expect(times).toEqual(Array.from({ length: 11 }, (_, d) => (d + 1) * MINUTES_PER_DAY));
    expect(seen.length).toBe([...rows.keys()].filter((k) => Number(k.split(':')[0]) < horizon).length);
    const differ: string[] = [];
    for (const s of seen) {
      const row = rows.get(`${s.now}:${s.member}`);
      if (!row) differ.push(`no row for member ${s.member} at ${s.now}`);
      else for (let f = 0; f < FEATURE_COUNT; f++) if (!Object.is(row.x[f], s.x[f])) differ.push(`member ${s.member} at ${s.now}: ${FEATURE_NAMES[f]} ${s.x[f]} in the run, ${row.x[f]} exported`);
    }
    expect(differ.slice(0, 5)).toEqual([]);
  });

  test('the run exercised every feature: restrictions, lifts, InMails, and no feature constant', () => {
    expect(restrictions).toBeGreaterThan(20);
    expect(lifts).toBeGreaterThan(0);
    const constant = FEATURE_NAMES.filter((_, f) => seen.every((s) => s.x[f] === seen[0].x[f]));
    expect(constant).toEqual([]);
  });
});
