/**
 * `invitesim backtest <log> --labels <file> --policy <name|module|url>`: an offline backtest.
 * The log's events are replayed through the policy open loop (backtest/replay.ts) and scored
 * against the labels; with --sweep, once per value, on --threads worker threads. It writes what
 * `run` writes (results.json, the CSVs, report.html, junit.xml, summary.md: each point one
 * replicate, the page marked "offline backtest" with the counterfactuals and, with
 * --closed-loop, offline recall beside a closed-loop run's), plus backtest.json, backtest.csv (a
 * row a point), backtest-restrictions.csv (what each point restricted, and when) and
 * backtest.md. Gates (--expect) set the exit code as a scenario's `expect` does for run.
 * Everything is read and checked before the folder is touched.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { readEventLog, type EventLog } from '../io/event-log-reader';
import { readLabels } from '../io/labels';
import { type Replay, type ReplaySettings } from '../backtest/replay';
import { type BacktestMetrics } from '../backtest/score';
import { type BacktestPoint } from '../backtest/point';
import { runPoints } from '../backtest/pool';
import { pairClosedLoop, readClosedLoop } from '../backtest/closed-loop';
import { resolvePolicySpec } from '../policies/registry';
import type { PolicySpec } from '../policies/definition';
import { InputError } from '../sim/errors';
import { parseSet } from '../scenarios/load';
import { writeFileAtomic } from '../io/atomic-write';
import { DEFAULT_LADDER } from '../scenarios/defaults';
import { ladderSchema } from '../scenarios/schema';
import type { ParamValue, RunRecord } from '../sim/result';
import { buildResults, exitCode, parseExpect, writeReports, type ResultsFile } from '../reports';
import type { OfflineSection } from '../reports/offline';
import { describeParams } from '../reports/baseline';
import { OutputFolder } from './output-folder';
import { forStderr, runSummaryLines } from './run-summary';
import { BACKTEST_JSON } from './event-outputs';
import { positiveInt } from './options';
import { runMeta } from './run';
import { VERSION } from './version';

export interface BacktestFlags {
  labels?: string;
  policy?: string;
  set: string[];
  sweep: string[];
  expect: string[];
  threads?: string;
  closedLoop: string[];
  out?: string;
  force?: boolean;
  quiet?: boolean;
}

type Point = Omit<BacktestPoint, 'index'>;

/** A policy named on the command line: a built-in name, a plugin file, or a service's URL. */
function policyFromFlag(text: string): unknown {
  if (/^https?:\/\//.test(text)) return { http: { url: text } };
  if (/\.(c|m)?[jt]s$/.test(text)) return { module: path.resolve(text) };
  return { name: text };
}

/** The point's policy and replay settings: the log's own (reviews, ladder), then --set, then the sweep's values. */
function point(log: EventLog, base: unknown, sets: Array<[string, unknown]>): Point {
  const spec = structuredClone(base) as Record<string, unknown>;
  let reviewEveryMinutes = log.meta.reviewEveryMinutes ?? 60;
  const ladder: Record<string, unknown> = { ...DEFAULT_LADDER, ...(log.meta.ladder ?? {}) };
  const params: Record<string, unknown> = {};
  for (const [p, v] of sets) {
    params[p] = v;
    const keys = p.split('.');
    if (keys[0] === 'policy' && keys.length > 1) {
      let o = spec;
      for (const k of keys.slice(1, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
      o[keys[keys.length - 1]] = v;
    } else if (p === 'reviewEveryMinutes') {
      if (!Number.isInteger(v) || (v as number) < 1) throw new InputError(`${p}: must be a whole number of minutes ≥ 1 (got ${JSON.stringify(v)})`);
      reviewEveryMinutes = v as number;
    } else if (keys[0] === 'ladder' && keys.length === 2) ladder[keys[1]] = v;
    else throw new InputError(`--set ${p}: a backtest takes policy.*, ladder.* and reviewEveryMinutes (the log fixes everything else)`);
  }
  const parsed = ladderSchema.safeParse(ladder);
  if (!parsed.success) throw new InputError(`ladder.${String(parsed.error.issues[0].path[0])}: ${parsed.error.issues[0].message}`);
  return { params, policy: resolvePolicySpec(spec, process.cwd()), settings: { reviewEveryMinutes, ladder: parsed.data } };
}

/** `path=v1,v2,…` (values JSON where they parse): the points of the sweep, one field at a time. */
function sweepPoints(sweeps: string[]): Array<Array<[string, unknown]>> {
  let points: Array<Array<[string, unknown]>> = [[]];
  for (const s of sweeps) {
    const [p, raw] = parseSet(s);
    const values = Array.isArray(raw) ? raw : String(raw).split(',').map((x) => parseSet(`v=${x.trim()}`)[1]);
    if (values.length === 0) throw new InputError(`--sweep ${s}: give values, e.g. --sweep policy.params.cap=50,100,200`);
    points = points.flatMap((pt) => values.map((v) => [...pt, [p, v] as [string, unknown]]));
  }
  return points;
}

/**
 * `--expect "recall >= 0.9"` (repeatable): a gate as a scenario's `expect` writes it, metric then
 * condition; several for one metric make a list, as in `expect`.
 */
export function expectFromFlags(flags: string[]): Record<string, string | string[]> | undefined {
  if (flags.length === 0) return undefined;
  const out: Record<string, string[]> = {};
  for (const f of flags) {
    const m = /^\s*([A-Za-z][A-Za-z0-9]*)\s+(.+)$/.exec(f);
    if (!m) throw new InputError(`--expect "${f}": write a metric and a condition, e.g. --expect "recall >= 0.9" or --expect "precision ci_low >= 0.8"`);
    (out[m[1]] ??= []).push(m[2]);
  }
  // One condition stays a string, so that a message names it as written (--expect.recall, not --expect.recall[0]).
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.length === 1 ? v[0] : v]));
}

export async function backtestCommand(logFile: string, flags: BacktestFlags): Promise<number> {
  const started = Date.now();
  if (!flags.labels) throw new InputError('--labels <file> is required: the truth to score against (run --events writes events/labels-N.csv beside each log)');
  if (!flags.policy) throw new InputError('--policy is required: a built-in name (see `invitesim list`), a plugin file (.js/.ts) or a service URL');
  const threads = positiveInt('--threads', flags.threads) ?? os.availableParallelism();
  const logPath = path.resolve(logFile);
  const log = await readEventLog(logPath);
  const labels = await readLabels(flags.labels, log.members, log.file);
  const base = policyFromFlag(flags.policy);
  const sets = (flags.set ?? []).map(parseSet);
  const sweeps = flags.sweep ?? [];
  const points: BacktestPoint[] = sweepPoints(sweeps).map((sw, index) => ({ index, ...point(log, base, [...sets, ...sw]) }));
  const expect = expectFromFlags(flags.expect ?? []);
  parseExpect(expect, '--expect', { pointCount: points.length });
  const closedRuns = (flags.closedLoop ?? []).length > 0 ? readClosedLoop(flags.closedLoop) : null;
  const outDir = flags.out ?? path.join('out', `backtest-${path.basename(logFile).replace(/\.(parquet|csv(\.gz)?)$/, '')}`);

  const outcomes = await runPoints(points, threads, { log, labels, logFile: logPath, labelsFile: path.resolve(flags.labels) });
  const results: PointResult[] = outcomes.map((o) => ({ ...o, params: points[o.index].params, policy: points[o.index].policy, settings: points[o.index].settings, scoreCurve: o.result.scoreCurve }));
  const closedLoop = closedRuns ? pairClosedLoop(closedRuns, results, log.meta.seed ?? null) : null;
  const scenario = backtestScenario(log, base, sweeps, points, expect);
  const records: RunRecord[] = outcomes.map((o) => ({ index: o.index, point: o.index, replicate: 0, seed: String(log.meta.seed ?? ''), params: sweptParams(points[o.index].params, sweeps), result: o.result }));
  const report = buildResults(scenario, records, runMeta(started, Math.min(threads, points.length), null), { partial: false });
  report.offline = offlineSection(log, flags.labels, results, closedLoop);

  const folder = OutputFolder.claim(outDir, { command: 'backtest', flag: `--out ${outDir}`, force: flags.force === true });
  try {
    writeBacktest(outDir, log, flags, results, report);
  } finally {
    folder.release();
  }
  const code = exitCode(report);
  for (const g of report.gates.filter((x) => !x.passed)) process.stderr.write(`invitesim: gate ${g.name} failed at point ${g.point}${describeParams(g.params)}: ${g.message}\n`);
  // What only a backtest tells (the counterfactuals, the closed-loop pairs), then run's own summary: figures with intervals, the verdict, the page.
  if (!flags.quiet) {
    process.stderr.write(`invitesim: offline backtest of ${log.file} (${log.rows.toLocaleString('en-US')} rows), also in ${path.join(outDir, BACKTEST_JSON)}:\n`);
    for (const r of results) process.stderr.write(`  ${results.length === 1 ? '' : `point ${r.index}${describe(r.params)}: `}${counterfactuals(r.metrics)}\n`);
    for (const p of closedLoop?.pairs ?? []) process.stderr.write(`invitesim: ${p.policy}: recall ${fmt(p.offline.recall)} offline, ${fmt(p.closed.recall)} closed loop${p.sameSeed ? ' in the same world' : ' (another draw of the world)'}\n`);
  }
  process.stderr.write(forStderr(runSummaryLines(report, outDir, flags.quiet === true)));
  return code;
}

/** Only the swept paths vary between points: they are the points' params in run's reports (--set values are in the scenario). */
function sweptParams(params: Record<string, unknown>, sweeps: string[]): Record<string, ParamValue> {
  const swept = new Set(sweeps.map((s) => parseSet(s)[0]));
  return Object.fromEntries(Object.entries(params).filter(([k]) => swept.has(k))) as Record<string, ParamValue>;
}

/**
 * The scenario a backtest's reports describe: the log's (name, seed, members, days) with the
 * point's policy, the sweep and the gates. It is a description, not a scenario to run.
 */
function backtestScenario(log: EventLog, base: unknown, sweeps: string[], points: BacktestPoint[], expect: Record<string, string | string[]> | undefined): Record<string, unknown> {
  const sweep: Record<string, unknown[]> = {};
  for (const s of sweeps) {
    const key = parseSet(s)[0];
    sweep[key] = [...new Set(points.map((p) => JSON.stringify(p.params[key])))].map((v) => JSON.parse(v));
  }
  const name = `backtest of ${path.basename(log.file)}`;
  return {
    name,
    description: `Offline backtest: the platform log ${path.basename(log.file)}${log.meta.scenario ? ` (recorded by scenario ${log.meta.scenario})` : ''} replayed open loop through ${describePolicy(points[0].policy, base)}.`,
    ...(log.meta.seed !== undefined ? { seed: log.meta.seed } : {}),
    days: Number((log.horizon / 1440).toFixed(3)),
    replicates: 1,
    population: { members: log.members },
    policy: points[0].policy,
    sweep,
    ...(expect ? { expect } : {}),
  };
}

function describePolicy(spec: PolicySpec, base: unknown): string {
  const b = base as { name?: string; module?: string; http?: { url: string } };
  return spec.name ?? b.module ?? b.http?.url ?? 'the policy';
}

function offlineSection(log: EventLog, labels: string, results: PointResult[], closedLoop: OfflineSection['closedLoop']): OfflineSection {
  return {
    log: { file: log.file, rows: log.rows, members: log.members, horizon: log.horizon, scenario: log.meta.scenario ?? null, seed: log.meta.seed ?? null },
    labels,
    points: results.map((r) => ({
      point: r.index,
      params: r.params,
      abusiveInvitationsLogged: r.metrics.abusiveInvitationsLogged,
      harmStopped: r.metrics.harmStopped,
      harmStoppedShare: r.metrics.harmStoppedShare,
      honestInvitationsLogged: r.metrics.honestInvitationsLogged,
      honestFriction: r.metrics.honestFriction,
      honestFrictionShare: r.metrics.honestFrictionShare,
      silentAbusive: r.metrics.silentAbusive,
    })),
    closedLoop,
  };
}

type PointResult = { index: number; params: Record<string, unknown>; policy: PolicySpec; settings: ReplaySettings; metrics: BacktestMetrics; restrictions: Replay['restrictions']; lifts: Replay['lifts']; scoreCurve: unknown };

function describe(params: Record<string, unknown>): string {
  const e = Object.entries(params);
  return e.length === 0 ? '' : ` (${e.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')})`;
}

function fmt(x: number | null, digits = 3): string {
  return x === null ? '—' : x.toFixed(digits);
}

function counterfactuals(m: BacktestMetrics): string {
  return `harm stopped ${fmt(m.harmStoppedShare)} of ${m.abusiveInvitationsLogged.toLocaleString('en-US')} abusive invitations, honest friction ${fmt(m.honestFrictionShare, 4)} of ${m.honestInvitationsLogged.toLocaleString('en-US')} honest ones, ${m.silentAbusive} abusive members silent in the log`;
}

function writeBacktest(outDir: string, log: EventLog, flags: BacktestFlags, results: PointResult[], report: ResultsFile): void {
  writeReports(outDir, report);
  const keys = Object.keys(results[0].metrics) as Array<keyof BacktestMetrics>;
  const swept = [...new Set(results.flatMap((r) => Object.keys(r.params)))];
  writeFileAtomic(
    path.join(outDir, 'backtest.csv'),
    stringify([
      ['point', ...swept, ...keys],
      ...results.map((r) => [r.index, ...swept.map((k) => JSON.stringify(r.params[k] ?? null)), ...keys.map((k) => (r.metrics[k] === null ? '' : r.metrics[k]))]),
    ]),
  );
  const rows: unknown[][] = [['point', 'member', 'minute', 'kind']];
  for (const r of results) {
    for (const x of r.restrictions) rows.push([r.index, x.member, x.minute, x.permanent ? 'permanent' : 'restrict']);
    for (const x of r.lifts) rows.push([r.index, x.member, x.minute, 'lift']);
  }
  writeFileAtomic(path.join(outDir, 'backtest-restrictions.csv'), stringify(rows));
  const md = [
    `# Offline backtest of ${path.basename(log.file)}`,
    '',
    `Open loop: the log's ${log.rows.toLocaleString('en-US')} rows (${log.members.toLocaleString('en-US')} members, ${(log.horizon / 1440).toFixed(1)} days) happen as logged whatever the policy says. Attackers who adapt to a policy are not in it: a closed-loop run (\`invitesim run\`) shows what they leave of these figures.`,
    '',
    `| point | ${swept.join(' | ')}${swept.length ? ' | ' : ''}precision | recall | FPR | harm stopped | honest friction |`,
    `|---|${swept.map(() => '---|').join('')}---|---|---|---|---|`,
    ...results.map((r) => `| ${r.index} | ${swept.map((k) => `${JSON.stringify(r.params[k])} | `).join('')}${fmt(r.metrics.precision)} | ${fmt(r.metrics.recall)} | ${fmt(r.metrics.falsePositiveRate, 4)} | ${fmt(r.metrics.harmStoppedShare)} | ${fmt(r.metrics.honestFrictionShare, 4)} |`),
    '',
  ].join('\n');
  writeFileAtomic(path.join(outDir, 'backtest.md'), md);
  const json = {
    kind: 'offline backtest',
    invitesimVersion: VERSION,
    log: { file: log.file, rows: log.rows, members: log.members, horizon: log.horizon, meta: log.meta },
    labels: flags.labels,
    points: results.map(({ index, params, policy, settings, metrics, scoreCurve, restrictions, lifts }) => ({ index, params, policy, settings, metrics, scoreCurve, restrictions, lifts })),
    gates: report.gates,
  };
  // Last, so that a backtest.json exists only beside complete files.
  writeFileAtomic(path.join(outDir, BACKTEST_JSON), `${JSON.stringify(json, null, 1)}\n`);
}
