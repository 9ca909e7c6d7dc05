/**
 * The backtest's worker thread (piscina loads this file, compiled, from dist/): it reads the log
 * and the labels once, then replays the points it is given. A failure comes back as a value, with
 * whether it was bad input, so that the main thread can exit 2 with its message as a backtest
 * in one thread would.
 */
import { workerData } from 'node:worker_threads';
import { readEventLog, type EventLog } from '../io/event-log-reader';
import { readLabels, type Labels } from '../io/labels';
import { InputError } from '../sim/errors';
import { backtestPoint, type BacktestPoint, type PointOutcome } from './point';

export interface BacktestWorkerData {
  logFile: string;
  labelsFile: string;
}

export type WorkerReply = { outcome: PointOutcome } | { error: string; input: boolean };

const { logFile, labelsFile } = workerData as BacktestWorkerData;
let loaded: Promise<{ log: EventLog; labels: Labels }> | null = null;

async function load(): Promise<{ log: EventLog; labels: Labels }> {
  const log = await readEventLog(logFile);
  return { log, labels: await readLabels(labelsFile, log.members, log.file) };
}

export default async function backtestInWorker(pt: BacktestPoint): Promise<WorkerReply> {
  try {
    loaded ??= load();
    const { log, labels } = await loaded;
    return { outcome: backtestPoint(log, labels, pt) };
  } catch (e) {
    return { error: (e as Error).message, input: e instanceof InputError };
  }
}
