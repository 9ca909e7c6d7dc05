/**
 * `run --events`: each run's platform event log (events/run-<index>.parquet or .csv.gz) and,
 * apart from it, its labels (events/labels-<index>.csv: the truth a backtest scores against).
 * The log is only what the platform saw; the labels file only what the simulator knows.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EventLogWriter, type LogFormat } from '../io/event-log-writer';
import { LABEL_COLUMNS, LOG_SCHEMA_VERSION, type LogMeta } from '../io/log-schema';
import { ARCHETYPES, type SimConfig } from '../sim/config';
import type { Engine } from '../sim/engine';
import type { PolicySpec } from '../policies/definition';

export interface EventLogOptions {
  /** The folder the logs go to (the run's out folder's `events/`). */
  dir: string;
  format: LogFormat;
}

export const EVENTS_DIR = 'events';

export function logFile(o: EventLogOptions, index: number): string {
  return path.join(o.dir, `run-${index}.${o.format === 'parquet' ? 'parquet' : 'csv.gz'}`);
}

export function labelsFile(o: EventLogOptions, index: number): string {
  return path.join(o.dir, `labels-${index}.csv`);
}

/** Opens run `index`'s log on a built world, before its run: the platform at the start, then each event as it happens. */
export function openEventLog(o: EventLogOptions, index: number, engine: Engine, cfg: SimConfig, scenario: string, policy: PolicySpec): EventLogWriter {
  fs.mkdirSync(o.dir, { recursive: true });
  const meta: LogMeta = {
    schemaVersion: LOG_SCHEMA_VERSION,
    members: engine.pop.n,
    horizon: engine.horizon,
    reviewEveryMinutes: cfg.reviewEveryMinutes,
    ladder: cfg.ladder,
    scenario,
    seed: cfg.seed,
    policy,
  };
  const writer = new EventLogWriter(logFile(o, index), o.format, meta);
  writer.start(engine.platform.snapshot(), engine.pop.joinedAt);
  engine.log = writer;
  engine.ladder.onChange = writer.ladder;
  return writer;
}

/**
 * The run's truth: each member's archetype, label and the minute it turns abusive (empty: never).
 * The label is the run's: an account whose takeover falls after the horizon is honest throughout it.
 */
export function writeLabels(o: EventLogOptions, index: number, engine: Engine, cfg: SimConfig): void {
  const pop = engine.pop;
  const lines = [LABEL_COLUMNS.join(',')];
  for (let m = 0; m < pop.n; m++) {
    const name = ARCHETYPES[pop.members.archetype(m)];
    const from = pop.abusiveFrom[m];
    lines.push(`${m},${name},${from >= 0 ? 'abusive' : 'honest'},${from >= 0 ? from : ''}`);
  }
  const file = labelsFile(o, index);
  fs.writeFileSync(`${file}.tmp`, `${lines.join('\n')}\n`);
  fs.renameSync(`${file}.tmp`, file);
}
