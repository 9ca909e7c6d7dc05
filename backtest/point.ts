/**
 * One backtest point, start to end: the log replayed through the point's policy, scored against
 * the labels, as a RunResult (what run reports) plus what only a backtest can tell. A pure
 * function of the log, the labels and the point, so points give the same result on any thread.
 */
import { createPolicy } from '../policies/registry';
import type { PolicySpec } from '../policies/definition';
import type { RunResult } from '../sim/result';
import type { EventLog } from '../io/event-log-reader';
import type { Labels } from '../io/labels';
import { replay, type Replay, type ReplaySettings } from './replay';
import { scoreReplay, type BacktestMetrics } from './score';
import { backtestRunResult } from './run-result';

export interface BacktestPoint {
  index: number;
  /** The --set and --sweep values of this point, by path. */
  params: Record<string, unknown>;
  policy: PolicySpec;
  settings: ReplaySettings;
}

export interface PointOutcome {
  index: number;
  metrics: BacktestMetrics;
  result: RunResult;
  restrictions: Replay['restrictions'];
  lifts: Replay['lifts'];
}

export function backtestPoint(log: EventLog, labels: Labels, pt: BacktestPoint): PointOutcome {
  const truth = { abusiveFrom: labels.abusiveFrom };
  const r = replay(log, pt.settings, (ctx, t) => createPolicy(pt.policy, ctx, t), truth);
  const { metrics, curve, outcomes } = scoreReplay(r, labels.abusiveFrom, r.joinedAt);
  const result = backtestRunResult(log, labels.archetype, labels.abusiveFrom, r, outcomes, metrics, curve);
  return { index: pt.index, metrics, result, restrictions: r.restrictions, lifts: r.lifts };
}
