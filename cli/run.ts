/**
 * `invitesim run`: plan a scenario's sweep, run its tasks on worker threads (appending each
 * finished run to the output folder's journal; with --members, first its member file), write
 * every report (and members.csv), return the exit code.
 * Every check comes before the output folder is touched, so bad input leaves it as it was.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { loadScenario, parseSet, withOverrides } from '../scenarios/load';
import { applyOverlayFile } from '../scenarios/overlay';
import { membersMapCsv, prepareGraph } from '../scenarios/graph-import';
import { formatImportSummary } from '../sim/imported-graph';
import type { GraphImport } from '../io/graph-file';
import type { LogFormat } from '../io/event-log-writer';
import { EVENTS_DIR } from '../runner/event-files';
import { MEMBERS_MAP_FILE } from './event-outputs';
import { writeFileAtomic } from '../io/atomic-write';
import type { Scenario } from '../scenarios/schema';
import { InputError } from '../sim/errors';
import type { RunRecord, Task } from '../sim/result';
import {
  DEFAULT_MAX_RUNS,
  JOURNAL_FILE,
  Progress,
  checkRecords,
  checkResumable,
  journalRecord,
  defaultWorkerHeapMb,
  describeDamage,
  largestRun,
  memoryProblem,
  parseShard,
  planId,
  planSweep,
  readRunFolder,
  reopenRunFolder,
  runTasks,
  runTimeouts,
  shardTasks,
  startRunFolder,
  type Journal,
  type Manifest,
  type RunFolder,
  type Shard,
  type SweepPlan,
} from '../runner';
import { buildResults, type BuildOptions, exitCode, parseExpect, readResults, writeReports, type ResultsFile } from '../reports';
import { DEFAULT_ALPHA, describeParams, scenarioDifferences } from '../reports/baseline';
import { checkRunMembers, writeMembersCsv, writeRunMembers } from '../reports/members-files';
import { recordProblem } from '../reports/record-shape';
import { RunFailure, describeIoError } from './io-errors';
import { forStderr, runSummaryLines } from './run-summary';
import { OutputFolder, clearOutputs } from './output-folder';
import { StopOnSignals } from './signals';
import { EXIT_OK, EXIT_RUN_FAILED, EXIT_SIGNALLED } from './exit-codes';
import { parseSeed, positiveInt } from './options';
import { VERSION } from './version';

export interface RunFlags {
  out?: string;
  /** A scenario overlay file laid over the scenario before --set. */
  overlay?: string;
  seed?: string;
  replicates?: string;
  set: string[];
  threads?: string;
  quiet?: boolean;
  shard?: string;
  resume?: boolean;
  maxRuns?: string;
  yes?: boolean;
  force?: boolean;
  baseline?: string;
  /** Compare with a baseline of another scenario (members, days, archetypes or policy differ). */
  baselineAny?: boolean;
  tolerance?: string;
  alpha?: string;
  workerMemory?: string;
  runTimeout?: string;
  members?: boolean;
  events?: boolean;
  eventsFormat?: string;
}

/** Exit codes of a run stopped by a signal: the shell's 128 + signal number, which CI reads as cancelled. */
const DEFAULT_TOLERANCE = 0.01;

export async function runCommand(ref: string, flags: RunFlags): Promise<number> {
  const started = Date.now();
  const threads = positiveInt('--threads', flags.threads) ?? os.availableParallelism();
  const shards = flags.shard === undefined ? null : [parseShard(flags.shard)];
  const workerHeapMb = positiveInt('--worker-memory', flags.workerMemory);
  const baseline = flags.baseline === undefined ? undefined : { results: readResults(flags.baseline), tolerance: tolerance(flags.tolerance), alpha: alpha(flags.alpha) };
  const { plan } = planRun(ref, flags);
  const events = eventsFormat(flags);
  // An imported graph fixes the population, which the memory check, the baseline's check and the plan's id depend on.
  const graph = await prepareGraph(plan.scenario);
  if (graph && !flags.quiet) process.stderr.write(`invitesim: ${formatImportSummary(graph.summary)}\n`);
  if (baseline && flags.baselineAny !== true) checkSameScenario(plan.scenario, baseline.results.scenario, flags.baseline!);
  const timeoutMs = runTimeouts(plan.scenario, flags.runTimeout);
  const budgetMb = workerHeapMb ?? defaultWorkerHeapMb(threads);
  const tooBig = memoryProblem(largestRun(plan.scenario, plan.tasks, flags.members === true), budgetMb, workerHeapMb ? '--worker-memory' : `the default --worker-memory (half the memory shared among ${threads} threads) of`);
  if (tooBig) throw new InputError(tooBig);
  const manifest: Manifest = {
    manifestVersion: 1,
    id: planId(VERSION, plan.scenario, plan.tasks),
    invitesimVersion: VERSION,
    scenarioName: plan.scenario.name,
    tasks: plan.tasks.length,
    shards,
    members: flags.members === true,
    scenario: plan.scenario,
  };
  const outDir = flags.out ?? path.join('out', plan.scenario.name);
  const folder = OutputFolder.claim(outDir, { command: 'run', flag: `--out ${outDir}`, force: flags.force === true });
  let previous: RunFolder | null;
  try {
    previous = flags.resume ? readRunFolder(outDir, recordProblem) : null;
    if (previous) {
      checkResumable(previous, manifest);
      checkRecords(outDir, previous.records.values(), plan.tasks, shards);
      if (manifest.members) checkRunMembers(outDir, finishedRuns(previous.records.values()));
    }
  } catch (e) {
    folder.abandon();
    throw e;
  }
  try {
    return await runInFolder({ plan, manifest, shards, outDir, previous, flags, threads, workerHeapMb, timeoutMs, baseline, started, graph, events });
  } finally {
    folder.release();
  }
}

interface FolderRun {
  plan: SweepPlan;
  manifest: Manifest;
  shards: Shard[] | null;
  outDir: string;
  previous: RunFolder | null;
  flags: RunFlags;
  threads: number;
  workerHeapMb: number | undefined;
  timeoutMs: (task: Task) => number;
  baseline: BuildOptions['baseline'];
  started: number;
  graph: GraphImport | null;
  events: LogFormat | null;
}

/** Runs what is left to do in a claimed folder, then writes the reports. */
async function runInFolder(o: FolderRun): Promise<number> {
  const { plan, manifest, outDir, previous, flags } = o;
  const records = new Map<number, RunRecord>(previous?.records ?? []);
  const todo = shardTasks(plan.tasks, o.shards).filter((t) => records.get(t.index)?.result === undefined);
  if (previous && previous.damaged.length > 0) {
    process.stderr.write(`invitesim: ${path.join(outDir, JOURNAL_FILE)}: ${describeDamage(previous.damaged)} ${previous.damaged.length > 1 ? 'are' : 'is'} not a run record; ${previous.damaged.length > 1 ? 'their runs are' : 'its run is'} redone\n`);
  }
  let journal: Journal;
  try {
    if (!previous) clearOutputs(outDir);
    journal = previous ? reopenRunFolder(previous) : startRunFolder(outDir, manifest);
    if (o.graph) writeFileAtomic(path.join(outDir, MEMBERS_MAP_FILE), membersMapCsv(o.graph));
  } catch (e) {
    const io = describeIoError(e);
    throw io ? new InputError(`--out ${outDir}: cannot start the run: ${io}`) : e;
  }
  if (previous && todo.length === 0 && !flags.quiet) process.stderr.write(`invitesim: every run in ${outDir} had finished; rewriting its reports\n`);
  const progress = flags.quiet || todo.length === 0 ? null : new Progress({ label: `invitesim: ${plan.scenario.name}`, total: todo.length, stream: process.stderr });
  const stop = new StopOnSignals();
  try {
    await runTasks({
      scenario: plan.scenario,
      tasks: todo,
      threads: o.threads,
      workerHeapMb: o.workerHeapMb,
      timeoutMs: o.timeoutMs,
      members: manifest.members,
      events: o.events ? { dir: path.resolve(outDir, EVENTS_DIR), format: o.events } : null,
      signal: stop.signal,
      onRecord: (record, _timing, members) => {
        if (members) writeRunMembers(outDir, record, members);
        journalRecord(journal, records, record);
        progress?.tick(record.result?.metrics.events ?? 0, record.error !== undefined);
      },
    });
  } catch (e) {
    throw writeFailure(e, outDir, records.size, 'the run stopped; reports are not written');
  } finally {
    stop.dispose();
    journal.close();
  }
  progress?.finish();
  const signal = stop.stoppedBy;

  const all = [...records.values()].sort((a, b) => a.index - b.index);
  const partial = all.length < plan.tasks.length;
  const meta = runMeta(o.started, o.threads, signal);
  const results = buildResults(plan.scenario, all, meta, { partial, baseline: o.baseline });
  try {
    // results.json last of all (writeReports writes it last), so it is there only when everything is.
    if (manifest.members) writeMembersCsv(outDir, results);
    writeReports(outDir, results);
  } catch (e) {
    throw writeFailure(e, outDir, all.length, 'the reports are incomplete (results.json is written last, so it is missing)');
  }
  if (signal) {
    process.stderr.write(`invitesim: stopped by ${signal}: ${all.length} of ${plan.tasks.length} runs are kept in ${outDir}, reports marked partial; continue with --resume\n`);
    return EXIT_SIGNALLED[signal];
  }
  return outcome(results, outDir, flags.quiet === true);
}

/** A file-system failure once runs have started, as exit 3 naming the path, the cause and what is kept; other errors unchanged. */
export function writeFailure(e: unknown, outDir: string, kept: number, what: string): unknown {
  const io = describeIoError(e);
  if (!io) return e;
  return new RunFailure(`cannot write ${io}; ${what}; the ${kept} finished run${kept === 1 ? ' is' : 's are'} kept in ${path.join(outDir, JOURNAL_FILE)}: fix it and continue with --resume`);
}

const withSets = (s: Scenario, sets: string[]) => (sets.length === 0 ? s : withOverrides(s, sets.map(parseSet)));

/**
 * Everything `run` checks about a scenario before it touches the output folder: the file, its
 * --set overrides, --seed and --replicates, the sweep (paths, ranges, every point's values, the
 * run count against --max-runs) and the gates. `validate` calls this too, so the two accept
 * exactly the same scenarios.
 */
export function planRun(ref: string, flags: Pick<RunFlags, 'set' | 'seed' | 'replicates' | 'maxRuns' | 'yes' | 'overlay'>): { scenario: Scenario; plan: SweepPlan } {
  const maxRuns = positiveInt('--max-runs', flags.maxRuns) ?? DEFAULT_MAX_RUNS;
  const loaded = flags.overlay === undefined ? loadScenario(ref, flags.set) : withSets(applyOverlayFile(loadScenario(ref), flags.overlay), flags.set);
  const scenario = withRunFlags(loaded, flags);
  const plan = planSweep(scenario, { maxRuns, confirmed: flags.yes === true });
  parseExpect(plan.scenario.expect, 'expect', { pointCount: plan.tasks.length / plan.scenario.replicates });
  return { scenario, plan };
}

/**
 * The exit code of finished results, with its message: a failed run (3) first; then, on
 * partial results (one shard), nothing more, since gates belong to the merged whole.
 */
export function outcome(results: ResultsFile, outDir: string, quiet: boolean): number {
  const failed = results.runs.filter((r) => r.error !== undefined);
  if (failed.length > 0) {
    process.stderr.write(
      `invitesim: ${failed.length} of ${results.runs.length} runs failed (first: run ${failed[0].index}: ${failed[0].error}); the other runs are kept in ${outDir}\n`,
    );
    return EXIT_RUN_FAILED;
  }
  if (results.partial) {
    if (!quiet) process.stderr.write(`invitesim: wrote ${outDir} (partial: ${results.runs.length} runs; gates are checked once shards are merged)\n`);
    return EXIT_OK;
  }
  const code = exitCode(results);
  const problems: string[] = [];
  if (code !== EXIT_OK) {
    problems.push(...results.gates.filter((g) => !g.passed).map((g) => `gate ${g.name} failed at point ${g.point}${describeParams(g.params)}: ${g.message}`));
    problems.push(...(results.baseline?.regressions.map((r) => r.message) ?? []));
  }
  // The indented figure lines go without the prefix, so the table of points reads as one block.
  process.stderr.write(forStderr([...problems, ...runSummaryLines(results, outDir, quiet)]));
  return code;
}

/** Indices of the runs that finished with a result, in the order given. */
export function finishedRuns(records: Iterable<RunRecord>): number[] {
  return [...records].filter((r) => r.result !== undefined).map((r) => r.index);
}

function withRunFlags(scenario: Scenario, flags: Pick<RunFlags, 'seed' | 'replicates'>): Scenario {
  const seed = parseSeed(flags.seed);
  const replicates = positiveInt('--replicates', flags.replicates);
  return { ...scenario, ...(seed !== undefined ? { seed } : {}), ...(replicates !== undefined ? { replicates } : {}) };
}

function eventsFormat(flags: Pick<RunFlags, 'events' | 'eventsFormat'>): LogFormat | null {
  if (flags.eventsFormat !== undefined && flags.eventsFormat !== 'parquet' && flags.eventsFormat !== 'csv') {
    throw new InputError(`--events-format must be parquet or csv (got "${flags.eventsFormat}")`);
  }
  if (flags.eventsFormat !== undefined && !flags.events) throw new InputError('--events-format goes with --events; add --events to write the event logs');
  return flags.events ? ((flags.eventsFormat as LogFormat | undefined) ?? 'parquet') : null;
}

function alpha(text: string | undefined): number {
  if (text === undefined) return DEFAULT_ALPHA;
  const a = Number(text);
  if (text.trim() === '' || !(a > 0 && a < 1)) throw new InputError(`--alpha must be a family-wise error level between 0 and 1, e.g. 0.05 (got "${text}")`);
  return a;
}

function tolerance(text: string | undefined): number {
  if (text === undefined) return DEFAULT_TOLERANCE;
  const t = Number(text);
  if (text.trim() === '' || !Number.isFinite(t) || t < 0) throw new InputError(`--tolerance must be a non-negative number (got "${text}")`);
  return t;
}

/** results.json's and attack.json's wall-clock facts: the only fields that differ between runs of the same seed. */
export function runMeta(started: number, threads: number, stoppedBy: NodeJS.Signals | null) {
  return { invitesimVersion: VERSION, date: new Date(started).toISOString(), durationMs: Date.now() - started, host: os.hostname(), threads, ...(stoppedBy ? { stoppedBy: stoppedBy as string } : {}) };
}

/** A baseline of another scenario would report the change of world as regressions: bad input unless --baseline-any. */
function checkSameScenario(scenario: object, baseline: Record<string, unknown>, file: string): void {
  const differ = scenarioDifferences(JSON.parse(JSON.stringify(scenario)), baseline);
  if (differ.length > 0) {
    throw new InputError(`--baseline ${file}: it is a run of another scenario, whose ${differ.join('; ')} differ; compare runs of the same scenario, or pass --baseline-any to compare anyway`);
  }
}
