/**
 * `invitesim features <log> [--labels <file>] [--per member-day|invitation] --out <file>`: the
 * feature rows of a platform event log (docs/features.md), for training a model. The log is
 * replayed through backtest's replay (the platform view built from the log alone) into a
 * FeatureRecorder, which computes the features with the model policy's own accumulator.
 * Everything is read and checked before the file is written; the file appears only whole.
 */
import * as path from 'node:path';
import { readEventLog, type EventLog } from '../io/event-log-reader';
import { readLabels } from '../io/labels';
import { K } from '../io/log-schema';
import { replay } from '../backtest/replay';
import { InputError } from '../sim/errors';
import { DEFAULT_LADDER } from '../scenarios/defaults';
import { FeatureRecorder } from '../features/recorder';
import { FEATURE_NAMES } from '../features/schema';
import { FeatureTableWriter, checkOverwrite, type FeaturesPer } from '../features/table';
import { MINUTES_PER_DAY } from '../policies/policy';
import { VERSION } from './version';

export interface FeaturesFlags {
  labels?: string;
  per?: string;
  out?: string;
  quiet?: boolean;
}

const PERS: readonly FeaturesPer[] = ['member-day', 'invitation'];

export async function featuresCommand(logFile: string, flags: FeaturesFlags): Promise<number> {
  const per = (flags.per ?? 'member-day') as FeaturesPer;
  if (!PERS.includes(per)) throw new InputError(`--per ${flags.per}: use member-day (a row per member per day) or invitation (a row per invitation attempt)`);
  if (!flags.out) throw new InputError('--out <file> is required: features.parquet, or features.csv / features.csv.gz for tools without Parquet');
  const out = path.resolve(flags.out);
  const log = await readEventLog(path.resolve(logFile));
  const labels = flags.labels ? await readLabels(flags.labels, log.members, log.file) : null;
  await checkOverwrite(out, '--out');
  if (!flags.quiet) for (const w of defaultsWarnings(log)) process.stderr.write(`invitesim: warning: ${w}\n`);
  const rows = exportFeatures(log, per, labels?.abusiveFrom ?? null, out);
  if (!flags.quiet) process.stderr.write(`invitesim: ${rows.toLocaleString('en-US')} ${per} rows of ${FEATURE_NAMES.length} features from ${log.file}: wrote ${flags.out}\n`);
  return 0;
}

/** Replays the log into a FeatureRecorder writing `file`; returns the rows written. */
export function exportFeatures(log: EventLog, per: FeaturesPer, abusiveFrom: Int32Array | null, file: string): number {
  const meta = { invitesimVersion: VERSION, per, features: FEATURE_NAMES, log: log.file, members: log.members, horizon: log.horizon, labels: abusiveFrom !== null };
  const writer = new FeatureTableWriter(file, per, abusiveFrom !== null, meta);
  let recorder: FeatureRecorder | null = null;
  try {
    const settings = { reviewEveryMinutes: MINUTES_PER_DAY, ladder: { ...DEFAULT_LADDER, ...(log.meta.ladder ?? {}) } };
    const truth = { abusiveFrom: abusiveFrom ?? new Int32Array(log.members).fill(-1) };
    replay(log, settings, (ctx) => (recorder = new FeatureRecorder(ctx, per, writer, abusiveFrom)), truth);
    recorder!.finish(log.horizon);
    writer.close();
  } catch (e) {
    writer.abandon();
    throw e;
  }
  return writer.total;
}

/** What a log lacks that features need, and the default used instead: one named warning each. */
export function defaultsWarnings(log: EventLog): string[] {
  const has = new Set(log.columns);
  const kinds = new Set(log.kind);
  const out: string[] = [];
  if (!kinds.has(K.member)) out.push(`${log.file} has no member rows: every account counts as joined at minute 0 without a photo (account_age_days is the time since the log began, photo 0)`);
  else {
    if (!has.has('photo')) out.push(`${log.file} has no photo column: photo is 0 for every member`);
    if (!has.has('joined_at')) out.push(`${log.file} has no joined_at column: each account counts as joined at its member row's time (account_age_days)`);
  }
  if (!kinds.has(K.connection)) out.push(`${log.file} has no connection rows: the platform starts with no connections (degree, invitee_clustering, invitee_mutual_mean and stranger_share count only connections accepted in the log)`);
  return out;
}
