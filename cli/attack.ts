/**
 * `invitesim attack`: the red team. Searches an abusive archetype's strategy space
 * (scenarios/attack.ts) for the strategy that does the most harm per account against the
 * scenario's policy, honest members and policy fixed, by an iterated race
 * (runner/attack-search.ts): each round's runs go to the worker pool, each finished run
 * to the folder's journal, so a killed search resumes (--resume) where it stopped and ends
 * with what an uninterrupted one would. Writes attack.csv, attack.json, report.html and
 * summary.md. Every check comes before the output folder is touched.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { loadScenario } from '../scenarios/load';
import { attackSpace } from '../scenarios/attack';
import type { Scenario } from '../scenarios/schema';
import { InputError } from '../sim/errors';
import type { RunRecord, Task } from '../sim/result';
import {
  JOURNAL_FILE,
  AttackSearch,
  OBJECTIVES,
  Progress,
  checkRecords,
  checkResumable,
  defaultWorkerHeapMb,
  describeDamage,
  journalRecord,
  largestRun,
  memoryProblem,
  planId,
  readRunFolder,
  reopenRunFolder,
  runTasks,
  runTimeouts,
  searchColumns,
  startRunFolder,
  type Journal,
  type Manifest,
  type Objective,
  type RunFolder,
} from '../runner';
import { parseExpect } from '../reports';
import { attackExitCode, buildAttackResults, parseAttackExpect, type AttackResults, type AttackSettings } from '../reports/attack';
import { recordProblem } from '../reports/record-shape';
import { writeAttackReports } from '../reports/write';
import { describeIoError } from './io-errors';
import { OutputFolder, clearOutputs } from './output-folder';
import { EXIT_OK, EXIT_RUN_FAILED, EXIT_SIGNALLED } from './exit-codes';
import { parseSeed, positiveInt } from './options';
import { runMeta, writeFailure } from './run';
import { StopOnSignals } from './signals';
import { VERSION } from './version';
import { DEFAULT_BUDGET } from './defaults';


export interface AttackFlags {
  attacker: string;
  budget?: string;
  objective?: string;
  out?: string;
  seed?: string;
  set: string[];
  threads?: string;
  resume?: boolean;
  force?: boolean;
  workerMemory?: string;
  runTimeout?: string;
  quiet?: boolean;
}

interface Search {
  scenario: Scenario;
  settings: AttackSettings;
  search: AttackSearch;
  manifest: Manifest;
}

export async function attackCommand(ref: string, flags: AttackFlags): Promise<number> {
  const started = Date.now();
  const threads = positiveInt('--threads', flags.threads) ?? os.availableParallelism();
  const workerHeapMb = positiveInt('--worker-memory', flags.workerMemory);
  const search = planAttack(ref, flags);
  const { scenario, settings } = search;
  const timeoutMs = runTimeouts(scenario, flags.runTimeout);
  const round0 = search.search.screenTasks();
  const budgetMb = workerHeapMb ?? defaultWorkerHeapMb(threads);
  const tooBig = memoryProblem(largestRun(scenario, round0, false), budgetMb, workerHeapMb ? '--worker-memory' : `the default --worker-memory (half the memory shared among ${threads} threads) of`);
  if (tooBig) throw new InputError(tooBig);
  const outDir = flags.out ?? path.join('out', `${scenario.name}-attack-${settings.attacker}`);
  const folder = OutputFolder.claim(outDir, { command: 'attack', flag: `--out ${outDir}`, force: flags.force === true });
  let previous: RunFolder | null;
  try {
    previous = flags.resume ? readRunFolder(outDir, recordProblem) : null;
    if (previous) checkResumable(previous, search.manifest);
  } catch (e) {
    folder.abandon();
    throw e;
  }
  try {
    return await searchInFolder({ search, outDir, previous, flags, threads, workerHeapMb, timeoutMs, started });
  } finally {
    folder.release();
  }
}

/**
 * Everything attack checks before it touches the output folder: the scenario and --set,
 * --seed, --attacker against the scenario's archetypes, --budget, --objective, the attack
 * block's bounds, and the gates. The scenario's sweep is not used: the policy stays as written.
 */
export function planAttack(ref: string, flags: Pick<AttackFlags, 'attacker' | 'budget' | 'objective' | 'seed' | 'set' | 'quiet'>): Search {
  const budget = positiveInt('--budget', flags.budget) ?? DEFAULT_BUDGET;
  if (budget < 2) throw new InputError(`--budget must be at least 2 runs: one for the scenario's own attacker and one for a candidate (got ${budget})`);
  const objective = flags.objective ?? 'abusiveConnections';
  if (!(OBJECTIVES as readonly string[]).includes(objective)) throw new InputError(`--objective ${objective}: not a harm the search can maximise; give one of ${OBJECTIVES.join(', ')} (per abusive account of the attacker)`);
  const loaded = loadScenario(ref, flags.set);
  const seed = parseSeed(flags.seed);
  if (Object.keys(loaded.sweep).length > 0 && !flags.quiet) {
    process.stderr.write(`invitesim: attack keeps the policy fixed, so the scenario's sweep (${Object.keys(loaded.sweep).join(', ')}) is not used; pick its values with --set\n`);
  }
  const scenario: Scenario = { ...loaded, sweep: {}, ...(seed !== undefined ? { seed } : {}) };
  const space = attackSpace(scenario, flags.attacker);
  parseExpect(scenario.expect, 'expect');
  parseAttackExpect(scenario.expect);
  const search = new AttackSearch(space, scenario, scenario.seed, budget);
  const settings: AttackSettings = { attacker: space.attacker, objective: objective as Objective, budget, seed: scenario.seed, shape: search.shape, searched: searchColumns(space) };
  const attack = { attacker: space.attacker, objective, budget };
  const manifest: Manifest = {
    manifestVersion: 1,
    id: planId(VERSION, scenario, search.screenTasks(), attack),
    invitesimVersion: VERSION,
    scenarioName: scenario.name,
    tasks: budget,
    shards: null,
    members: false,
    scenario,
    attack,
  };
  return { scenario, settings, search, manifest };
}

interface FolderSearch {
  search: Search;
  outDir: string;
  previous: RunFolder | null;
  flags: AttackFlags;
  threads: number;
  workerHeapMb: number | undefined;
  timeoutMs: (task: Task) => number;
  started: number;
}

/** Runs the rounds in a claimed folder (skipping runs its journal holds), then writes the reports. */
async function searchInFolder(o: FolderSearch): Promise<number> {
  const { outDir, previous, flags } = o;
  const { scenario, settings, search } = o.search;
  const records = new Map<number, RunRecord>(previous?.records ?? []);
  if (previous && previous.damaged.length > 0) {
    process.stderr.write(`invitesim: ${path.join(outDir, JOURNAL_FILE)}: ${describeDamage(previous.damaged)} ${previous.damaged.length > 1 ? 'are' : 'is'} not a run record; ${previous.damaged.length > 1 ? 'their runs are' : 'its run is'} redone\n`);
  }
  let journal: Journal;
  try {
    if (!previous) clearOutputs(outDir);
    journal = previous ? reopenRunFolder(previous) : startRunFolder(outDir, o.search.manifest);
  } catch (e) {
    const io = describeIoError(e);
    throw io ? new InputError(`--out ${outDir}: cannot start the search: ${io}`) : e;
  }
  // Drawn from the first round with runs to do (a resumed search replays the journal's rounds
  // first); the budget is a ceiling, so the bar counts up to it and the search usually ends before.
  let progress: Progress | null = null;
  let ran = 0;
  const stop = new StopOnSignals();
  let failed = false;
  try {
    // Every planned task has finished when the next round is planned: the loop breaks on a failure or a signal first.
    const nextRound = () => search.next((i) => records.get(i)!, settings.attacker, settings.objective);
    for (let tasks = nextRound(); tasks; tasks = nextRound()) {
      checkRecords(outDir, [...records.values()].filter((r) => r.index < search.tasks.length), search.tasks, null);
      const todo = tasks.filter((t) => records.get(t.index)?.result === undefined);
      ran += todo.length;
      if (todo.length > 0 && !progress && !flags.quiet) {
        const left = settings.budget - (search.tasks.length - todo.length);
        progress = new Progress({ label: `invitesim: attack ${scenario.name} (at most ${left} runs)`, total: left, stream: process.stderr });
      }
      await runTasks({
        scenario,
        tasks: todo,
        threads: o.threads,
        workerHeapMb: o.workerHeapMb,
        timeoutMs: o.timeoutMs,
        signal: stop.signal,
        onRecord: (record) => {
          journalRecord(journal, records, record);
          progress?.tick(record.result?.metrics.events ?? 0, record.error !== undefined);
        },
      });
      if (stop.stoppedBy) break;
      // A round with a failed run cannot be ranked: stop, keep what finished, and let --resume retry it.
      if (tasks.some((t) => records.get(t.index)?.error !== undefined)) {
        failed = true;
        break;
      }
    }
  } catch (e) {
    throw writeFailure(e, outDir, records.size, 'the search stopped; reports are not written');
  } finally {
    stop.dispose();
    journal.close();
  }
  const kept = search.tasks.map((t) => records.get(t.index)).filter((r): r is RunRecord => r !== undefined);
  progress?.finish(search.finished ? `the search ended after ${kept.length} of at most ${settings.budget} runs` : '');
  if (previous && ran === 0 && search.finished && !flags.quiet) process.stderr.write(`invitesim: every run in ${outDir} had finished; rewriting its reports\n`);
  const signal = stop.stoppedBy;
  const meta = runMeta(o.started, o.threads, signal);
  const results = buildAttackResults({ scenario, settings, candidates: search.candidates, reached: search.reached, rounds: search.rounds, records: kept, partial: !search.finished, meta });
  try {
    writeAttackReports(outDir, results);
  } catch (e) {
    throw writeFailure(e, outDir, kept.length, 'the reports are incomplete (attack.json is written last, so it is missing)');
  }
  if (signal) {
    process.stderr.write(`invitesim: stopped by ${signal}: ${kept.length} runs are kept in ${outDir}, reports marked partial; continue with --resume\n`);
    return EXIT_SIGNALLED[signal];
  }
  return outcome(results, outDir, failed, flags.quiet === true);
}

/** `name: PASSED: 1 of 1 gate checks passed`, in the words `run` and `load` use. */
export function attackVerdict(results: Pick<AttackResults, 'scenario' | 'gates'>, code: number): string {
  const failed = results.gates.filter((g) => !g.passed).length;
  const n = results.gates.length;
  const gates = n === 0 ? 'no gates defined' : failed === 0 ? `${n} of ${n} gate checks passed` : `${failed} of ${n} gate checks failed`;
  return `${String(results.scenario.name ?? 'scenario')}: ${code === EXIT_OK ? 'PASSED' : 'FAILED'}: ${gates}`;
}

function outcome(results: AttackResults, outDir: string, failed: boolean, quiet: boolean): number {
  if (failed) {
    const runs = results.candidates.reduce((n, c) => n + c.failed, 0);
    process.stderr.write(`invitesim: ${runs} run${runs === 1 ? '' : 's'} of the search failed, so its round could not be ranked and it stopped; the finished runs are kept in ${outDir} (reports partial); --resume retries them\n`);
    return EXIT_RUN_FAILED;
  }
  const code = attackExitCode(results);
  if (code !== EXIT_OK) process.stderr.write(results.gates.filter((g) => !g.passed).map((g) => `invitesim: gate ${g.name} failed: ${g.message}\n`).join(''));
  const lines: string[] = [];
  if (!quiet) {
    const best = results.candidates.find((c) => c.candidate === results.best);
    const n = (x: number | null | undefined) => (x === null || x === undefined ? '–' : String(Number(x.toPrecision(3))));
    const ci = (e: { ciLow: number | null; ciHigh: number | null } | undefined) => (e && e.ciLow !== null && e.ciHigh !== null ? ` [${n(e.ciLow)}, ${n(e.ciHigh)}]` : '');
    lines.push(
      `wrote ${outDir}: worst-case recall ${n(results.worstCaseRecall.mean)}${ci(results.worstCaseRecall)} (95% CI) against candidate ${best?.candidate ?? '–'} ` +
        `(harm ${n(best?.harm.mean)}${ci(best?.harm)} per account, ${n(results.harmRatio)}× the default's)`,
    );
  }
  // As `run` ends (cli/run-summary.ts): the verdict, under --quiet too, then the page to open.
  lines.push(attackVerdict(results, code));
  if (!quiet) lines.push(`open ${path.join(outDir, 'report.html')}`);
  process.stderr.write(lines.map((l) => `invitesim: ${l}\n`).join(''));
  return code;
}
