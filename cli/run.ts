/** `invitesim run`: plan a scenario's tasks, run them, write every report, return the exit code. */
import * as path from 'node:path';
import { loadScenario } from '../scenarios/load';
import { planTasks } from '../sim/runner/plan';
import { runTask } from '../sim/runner/run-task';
import type { RunRecord } from '../sim/result';
import { buildResults, writeReports } from '../reports';
import { EXIT_OK, EXIT_RUN_FAILED } from './exit-codes';
import { parseSeed, positiveInt } from './options';
import { VERSION } from './version';
import * as os from 'node:os';

export interface RunFlags {
  out?: string;
  seed?: string;
  replicates?: string;
  set: string[];
  threads?: string;
  quiet?: boolean;
}

export async function runCommand(ref: string, flags: RunFlags): Promise<number> {
  let scenario = loadScenario(ref, flags.set);
  const seed = parseSeed(flags.seed);
  const replicates = positiveInt('--replicates', flags.replicates);
  positiveInt('--threads', flags.threads);
  scenario = { ...scenario, ...(seed !== undefined ? { seed } : {}), ...(replicates ? { replicates } : {}) };
  const outDir = flags.out ?? path.join('out', scenario.name);
  const tasks = planTasks(scenario);
  const started = Date.now();
  const records: RunRecord[] = [];
  for (const task of tasks) {
    try {
      records.push({ ...task, result: runTask(scenario, task) });
    } catch (e) {
      records.push({ ...task, error: (e as Error).message });
    }
    if (!flags.quiet) process.stderr.write(`invitesim: ${scenario.name}: run ${records.length}/${tasks.length} done\n`);
  }
  const results = buildResults(scenario, records, {
    invitesimVersion: VERSION,
    date: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    host: os.hostname(),
    threads: 1,
  }, { partial: false });
  writeReports(outDir, results);
  if (!flags.quiet) process.stderr.write(`invitesim: wrote ${outDir}\n`);
  return records.some((r) => r.error) ? EXIT_RUN_FAILED : EXIT_OK;
}
