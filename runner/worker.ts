/**
 * The worker thread's entry: piscina loads this file, compiled, from dist/. Each worker is
 * given the resolved scenario once (workerData) and then only tasks, so a task message is
 * a few hundred bytes. Besides the result it reports when and for how long the simulation
 * ran inside the worker, for the pool-overhead benchmark; timings never enter results.
 * A member table (`run --members`) travels by transferring its buffers, not by copying.
 */
import { performance } from 'node:perf_hooks';
import { workerData } from 'node:worker_threads';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import type { RunResult, Task } from '../sim/result';
import type { Scenario } from '../scenarios/schema';
import { memberTableBuffers, type MemberTable } from '../sim/member-table';
import { simulateTask } from './run-task';
import { registerImportedGraph, type ImportedGraph } from '../sim/imported-graph';
import type { EventLogOptions } from './event-files';

export interface WorkerData {
  scenario: Scenario;
  /** Whether each task also returns its member table. */
  members: boolean;
  /** A Float64 a job slot: when its task started here (ms since the epoch), for the run time limit. */
  started: SharedArrayBuffer;
  /** Imported graphs (scenario graph.file), their arrays in SharedArrayBuffers: read here, not copied. */
  graphs: Array<[string, ImportedGraph]>;
  /** Where each run writes its event log and labels, or null. */
  events: EventLogOptions | null;
}

/** A task and the slot its start time is written to. */
export interface WorkerJob {
  task: Task;
  slot: number;
}

export interface WorkerReply {
  result: RunResult;
  members: MemberTable | null;
  timing: TaskTiming;
}

/** When a task started in its worker (ms since the epoch, comparable across threads) and how long it ran. */
export interface TaskTiming {
  startedAt: number;
  workerMs: number;
}

const { scenario, members, started, graphs, events } = workerData as WorkerData;
const startedAt = new Float64Array(started);
for (const [file, graph] of graphs) registerImportedGraph(file, graph);

export default function runInWorker({ task, slot }: WorkerJob): WorkerReply {
  const start = performance.now();
  startedAt[slot] = performance.timeOrigin + start;
  const run = simulateTask(scenario, task, members, events);
  const reply: WorkerReply = { ...run, timing: { startedAt: performance.timeOrigin + start, workerMs: performance.now() - start } };
  if (!run.members) return reply;
  // piscina posts the value with the buffers in its transfer list; the pool's caller receives the reply itself.
  return move({ [transferableSymbol]: memberTableBuffers(run.members), [valueSymbol]: reply }) as unknown as WorkerReply;
}
