/**
 * Sweep benchmark: a sweep of 8 points × 4 replicates of the baseline on the worker pool,
 * with 1 thread and with 2, alternating, `repetitions` times each. Reports the median wall
 * times and their ratio (the speedup), and, on one thread, the pool's start-up (until the
 * first task starts in its worker) and its overhead per task (the time from the first task's
 * start to the last record's arrival not spent simulating, per task) against the mean task
 * time; worker shutdown after the last record counts in the wall times only. Checks that both thread counts
 * give identical records.
 */
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadScenario, withOverrides } from '../scenarios/load';
import { planSweep, runTasks } from '../runner';
import type { RunRecord } from '../sim/result';

export interface SweepBenchOptions {
  members?: number;
  days?: number;
  repetitions?: number;
  log?: (line: string) => void;
}

export interface SweepBench {
  points: number;
  replicates: number;
  tasks: number;
  members: number;
  days: number;
  repetitions: number;
  cores: number;
  loadAverage: number[];
  wallMs: { threads1: number[]; threads2: number[] };
  medianMs: { threads1: number; threads2: number };
  speedup: number;
  meanTaskMs: number;
  /** From the call until the first task started in a worker (threads started, modules loaded): once a sweep. */
  poolStartupMs: number;
  poolOverheadPerTaskMs: number;
  /** Pool overhead per task as a share of the mean task time (target < 0.01). */
  overheadShare: number;
  identicalRecords: boolean;
}

const CAPS = [25, 50, 75, 100, 125, 150, 175, 200];
const REPLICATES = 4;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export async function benchSweep(options: SweepBenchOptions = {}): Promise<SweepBench> {
  const { members = 20_000, days = 30, repetitions = 3, log = () => {} } = options;
  const scenario = withOverrides(loadScenario('baseline'), [
    ['population.members', members],
    ['days', days],
    ['replicates', REPLICATES],
    ['sweep', { 'policy.params.cap': CAPS }],
  ]);
  const { scenario: planned, tasks } = planSweep(scenario, { maxRuns: Infinity, confirmed: true });

  const sweep = async (threads: number) => {
    const records: RunRecord[] = [];
    let workerMs = 0;
    let firstStart = Infinity;
    let lastEnd = 0;
    const start = performance.now();
    await runTasks({
      scenario: planned,
      tasks,
      threads,
      onRecord: (record, timing) => {
        if (record.error !== undefined || !timing) throw new Error(`bench: run ${record.index} failed: ${record.error}`);
        records.push(record);
        workerMs += timing.workerMs;
        firstStart = Math.min(firstStart, timing.startedAt);
        lastEnd = performance.now();
      },
    });
    const wall = performance.now() - start;
    const startup = firstStart - (performance.timeOrigin + start);
    records.sort((a, b) => a.index - b.index);
    return { wall, workerMs, startup, busy: lastEnd - start - startup, records: JSON.stringify(records) };
  };

  const wall1: number[] = [];
  const wall2: number[] = [];
  const startups: number[] = [];
  const overheads: number[] = [];
  const taskTimes: number[] = [];
  let identical = true;
  for (let r = 0; r < repetitions; r++) {
    // Alternating, so a burst of load on a shared machine hits both thread counts alike.
    const one = await sweep(1);
    const two = await sweep(2);
    wall1.push(one.wall);
    wall2.push(two.wall);
    startups.push(one.startup);
    overheads.push((one.busy - one.workerMs) / tasks.length);
    taskTimes.push(one.workerMs / tasks.length);
    identical &&= one.records === two.records;
    log(`sweep ${r + 1}/${repetitions}: 1 thread ${(one.wall / 1000).toFixed(2)} s, 2 threads ${(two.wall / 1000).toFixed(2)} s`);
  }
  const m1 = median(wall1);
  const m2 = median(wall2);
  const meanTaskMs = median(taskTimes);
  const poolOverheadPerTaskMs = median(overheads);
  return {
    points: CAPS.length,
    replicates: REPLICATES,
    tasks: tasks.length,
    members,
    days,
    repetitions,
    cores: os.availableParallelism(),
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
    wallMs: { threads1: wall1.map(Math.round), threads2: wall2.map(Math.round) },
    medianMs: { threads1: Math.round(m1), threads2: Math.round(m2) },
    speedup: Number((m1 / m2).toFixed(3)),
    meanTaskMs: Number(meanTaskMs.toFixed(2)),
    poolStartupMs: Math.round(median(startups)),
    poolOverheadPerTaskMs: Number(poolOverheadPerTaskMs.toFixed(3)),
    overheadShare: Number((poolOverheadPerTaskMs / meanTaskMs).toFixed(5)),
    identicalRecords: identical,
  };
}

/** `node dist/bench/sweep.js [--members N] [--repetitions N]`: prints the figures as JSON. */
if (require.main === module) {
  const args = process.argv.slice(2);
  const flag = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : undefined;
  };
  benchSweep({ members: flag('--members'), repetitions: flag('--repetitions'), log: (s) => process.stderr.write(`bench: ${s}\n`) }).then(
    (result) => process.stdout.write(JSON.stringify(result, null, 2) + '\n'),
    (e) => {
      process.stderr.write(`bench: ${(e as Error).stack}\n`);
      process.exitCode = 1;
    },
  );
}
