/**
 * The worker thread's entry: piscina loads this file, compiled, from dist/. Each worker is
 * given the resolved scenario once (workerData) and then only tasks, so a task message is
 * a few hundred bytes. Besides the result it reports when and for how long the simulation
 * ran inside the worker, for the pool-overhead benchmark; timings never enter results.
 */
import { performance } from 'node:perf_hooks';
import { workerData } from 'node:worker_threads';
import type { RunResult, Task } from '../result';
import type { Scenario } from '../../scenarios/schema';
import { runTask } from './run-task';

export interface WorkerData {
  scenario: Scenario;
}

export interface WorkerReply {
  result: RunResult;
  timing: TaskTiming;
}

/** When a task started in its worker (ms since the epoch, comparable across threads) and how long it ran. */
export interface TaskTiming {
  startedAt: number;
  workerMs: number;
}

const { scenario } = workerData as WorkerData;

export default function runInWorker(task: Task): WorkerReply {
  const start = performance.now();
  const result = runTask(scenario, task);
  return { result, timing: { startedAt: performance.timeOrigin + start, workerMs: performance.now() - start } };
}
