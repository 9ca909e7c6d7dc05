/**
 * `invitesim backtest <log> --labels <file> --policy <name|module|url>`: an offline backtest.
 * The log's events are replayed through the policy open loop (backtest/replay.ts) and scored
 * against the labels; with --sweep, once per value. Writes backtest.json, backtest.csv (a row a
 * point), backtest-restrictions.csv (what each point restricted, and when) and backtest.md.
 * Everything is read and checked before the folder is touched.
 */
import * as path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { readEventLog, type EventLog } from '../io/event-log-reader';
import { readLabels } from '../io/labels';
import { replay, type Replay, type ReplaySettings } from '../backtest/replay';
import { scoreReplay, type BacktestMetrics } from '../backtest/score';
import { createPolicy, resolvePolicySpec } from '../policies/registry';
import type { PolicySpec } from '../policies/definition';
import { InputError } from '../sim/errors';
import { parseSet } from '../scenarios/load';
import { writeFileAtomic } from '../io/atomic-write';
import { DEFAULT_LADDER } from '../scenarios/defaults';
import { ladderSchema } from '../scenarios/schema';
import { OutputFolder } from './output-folder';
import { BACKTEST_JSON } from './event-outputs';
import { VERSION } from './version';

export interface BacktestFlags {
  labels?: string;
  policy?: string;
  set: string[];
  sweep: string[];
  out?: string;
  force?: boolean;
  quiet?: boolean;
}

interface Point {
  params: Record<string, unknown>;
  policy: PolicySpec;
  settings: ReplaySettings;
}

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

export async function backtestCommand(logFile: string, flags: BacktestFlags): Promise<number> {
  if (!flags.labels) throw new InputError('--labels <file> is required: the truth to score against (run --events writes events/labels-N.csv beside each log)');
  if (!flags.policy) throw new InputError('--policy is required: a built-in name (see `invitesim list`), a plugin file (.js/.ts) or a service URL');
  const log = await readEventLog(path.resolve(logFile));
  const labels = await readLabels(flags.labels, log.members, log.file);
  const base = policyFromFlag(flags.policy);
  const sets = flags.set.map(parseSet);
  const points = sweepPoints(flags.sweep).map((sw) => point(log, base, [...sets, ...sw]));
  const outDir = flags.out ?? path.join('out', `backtest-${path.basename(logFile).replace(/\.(parquet|csv(\.gz)?)$/, '')}`);

  const results = points.map((pt, index) => {
    const r = replay(log, pt.settings, (ctx, truth) => createPolicy(pt.policy, ctx, truth), { abusiveFrom: labels.abusiveFrom });
    const { metrics, curve } = scoreReplay(r, labels.abusiveFrom, r.joinedAt);
    return { index, params: pt.params, policy: pt.policy, settings: pt.settings, metrics, scoreCurve: curve, restrictions: r.restrictions, lifts: r.lifts };
  });

  const folder = OutputFolder.claim(outDir, { command: 'backtest', flag: `--out ${outDir}`, force: flags.force === true });
  try {
    writeBacktest(outDir, log, flags, results);
  } finally {
    folder.release();
  }
  if (!flags.quiet) {
    for (const r of results) process.stderr.write(`invitesim: backtest${describe(r.params)}: ${headline(r.metrics)}\n`);
    process.stderr.write(`invitesim: offline backtest of ${log.file} (${log.rows.toLocaleString('en-US')} rows): wrote ${outDir}/${BACKTEST_JSON}\n`);
  }
  return 0;
}

type PointResult = { index: number; params: Record<string, unknown>; policy: PolicySpec; settings: ReplaySettings; metrics: BacktestMetrics; restrictions: Replay['restrictions']; lifts: Replay['lifts']; scoreCurve: unknown };

function describe(params: Record<string, unknown>): string {
  const e = Object.entries(params);
  return e.length === 0 ? '' : ` (${e.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')})`;
}

function fmt(x: number | null, digits = 3): string {
  return x === null ? '—' : x.toFixed(digits);
}

function headline(m: BacktestMetrics): string {
  return `precision ${fmt(m.precision)}, recall ${fmt(m.recall)}, false-positive rate ${fmt(m.falsePositiveRate, 4)}, harm stopped ${fmt(m.harmStoppedShare)}, honest friction ${fmt(m.honestFrictionShare, 4)}`;
}

function writeBacktest(outDir: string, log: EventLog, flags: BacktestFlags, results: PointResult[]): void {
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
    points: results,
  };
  // Last, so that a backtest.json exists only beside complete files.
  writeFileAtomic(path.join(outDir, BACKTEST_JSON), `${JSON.stringify(json, null, 1)}\n`);
}
