/**
 * `backtest --closed-loop DIR` (repeatable): closed-loop runs' results (results.json of
 * `invitesim run`) set beside the backtest, point by point, where the two ran the same policy
 * (the first folder that ran it): each side's
 * policy spec resolved in full (every default filled in) and compared as JSON, so that
 * `{"name":"weekly-cap"}` and `{"name":"weekly-cap","params":{"cap":100}}` are one policy.
 * A sweep derives each point's seed from its index, so only a run whose point has the log's
 * seed replays the log's world; the pair says whether it does.
 */
import * as path from 'node:path';
import { resolvePolicySpec } from '../policies/registry';
import type { PolicySpec } from '../policies/definition';
import { readResults, type ResultsFile } from '../reports/results';
import type { ClosedLoopPair } from '../reports/offline';
import { InputError } from '../sim/errors';
import type { BacktestMetrics } from './score';

/** A policy spec as one line: its name (or module, or service) and its parameters. */
export function policyLabel(spec: PolicySpec): string {
  const who = spec.name ?? (spec.module ? path.basename(spec.module) : spec.http ? spec.http.url : '?');
  return spec.params && Object.keys(spec.params).length > 0 ? `${who} ${JSON.stringify(spec.params)}` : who;
}

/** The policy each point of a run ran: the scenario's, with the point's `policy.*` sweep values. */
function closedPolicies(results: ResultsFile, file: string): Array<{ point: number; spec: PolicySpec }> {
  return results.points.map((p) => {
    const spec = structuredClone(results.scenario.policy ?? {}) as Record<string, unknown>;
    for (const [key, value] of Object.entries(p.params)) {
      const keys = key.split('.');
      if (keys[0] !== 'policy' || keys.length < 2) continue;
      let o = spec;
      for (const k of keys.slice(1, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
      o[keys[keys.length - 1]] = value;
    }
    try {
      return { point: p.point, spec: resolvePolicySpec(spec, process.cwd()) };
    } catch (e) {
      throw new InputError(`--closed-loop ${file}: point ${p.point}'s policy does not resolve here (${(e as Error).message})`);
    }
  });
}

export interface ClosedLoopRuns {
  dirs: string[];
  runs: Array<{ file: string; results: ResultsFile; points: Array<{ point: number; spec: PolicySpec; key: string }> }>;
}

/** Reads and checks the closed-loop folders (before any replay, so a bad folder costs nothing). */
export function readClosedLoop(dirs: string[]): ClosedLoopRuns {
  const runs = dirs.map((dir) => {
    const file = path.join(dir, 'results.json');
    const results = readResults(file);
    if (results.offline) throw new InputError(`--closed-loop ${dir}: it holds a backtest's results; give the folder of a closed-loop \`invitesim run\``);
    return { file, results, points: closedPolicies(results, file).map((c) => ({ ...c, key: JSON.stringify(c.spec) })) };
  });
  return { dirs, runs };
}

/** Each backtest point beside the first closed-loop point that ran its policy; none at all is bad input. */
export function pairClosedLoop(
  { dirs, runs }: ClosedLoopRuns,
  offline: Array<{ index: number; policy: PolicySpec; metrics: BacktestMetrics }>,
  logSeed: string | null,
): { scenarios: string[]; pairs: ClosedLoopPair[] } {
  const pairs: ClosedLoopPair[] = [];
  for (const o of offline) {
    const key = JSON.stringify(o.policy);
    const run = runs.find((r) => r.points.some((x) => x.key === key));
    if (!run) continue;
    const c = run.points.find((x) => x.key === key)!;
    const p = run.results.points.find((x) => x.point === c.point)!;
    pairs.push({
      point: o.index,
      policy: policyLabel(o.policy),
      name: o.policy.name ?? policyLabel({ ...o.policy, params: {} }),
      results: run.file,
      closedPoint: c.point,
      sameSeed: logSeed !== null && run.results.runs.some((r) => r.point === c.point && r.seed === logSeed),
      offline: { recall: o.metrics.recall, precision: o.metrics.precision },
      closed: { recall: p.metrics.recall.mean, precision: p.metrics.precision.mean, recallCi: [p.metrics.recall.ciLow, p.metrics.recall.ciHigh], replicates: p.replicates },
    });
  }
  if (pairs.length === 0) {
    const ran = [...new Set(runs.flatMap((r) => r.points.map((c) => policyLabel(c.spec))))].join('; ');
    throw new InputError(`--closed-loop ${dirs.join(', ')}: no point of ${dirs.length === 1 ? 'that run' : 'those runs'} ran a policy this backtest replays (${dirs.length === 1 ? 'it' : 'they'} ran ${ran}); run the same policies closed loop, e.g. with the same --set`);
  }
  return { scenarios: [...new Set(runs.map((r) => String(r.results.scenario.name ?? '')))], pairs };
}
