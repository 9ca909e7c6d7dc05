/**
 * runTasks: runs a plan's tasks on a piscina pool of worker threads and hands each finished
 * task to `onRecord` as it ends. Results do not depend on the thread count: a task is a pure
 * function of the scenario and its seed, and callers order records by task index. A task
 * that throws, or whose worker dies (out of memory, process.exit), fails alone: its record
 * carries the error and the pool replaces the worker. Aborting `signal` stops at once:
 * running tasks are abandoned (their workers terminated), finished ones were already handed over.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Piscina } from 'piscina';
import type { RunRecord, Task } from '../result';
import type { MemberTable } from '../member-table';
import type { Scenario } from '../../scenarios/schema';
import type { TaskTiming, WorkerData, WorkerReply } from './worker';

export interface RunTasksOptions {
  scenario: Scenario;
  tasks: readonly Task[];
  threads: number;
  /** Whether each finished task also hands over its member table (`run --members`). */
  members?: boolean;
  /** Called in the main thread as each task ends, in completion order, with its member table when asked for and the task succeeded; a throw stops the run. */
  onRecord(record: RunRecord, timing: TaskTiming | null, members: MemberTable | null): void;
  signal?: AbortSignal;
  /** Heap limit of each worker in MiB (default: half the machine's memory shared among the threads). */
  workerHeapMb?: number;
}

export interface RunTasksSummary {
  /** Tasks handed to onRecord (with a result or an error). */
  finished: number;
  /** True when the signal stopped the run before every task finished. */
  stopped: boolean;
}

/** Tasks queued per thread: enough to keep workers busy, few enough that a stop discards little. */
const QUEUED_PER_THREAD = 2;
const MIB = 1024 * 1024;

/** The compiled worker next to this file; from TypeScript sources (ts-jest) there is none. */
export function workerFile(): string {
  const file = path.join(__dirname, 'worker.js');
  if (!fs.existsSync(file)) {
    throw new Error(
      `runTasks: worker threads run compiled JavaScript and ${file} does not exist; run \`npm run build\` and use the runner from dist/ (tests: import from dist/ or spawn dist/cli/main.js)`,
    );
  }
  return file;
}

export function defaultWorkerHeapMb(threads: number): number {
  return Math.max(256, Math.floor(os.totalmem() / MIB / 2 / threads));
}

export async function runTasks(options: RunTasksOptions): Promise<RunTasksSummary> {
  const { scenario, tasks, threads, onRecord, signal } = options;
  if (!Number.isSafeInteger(threads) || threads < 1) throw new Error(`runTasks: options.threads must be a positive integer (got ${threads})`);
  if (tasks.length === 0) return { finished: 0, stopped: false };
  const heapMb = options.workerHeapMb ?? defaultWorkerHeapMb(threads);
  const size = Math.max(1, Math.min(threads, tasks.length));
  const workerData: WorkerData = { scenario, members: options.members === true };
  const pool = new Piscina<Task, WorkerReply>({
    filename: workerFile(),
    minThreads: size,
    maxThreads: size,
    idleTimeout: Infinity,
    workerData,
    resourceLimits: { maxOldGenerationSizeMb: heapMb },
  });
  // One controller for both reasons to stop: the caller's signal and a throwing onRecord.
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal?.addEventListener('abort', onAbort);
  if (signal?.aborted) stop.abort();
  const failures: unknown[] = [];
  let finished = 0;

  const finish = (record: RunRecord, timing: TaskTiming | null, members: MemberTable | null) => {
    if (failures.length > 0) return;
    try {
      onRecord(record, timing, members);
      finished++;
    } catch (error) {
      failures.push(error);
      stop.abort();
    }
  };
  const launch = (task: Task): Promise<void> =>
    pool.run(task, { signal: stop.signal }).then(
      (reply) => finish({ ...task, result: reply.result }, reply.timing, reply.members),
      (error: unknown) => {
        if (!stop.signal.aborted) finish({ ...task, error: describeFailure(error, heapMb) }, null, null);
      },
    );

  const running = new Set<Promise<void>>();
  try {
    let next = 0;
    while (next < tasks.length && !stop.signal.aborted) {
      while (running.size < size * QUEUED_PER_THREAD && next < tasks.length) {
        const p = launch(tasks[next++]).finally(() => running.delete(p));
        running.add(p);
      }
      await Promise.race(running);
    }
    await Promise.all(running);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await pool.destroy();
  }
  if (failures.length > 0) throw failures[0];
  return { finished, stopped: finished < tasks.length };
}

/** The message a failed task's record carries: the task's own error, or why its worker died. */
function describeFailure(error: unknown, heapMb: number): string {
  const e = error as NodeJS.ErrnoException;
  if (e?.code === 'ERR_WORKER_OUT_OF_MEMORY') return `worker ran out of memory (heap limit ${heapMb} MiB): ${e.message}`;
  if (e instanceof Error && /^worker exited/i.test(e.message)) return `worker died: ${e.message}`;
  return e instanceof Error ? e.message : String(error);
}
