/**
 * The red team's search: successive halving over an attacker's strategy space
 * (scenarios/attack.ts). A budget of B runs is split into rounds: round 0 draws many
 * candidates from a seeded stream and runs each once; every later round keeps the more
 * harmful half of the candidates (by mean harm over their replicates so far) and doubles
 * their replicates, until one is left. The scenario's own attacker is candidate 0 and goes
 * through every round, so the winner is compared with it on the same replicates. Why halving:
 * one replicate is a noisy but cheap look, enough to drop most of a random draw; the runs
 * saved go to the few strategies that might be the worst case, whose comparison needs the
 * replicates (Karnin, Koren, Somekh, "Almost Optimal Exploration in Multi-Armed Bandits",
 * ICML 2013; Jamieson, Talwalkar, AISTATS 2016).
 * Everything here is a pure function of the scenario, the seed and the finished runs, so a
 * search resumed from its journal plans the tasks an uninterrupted one did.
 */
import { Rng, deriveSeed } from '../sim/rng';
import type { ArchetypeName } from '../sim/config';
import type { ParamValue, RunRecord, Task } from '../sim/result';
import type { AttackSpace, Bound, SearchedParam } from '../scenarios/attack';
import { taskSeed } from './plan';

/** What harm is counted, per abusive account of the attacker archetype. */
export const OBJECTIVES = ['abusiveConnections', 'abusiveDelivered'] as const;
export type Objective = (typeof OBJECTIVES)[number];

export interface Round {
  /** Challengers (candidates other than the default attacker) run in this round. */
  challengers: number;
  /** Replicates each candidate has once the round is done. */
  replicates: number;
}

/** Runs of the rounds after round 0 when `s1` challengers survive it: survivors halve (rounding up) and replicates double, down to one. */
function laterRounds(s1: number): Round[] {
  const rounds: Round[] = [];
  for (let s = s1, reps = 2; s >= 1; s = s === 1 ? 0 : Math.ceil(s / 2), reps *= 2) rounds.push({ challengers: s, replicates: reps });
  return rounds;
}

/** Runs a round costs: every candidate in it, the default attacker included, gets its new replicates. */
export function roundRuns(rounds: readonly Round[], k: number): number {
  return (rounds[k].challengers + 1) * (rounds[k].replicates - (k === 0 ? 0 : rounds[k - 1].replicates));
}

/**
 * The rounds for a budget of `budget` runs (at least 2): as many survivors of round 0 as the
 * budget allows with round 0 still discarding at least half, and every run left over spent
 * on more candidates in round 0, the cheapest place to look. The plan uses the budget exactly.
 */
export function halvingSchedule(budget: number): Round[] {
  const cost = (s1: number) => laterRounds(s1).reduce((n, _r, k, all) => n + roundRuns([{ challengers: 0, replicates: 1 }, ...all], k + 1), 0);
  let s1 = 0;
  while (budget - 1 - cost(s1 + 1) >= 2 * (s1 + 1)) s1++;
  const first = s1 === 0 ? budget - 1 : budget - 1 - cost(s1);
  return [{ challengers: first, replicates: 1 }, ...(s1 === 0 ? [] : laterRounds(s1))];
}

export interface Candidate {
  /** 0: the scenario's own attacker; 1…: drawn. */
  index: number;
  /** Scenario path → value: what a run of this candidate overrides. */
  params: Record<string, ParamValue>;
}

/** A searched quantity as a column of attack.csv: its name and the scenario path it sets. */
export interface SearchColumn {
  name: string;
  path: string;
  bound?: Bound;
  choices?: readonly string[];
}

/** The columns of a space: its parameters, then the target shares it searches. */
export function searchColumns(space: AttackSpace): SearchColumn[] {
  const t = space.targets;
  return [
    ...space.params.map((p) => ({ name: p.name, path: p.path, bound: p.bound, choices: p.choices })),
    ...(t.contact ? [{ name: 'targets.contact', ...t.contact }] : []),
    { name: 'targets.fof', ...t.fof },
    { name: 'targets.stranger', ...t.stranger },
  ];
}

/** Significant digits kept of a drawn value: enough to tell candidates apart, short in the CSV. */
const DIGITS = 4;

/**
 * The default attacker (candidate 0, the scenario's own values) and `challengers` candidates
 * drawn from a stream seeded by the scenario seed and the attacker, in a fixed order of draws.
 */
export function drawCandidates(space: AttackSpace, scenario: object, seed: number | string, challengers: number): Candidate[] {
  const columns = searchColumns(space);
  const own: Record<string, ParamValue> = Object.fromEntries(columns.map((c) => [c.path, valueAt(scenario, c.path)]));
  const rng = new Rng(deriveSeed(seed, 'attack', space.attacker));
  const out: Candidate[] = [{ index: 0, params: own }];
  for (let i = 1; i <= challengers; i++) {
    const params: Record<string, ParamValue> = {};
    for (const p of space.params) params[p.path] = draw(rng, p);
    Object.assign(params, drawMix(rng, space));
    out.push({ index: i, params });
  }
  return out;
}

function draw(rng: Rng, p: SearchedParam): ParamValue {
  const u = rng.next();
  if (p.kind === 'choice') return p.choices![Math.floor(u * p.choices!.length)];
  const [lo, hi] = p.bound!;
  if (p.kind === 'int') return lo + Math.floor(u * (hi - lo + 1));
  const x = p.kind === 'log' && lo > 0 ? Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo))) : lo + u * (hi - lo);
  return clamp(Number(x.toPrecision(DIGITS)), lo, hi);
}

/**
 * A target mix within the bounds, drawn share by share (contact, then fof, each uniform over
 * what the bounds still allow; stranger takes the rest), so it always sums to 1. A fake
 * account's contact share is 0: it knows no one, and a contact pick would fall through to a
 * friend of a friend.
 */
function drawMix(rng: Rng, space: AttackSpace): Record<string, number> {
  const { contact, fof, stranger } = space.targets;
  const [fl, fh] = fof.bound;
  const [sl, sh] = stranger.bound;
  let c = 0;
  if (contact) {
    const lo = Math.max(contact.bound[0], 1 - fh - sh);
    const hi = Math.min(contact.bound[1], 1 - fl - sl);
    c = clamp(round(lo + rng.next() * (hi - lo)), lo, hi);
  }
  const lo = Math.max(fl, 1 - c - sh);
  const hi = Math.min(fh, 1 - c - sl);
  const f = clamp(round(lo + rng.next() * (hi - lo)), lo, hi);
  const contactPath = contact?.path ?? fof.path.replace(/fof$/, 'contact');
  return { [contactPath]: c, [fof.path]: f, [stranger.path]: Number((1 - c - f).toFixed(12)) };
}

const round = (x: number) => Math.round(x * 10 ** DIGITS) / 10 ** DIGITS;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

function valueAt(obj: object, path: string): ParamValue {
  let v: unknown = obj;
  for (const k of path.split('.')) v = (v as Record<string, unknown>)[k];
  return v as ParamValue;
}

/** The tasks of round `k` (candidates in ascending order, each its new replicates), numbered from `first`. */
export function roundTasks(rounds: readonly Round[], k: number, alive: readonly Candidate[], seed: number | string, first: number): Task[] {
  const from = k === 0 ? 0 : rounds[k - 1].replicates;
  const tasks: Task[] = [];
  for (const c of alive) {
    for (let r = from; r < rounds[k].replicates; r++) {
      tasks.push({ index: first + tasks.length, point: c.index, replicate: r, seed: taskSeed(seed, c.index, r), params: c.params });
    }
  }
  return tasks;
}

/** One run's harm: the objective per abusive account of the attacker (null: no such account in the run, or no result). */
export function runHarm(record: RunRecord, attacker: ArchetypeName, objective: Objective): number | null {
  const m = record.result?.byArchetype[attacker];
  if (!m || !(m.abusiveMembers > 0)) return null;
  return m[objective] / m.abusiveMembers;
}

/** Mean harm of a candidate's runs (null: none has a value). */
export function meanHarm(records: readonly RunRecord[], attacker: ArchetypeName, objective: Objective): number | null {
  const xs = records.map((r) => runHarm(r, attacker, objective)).filter((x): x is number => x !== null);
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** The `keep` most harmful challengers, ties to the lower index, in ascending index order; the default attacker always goes on. */
export function survivors(alive: readonly Candidate[], harm: (c: Candidate) => number | null, keep: number): Candidate[] {
  const ranked = alive
    .filter((c) => c.index !== 0)
    .map((c) => ({ c, h: harm(c) ?? -Infinity }))
    .sort((a, b) => b.h - a.h || a.c.index - b.c.index);
  const kept = ranked.slice(0, keep).map((x) => x.c);
  return [...alive.filter((c) => c.index === 0), ...kept].sort((a, b) => a.index - b.index);
}
