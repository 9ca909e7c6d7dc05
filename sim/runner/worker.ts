/**
 * The worker thread's entry: piscina loads this file, compiled, from dist/. Each worker is
 * given the resolved scenario once (workerData) and then only tasks, so a task message is
 * a few hundred bytes. Besides the result it reports how long the simulation took inside
 * the worker, which the runner uses for throughput and the pool-overhead benchmark, never
 * in results.
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
  workerMs: number;
}

const { scenario } = workerData as WorkerData;

export default function runInWorker(task: Task): WorkerReply {
  const start = performance.now();
  const result = runTask(scenario, task);
  return { result, workerMs: performance.now() - start };
}
