/**
 * The red team's results (`invitesim attack`): every candidate strategy with its harm (the
 * objective per abusive account of the attacker archetype: mean of the replicates, Student t
 * interval) and the policy's recall against it (the attacker's accounts restricted, pooled
 * over replicates, Wilson interval); the best strategy found; and the policy's worst-case
 * recall: its recall against that best strategy, measured on the final round's replicates,
 * the most any candidate gets. Gates on `worstCaseRecall` are checked here. attack.json and
 * attack.csv are rendered from these results alone; only `meta` holds wall-clock facts.
 */
import * as fs from 'node:fs';
import { InputError } from '../sim/errors';
import type { ArchetypeName } from '../sim/config';
import type { ParamValue, RunRecord } from '../sim/result';
import { compare, type Op } from '../sim/compare';
import { runHarm, type Candidate, type Objective, type RoundSummary, type SearchColumn, type SearchShape } from '../runner/attack-search';
import { csv, paramColumnName, type Cell } from './csv';
import { isAttackMetric, type AttackMetric } from './gate-metrics';
import { fmt, fmtCi, parseConditions, type Bound } from './gates';
import type { RunMeta } from './results';
import { estimate, pooledProportion, type Estimate } from './stats';

export const ATTACK_CSV = 'attack.csv';
export const ATTACK_JSON = 'attack.json';
/** Every file `invitesim attack` writes besides the journal, manifest, report.html and summary.md. */
export const ATTACK_FILES = [ATTACK_CSV, ATTACK_JSON] as const;
export const ATTACK_SCHEMA_VERSION = 2;

export interface AttackSettings {
  attacker: ArchetypeName;
  objective: Objective;
  /** The most runs the search may use (--budget); it ends earlier once the race is decided. */
  budget: number;
  seed: number | string;
  /** How the budget is spent: the screen's size, new candidates a climbing round, final replicates. */
  shape: SearchShape;
  /** The searched parameters and target shares, with their bounds. */
  searched: SearchColumn[];
}

export interface CandidateSummary {
  candidate: number;
  /** The last round the candidate ran in (0-based). */
  round: number;
  /** The candidate it was bred from (null: the default, or drawn in the screen). */
  parent: number | null;
  /** Searched name → value. */
  params: Record<string, ParamValue>;
  replicates: number;
  failed: number;
  harm: Estimate;
  recall: Estimate;
}

export interface AttackGate {
  metric: AttackMetric;
  op: Op;
  value: number;
  on: Bound;
  path: string;
}

export interface AttackGateResult extends AttackGate {
  name: string;
  actual: number | null;
  passed: boolean;
  message: string;
}

export interface AttackResults {
  schemaVersion: typeof ATTACK_SCHEMA_VERSION;
  invitesimVersion: string;
  scenario: Record<string, unknown>;
  attack: AttackSettings & { runsDone: number };
  /** True when the search stopped before it ended on its own (a signal, or a failed run). */
  partial: boolean;
  /** What each round ran. */
  rounds: RoundSummary[];
  candidates: CandidateSummary[];
  /** The most harmful candidate among those with the most replicates (the final round's, when complete). */
  best: number | null;
  /** best's harm / the default attacker's (null when the default's is 0 or undefined). */
  harmRatio: number | null;
  worstCaseRecall: Estimate;
  gates: AttackGateResult[];
  meta: RunMeta;
}

/** The attack gates of a scenario's `expect` block (other metrics belong to `run` and `load`); bad ones are InputErrors naming their path. */
export function parseAttackExpect(raw: unknown): AttackGate[] {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return [];
  const gates: AttackGate[] = [];
  for (const [metric, spec] of Object.entries(raw)) {
    if (!isAttackMetric(metric)) continue;
    for (const c of parseConditions(spec, `expect.${metric}`)) {
      if (c.point !== null) throw new InputError(`${c.path}.point: ${metric} has no points (the search reports one worst case); drop "point"`);
      gates.push({ metric, op: c.op, value: c.value, on: c.on, path: c.path });
    }
  }
  return gates;
}

export interface AttackInput {
  scenario: object;
  settings: AttackSettings;
  candidates: readonly Candidate[];
  /** Each candidate's last round. */
  reached: ReadonlyMap<number, number>;
  rounds: readonly RoundSummary[];
  records: readonly RunRecord[];
  partial: boolean;
  meta: RunMeta;
}

export function buildAttackResults(input: AttackInput): AttackResults {
  const { settings } = input;
  const byCandidate = new Map<number, RunRecord[]>();
  for (const r of [...input.records].sort((a, b) => a.index - b.index)) byCandidate.set(r.point, [...(byCandidate.get(r.point) ?? []), r]);
  const candidates = input.candidates
    .filter((c) => input.reached.has(c.index))
    .map((c) => summarize(c, input.reached.get(c.index)!, byCandidate.get(c.index) ?? [], settings));
  const most = Math.max(0, ...candidates.map((c) => c.replicates));
  const best = candidates
    .filter((c) => c.replicates === most && c.harm.mean !== null)
    .sort((a, b) => b.harm.mean! - a.harm.mean! || a.candidate - b.candidate)[0];
  const own = candidates.find((c) => c.candidate === 0);
  const worstCaseRecall = best?.recall ?? pooledProportion([]);
  const gates = parseAttackExpect((input.scenario as { expect?: unknown }).expect).map((g) => checkAttackGate(g, worstCaseRecall));
  return {
    schemaVersion: ATTACK_SCHEMA_VERSION,
    invitesimVersion: input.meta.invitesimVersion,
    scenario: JSON.parse(JSON.stringify(input.scenario)),
    attack: { ...settings, runsDone: input.records.length },
    partial: input.partial,
    rounds: [...input.rounds],
    candidates,
    best: best?.candidate ?? null,
    harmRatio: best && own?.harm.mean ? best.harm.mean! / own.harm.mean : null,
    worstCaseRecall,
    gates,
    meta: input.meta,
  };
}

function summarize(c: Candidate, round: number, runs: readonly RunRecord[], s: AttackSettings): CandidateSummary {
  const done = runs.filter((r) => r.result);
  const params = Object.fromEntries(s.searched.map((col) => [col.name, c.params[col.path] ?? null])) as Record<string, ParamValue>;
  const counts = (r: RunRecord) => r.result!.byArchetype[s.attacker];
  return {
    candidate: c.index,
    round,
    parent: c.parent,
    params,
    replicates: done.length,
    failed: runs.length - done.length,
    harm: estimate(done.map((r) => runHarm(r, s.attacker, s.objective)), [0, Infinity]),
    recall: pooledProportion(done.map((r) => [counts(r)?.truePositives ?? 0, counts(r)?.abusiveMembers ?? 0] as const)),
  };
}

function checkAttackGate(g: AttackGate, est: Estimate): AttackGateResult {
  const actual = g.on === 'mean' ? est.mean : g.on === 'ci_low' ? est.ciLow : est.ciHigh;
  const name = `${g.metric}${g.on === 'mean' ? '' : ` ${g.on}`} ${g.op} ${g.value}`;
  const passed = actual !== null && compare(actual, g.op, g.value);
  const message =
    actual === null
      ? `${g.metric} is undefined: no run of the best strategy had an account of the attacker`
      : `${g.metric} ${g.on} ${fmt(actual)} ${passed ? 'satisfies' : 'fails'} ${g.op} ${g.value} (mean ${fmt(est.mean)}, 95% CI ${fmtCi(est)} ${est.method}, over ${est.trials ?? 0} accounts in ${est.n} runs)`;
  return { ...g, name, actual, passed, message };
}

/** 0 ok, 1 a gate failed, 3 a run failed. */
export function attackExitCode(results: Pick<AttackResults, 'candidates' | 'gates'>): 0 | 1 | 3 {
  if (results.candidates.some((c) => c.failed > 0)) return 3;
  return results.gates.some((g) => !g.passed) ? 1 : 0;
}

/** attack.csv: one row a candidate, in candidate order; the searched values under their names (targets.fof → targets_fof). */
export function attackCsv(results: AttackResults): Generator<string> {
  const searched = results.attack.searched.map((c) => c.name);
  const est = (e: Estimate): Cell[] => [e.mean, e.ciLow, e.ciHigh, e.method];
  const rows = results.candidates.map((c): Cell[] => [
    c.candidate,
    c.round,
    c.parent,
    c.candidate === 0,
    c.candidate === results.best,
    ...searched.map((n) => c.params[n] ?? null),
    c.replicates,
    c.failed,
    ...est(c.harm),
    ...est(c.recall),
  ]);
  const estCols = (m: string) => [`${m}_mean`, `${m}_ci_low`, `${m}_ci_high`, `${m}_ci_method`];
  return csv(['candidate', 'round', 'parent', 'default', 'best', ...searched.map(paramColumnName), 'replicates', 'failed', ...estCols('harm'), ...estCols('recall')], rows);
}

/** attack.json: keys in a fixed order, a candidate a line. */
export function* attackJson(results: AttackResults): Generator<string> {
  const keys = Object.keys(results) as Array<keyof AttackResults>;
  yield '{\n';
  for (const [i, key] of keys.entries()) {
    const sep = i < keys.length - 1 ? ',\n' : '\n';
    const value = results[key];
    if (key === 'candidates') {
      yield `"candidates": [\n${results.candidates.map((c) => JSON.stringify(c)).join(',\n')}\n]${sep}`;
      continue;
    }
    yield `${JSON.stringify(key)}: ${JSON.stringify(value)}${sep}`;
  }
  yield '}\n';
}

/** Reads an attack.json (for `invitesim report`); problems are InputErrors naming the file. */
export function readAttackResults(file: string): AttackResults {
  let r: Partial<AttackResults> | null;
  try {
    r = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError(`${file}: cannot read attack results (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (r === null || typeof r !== 'object' || r.schemaVersion !== ATTACK_SCHEMA_VERSION || !Array.isArray(r.candidates) || !Array.isArray(r.gates) || typeof r.attack !== 'object') {
    throw new InputError(`${file}: not an invitesim attack.json (schemaVersion ${ATTACK_SCHEMA_VERSION})`);
  }
  return r as AttackResults;
}
