/**
 * runTasks: runs a plan's tasks on a piscina pool of worker threads and hands each finished
 * task to `onRecord` as it ends. Results do not depend on the thread count: a task is a pure
 * function of the scenario and its seed, and callers order records by task index. A task
 * that throws, or whose worker dies (out of memory, process.exit), fails alone: its record
 * carries the error and the pool replaces the worker. So does a task that runs past its time
 * limit: a watchdog in this thread reads when each task started in its worker (a shared array)
 * and aborts it, which terminates that worker. Aborting `signal` stops at once: running tasks
 * are abandoned (their workers terminated), finished ones were already handed over.
 */
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Piscina } from 'piscina';
import type { RunRecord, Task } from '../sim/result';
import type { MemberTable } from '../sim/member-table';
import type { Scenario } from '../scenarios/schema';
import { compiledWorker } from './compiled-worker';
import { formatDurationMs } from './run-timeout';
import { importedGraphs } from '../sim/imported-graph';
import type { EventLogOptions } from './event-files';
import type { TaskTiming, WorkerData, WorkerJob, WorkerReply } from './worker';

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
  /** Where each run writes its platform event log and labels (`run --events`), or none. */
  events?: EventLogOptions | null;
  /** Each task's time limit in ms, from when it starts in its worker (default: none). */
  timeoutMs?: (task: Task) => number;
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
/** How often the watchdog looks at running tasks' time: the limit is kept within this much. */
const WATCH_EVERY_MS = 200;
/** The abort reason of a task stopped at its time limit. */
const TIMED_OUT = Symbol('timed out');

/** The runner's compiled worker. */
export function workerFile(): string {
  return compiledWorker(__dirname, 'runTasks');
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
  const started = new Float64Array(new SharedArrayBuffer(8 * tasks.length));
  const workerData: WorkerData = { scenario, members: options.members === true, started: started.buffer as SharedArrayBuffer, graphs: importedGraphs(), events: options.events ?? null };
  const pool = new Piscina<WorkerJob, WorkerReply>({
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
  /** Tasks in flight by slot (their position in `tasks`), each with its own abort, for the watchdog. */
  const inFlight = new Map<number, { task: Task; abort: AbortController; limitMs: number }>();
  const launch = (slot: number): Promise<void> => {
    const task = tasks[slot];
    const abort = new AbortController();
    const limitMs = options.timeoutMs?.(task) ?? Infinity;
    inFlight.set(slot, { task, abort, limitMs });
    const onStop = () => abort.abort();
    stop.signal.addEventListener('abort', onStop);
    return pool.run({ task, slot }, { signal: abort.signal }).then(
      (reply) => finish({ ...task, result: reply.result }, reply.timing, reply.members),
      (error: unknown) => {
        if (stop.signal.aborted) return;
        const timedOut = abort.signal.reason === TIMED_OUT;
        finish({ ...task, error: timedOut ? timeoutMessage(limitMs) : describeFailure(error, heapMb) }, null, null);
      },
    ).finally(() => {
      inFlight.delete(slot);
      stop.signal.removeEventListener('abort', onStop);
    });
  };
  const watchdog = options.timeoutMs ? setInterval(() => {
    const now = performance.timeOrigin + performance.now();
    for (const [slot, t] of inFlight) if (started[slot] > 0 && now - started[slot] > t.limitMs) t.abort.abort(TIMED_OUT);
  }, WATCH_EVERY_MS) : null;

  const running = new Set<Promise<void>>();
  try {
    let next = 0;
    while (next < tasks.length && !stop.signal.aborted) {
      while (running.size < size * QUEUED_PER_THREAD && next < tasks.length) {
        const p = launch(next++).finally(() => running.delete(p));
        running.add(p);
      }
      await Promise.race(running);
    }
    await Promise.all(running);
  } finally {
    if (watchdog) clearInterval(watchdog);
    signal?.removeEventListener('abort', onAbort);
    await pool.destroy();
  }
  if (failures.length > 0) throw failures[0];
  return { finished, stopped: finished < tasks.length };
}

function timeoutMessage(limitMs: number): string {
  return `run took longer than its limit of ${formatDurationMs(limitMs)} (--run-timeout, or the scenario's runTimeout); its worker was stopped`;
}

/** The message a failed task's record carries: the task's own error, or why its worker died. */
function describeFailure(error: unknown, heapMb: number): string {
  const e = error as NodeJS.ErrnoException;
  if (e?.code === 'ERR_WORKER_OUT_OF_MEMORY') return `worker ran out of memory (heap limit ${heapMb} MiB): ${e.message}`;
  if (e instanceof Error && /^worker exited/i.test(e.message)) return `worker died: ${e.message}`;
  return e instanceof Error ? e.message : String(error);
}
