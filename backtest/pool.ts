/**
 * Runs a backtest's points, on `threads` worker threads (piscina) or, with one, in this thread.
 * Each point is a pure function of the log, the labels and the point (backtest/point.ts), and the
 * outcomes come back in point order, so the results are the same whatever the thread count.
 */
import { Piscina } from 'piscina';
import { compiledWorker } from '../runner/compiled-worker';
import type { EventLog } from '../io/event-log-reader';
import type { Labels } from '../io/labels';
import { InputError } from '../sim/errors';
import { backtestPoint, type BacktestPoint, type PointOutcome } from './point';
import type { BacktestWorkerData, WorkerReply } from './worker';

export interface PointInputs {
  log: EventLog;
  labels: Labels;
  logFile: string;
  labelsFile: string;
}

export async function runPoints(points: readonly BacktestPoint[], threads: number, inputs: PointInputs): Promise<PointOutcome[]> {
  const size = Math.min(threads, points.length);
  if (size <= 1) return points.map((pt) => backtestPoint(inputs.log, inputs.labels, pt));
  const workerData: BacktestWorkerData = { logFile: inputs.logFile, labelsFile: inputs.labelsFile };
  const pool = new Piscina<BacktestPoint, WorkerReply>({ filename: compiledWorker(__dirname, 'backtest'), minThreads: size, maxThreads: size, idleTimeout: Infinity, workerData });
  try {
    const replies = await Promise.all(points.map((pt) => pool.run(pt)));
    return replies.map((reply, i) => {
      if ('outcome' in reply) return reply.outcome;
      throw reply.input ? new InputError(reply.error) : new Error(`backtest point ${points[i].index}: ${reply.error}`);
    });
  } finally {
    await pool.destroy();
  }
}

