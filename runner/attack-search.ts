/**
 * The red team's search: an iterated race (López-Ibáñez et al., "The irace package: Iterated
 * racing for automatic algorithm configuration", 2016; Maron & Moore, "Hoeffding races",
 * 1994) over an attacker's strategy space (scenarios/attack.ts), within a budget of runs.
 *
 * - Round 0 screens: it draws candidates from a seeded stream and runs each once.
 * - Every later round, while the search climbs, breeds new candidates from the most harmful
 *   ones (about two parameters moved within their bounds) and runs each once, and gives the
 *   leader and the default one more replicate.
 * - A contender is a candidate whose harm could still reach the leader's: its mean plus a
 *   Student t margin on the difference (a pooled run-to-run deviation) is at least the
 *   leader's mean. A candidate that falls out of reach runs no more (the race).
 * - The climb stops after three rounds in a row whose new candidates did not take the lead
 *   (each such round doubles the next one's step), or at a quarter of the budget. One last
 *   round runs the leader, the runner-up and the default to the final count, and the search
 *   ends.
 *
 * The scenario's own attacker is candidate 0. It is never raced out and runs to the final
 * count, so the best strategy is compared with it on as many replicates.
 *
 * Why not successive halving over one random draw: harm varies between strategies far more
 * than between replicates (about 100 against 2 connections an account on the baseline), so
 * one look puts most of a draw out of reach, and replicating it is waste. Strategies near a
 * harmful one tend to be harmful, so runs go further bred around the leaders than drawn blind
 * (measured against the earlier search in docs/performance.md, where it also says when not).
 *
 * Everything here is a pure function of the scenario, the seed, the budget and the finished
 * runs, so a search resumed from its journal plans the tasks an uninterrupted one did.
 */
import { jStat } from 'jstat';
import { Rng, deriveSeed } from '../sim/rng';
import type { ArchetypeName } from '../sim/config';
import type { ParamValue, RunRecord, Task } from '../sim/result';
import type { AttackSpace, Bound, SearchedParam } from '../scenarios/attack';
import { taskSeed } from './plan';

/** What harm is counted, per abusive account of the attacker archetype. */
export const OBJECTIVES = ['abusiveConnections', 'abusiveDelivered'] as const;
export type Objective = (typeof OBJECTIVES)[number];

/** How a budget is spent: the screen's size, the new candidates a climbing round breeds, the replicates the search ends with. */
export interface SearchShape {
  screen: number;
  offspring: number;
  /** Runs the screen and the climb may use together; the confirmation comes after. */
  climb: number;
  replicates: number;
}

/**
 * The shape for a budget of `budget` runs (at least 2). A sixteenth of the budget screens (200
 * runs: 13 candidates); a climbing round breeds about half that many (6: two from each of the
 * 3 most harmful); the screen and the climb together stop at a quarter of the budget (50), or
 * at a few rounds for a small one; and the final comparison has 4 to 6 replicates (fewer than
 * 4 leave a t interval too wide to tell a strategy from the default: t(0.975, 3) is 3.2).
 * The budget is a ceiling: most searches end inside a third of it.
 */
export function searchShape(budget: number): SearchShape {
  const screen = Math.max(1, Math.round(budget / 16));
  const offspring = 2 * Math.max(1, Math.round(screen / 4));
  const replicates = Math.max(4, Math.min(6, Math.floor(budget / 30)));
  return { screen, offspring, climb: Math.max(Math.floor(budget / 4), screen + 1 + 2 * (offspring + 2)), replicates };
}

export interface Candidate {
  /** 0: the scenario's own attacker; 1…: drawn or bred, in the order they were made. */
  index: number;
  /** The candidate it was bred from (null: the default or drawn in the screen). */
  parent: number | null;
  /** Scenario path → value: what a run of this candidate overrides. */
  params: Record<string, ParamValue>;
}

/** What one round ran: its new candidates and the replicates it gave earlier ones. */
export interface RoundSummary {
  /** Candidates run for the first time. */
  fresh: number;
  /** Earlier candidates given more replicates. */
  replicated: number;
  runs: number;
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
/** A bred value moves by a normal step of this share of its range (on the log scale for a log parameter), doubled by each round in a row that found no new leader. */
const STEP = 0.1;
/**
 * Breeding rounds in a row whose new candidates do not take the lead before the climb stops.
 * Each such round doubles the step: a leader on a plateau (children that move parameters its
 * strategy does not use, such as slowFactor when it waits) is left only by a longer move.
 */
const PATIENCE = 3;

/**
 * The default attacker (candidate 0, the scenario's own values) and `challengers` candidates
 * drawn from a stream seeded by the scenario seed and the attacker, in a fixed order of draws.
 */
export function drawCandidates(space: AttackSpace, scenario: object, seed: number | string, challengers: number): Candidate[] {
  const columns = searchColumns(space);
  const own: Record<string, ParamValue> = Object.fromEntries(columns.map((c) => [c.path, valueAt(scenario, c.path)]));
  const rng = new Rng(deriveSeed(seed, 'attack', space.attacker));
  const out: Candidate[] = [{ index: 0, parent: null, params: own }];
  for (let i = 1; i <= challengers; i++) {
    const params: Record<string, ParamValue> = {};
    for (const p of space.params) params[p.path] = fromUnit(p, rng.next());
    Object.assign(params, mixAt(space, rng.next(), rng.next()));
    out.push({ index: i, parent: null, params });
  }
  return out;
}

/**
 * A candidate bred from `parent`: one parameter drawn at random changes, and each other (the
 * target mix counting as one) with probability 1/d of the d searched, so about two at a time;
 * a numeric one by a normal step within its bounds, a choice drawn afresh. Moving every
 * parameter at once would land far from the parent in a space of ten, a new random draw
 * rather than a neighbour; moving none would run the parent again under another name.
 */
export function breed(space: AttackSpace, rng: Rng, parent: Candidate, index: number, step = STEP): Candidate {
  // A step can round back onto the parent's value (an integer, four digits), so try again, a few times.
  let params = nudge(space, rng, parent.params, step);
  for (let tries = 1; tries < 8 && Object.keys(params).every((p) => params[p] === parent.params[p]); tries++) params = nudge(space, rng, parent.params, step);
  return { index, parent: parent.index, params };
}

function nudge(space: AttackSpace, rng: Rng, from: Record<string, ParamValue>, step: number): Record<string, ParamValue> {
  const d = space.params.length + 1;
  const surely = Math.floor(rng.next() * d);
  const moves = (k: number) => k === surely || rng.next() < 1 / d;
  const params: Record<string, ParamValue> = {};
  space.params.forEach((p, k) => {
    const v = from[p.path];
    if (!moves(k)) params[p.path] = v;
    else params[p.path] = p.kind === 'choice' ? otherChoice(p, v, rng.next()) : fromUnit(p, reflect(toUnit(p, Number(v)) + step * normal(rng)));
  });
  const [c, f] = mixUnits(space, from);
  Object.assign(params, moves(d - 1) ? mixAt(space, reflect(c + step * normal(rng)), reflect(f + step * normal(rng))) : mixOf(space, from));
  return params;
}

/** One of a choice parameter's other values, uniformly (the value itself when it is the only one). */
function otherChoice(p: SearchedParam, v: ParamValue, u: number): ParamValue {
  const others = p.choices!.filter((c) => c !== v);
  return others.length === 0 ? v : others[Math.min(others.length - 1, Math.floor(u * others.length))];
}

/** A parameter's value at `u` in [0, 1) along its range (log-scaled for a log parameter, as the screen draws it). */
function fromUnit(p: SearchedParam, u: number): ParamValue {
  if (p.kind === 'choice') return p.choices![Math.min(p.choices!.length - 1, Math.floor(u * p.choices!.length))];
  const [lo, hi] = p.bound!;
  if (p.kind === 'int') return Math.min(hi, lo + Math.floor(u * (hi - lo + 1)));
  const x = logScaled(p) ? Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo))) : lo + u * (hi - lo);
  return clamp(Number(x.toPrecision(DIGITS)), lo, hi);
}

/** The inverse of fromUnit for a numeric value (an integer at the middle of its cell). */
function toUnit(p: SearchedParam, x: number): number {
  const [lo, hi] = p.bound!;
  if (hi === lo) return 0;
  if (p.kind === 'int') return (x - lo + 0.5) / (hi - lo + 1);
  return logScaled(p) ? (Math.log(x) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)) : (x - lo) / (hi - lo);
}

const logScaled = (p: SearchedParam) => p.kind === 'log' && p.bound![0] > 0;

/**
 * A target mix within the bounds from two positions in [0, 1): contact at `uc` of what its
 * bounds allow, then fof at `uf` of what is still allowed; stranger takes the rest, so the mix
 * sums to 1. A fake account's contact share is 0: it knows no one, and a contact pick would
 * fall through to a friend of a friend.
 */
function mixAt(space: AttackSpace, uc: number, uf: number): Record<string, number> {
  const { contact, fof } = space.targets;
  const r = mixRanges(space);
  const [cl, ch] = r.contact;
  const c = contact ? clamp(round(cl + uc * (ch - cl)), cl, ch) : 0;
  const [lo, hi] = r.fof(c);
  const f = clamp(round(lo + uf * (hi - lo)), lo, hi);
  const contactPath = contact?.path ?? fof.path.replace(/fof$/, 'contact');
  return { [contactPath]: c, [fof.path]: f, [space.targets.stranger.path]: Number((1 - c - f).toFixed(12)) };
}

/** A candidate's target mix, as mixAt writes it. */
function mixOf(space: AttackSpace, params: Record<string, ParamValue>): Record<string, number> {
  const { contact, fof, stranger } = space.targets;
  const contactPath = contact?.path ?? fof.path.replace(/fof$/, 'contact');
  return { [contactPath]: contact ? Number(params[contact.path]) : 0, [fof.path]: Number(params[fof.path]), [stranger.path]: Number(params[stranger.path]) };
}

/** Where a candidate's mix sits in the ranges mixAt draws from: the inverse of mixAt. */
function mixUnits(space: AttackSpace, params: Record<string, ParamValue>): [number, number] {
  const r = mixRanges(space);
  const at = (x: number, [lo, hi]: readonly [number, number]) => (hi > lo ? (x - lo) / (hi - lo) : 0);
  const c = space.targets.contact ? Number(params[space.targets.contact.path]) : 0;
  return [space.targets.contact ? at(c, r.contact) : 0, at(Number(params[space.targets.fof.path]), r.fof(c))];
}

/** The range each share may take: contact's, and fof's once contact is `c`, so that stranger's bounds can take the rest. */
function mixRanges(space: AttackSpace): { contact: [number, number]; fof: (c: number) => [number, number] } {
  const { contact, fof, stranger } = space.targets;
  const [fl, fh] = fof.bound;
  const [sl, sh] = stranger.bound;
  return {
    contact: contact ? [Math.max(contact.bound[0], 1 - fh - sh), Math.min(contact.bound[1], 1 - fl - sl)] : [0, 0],
    fof: (c) => [Math.max(fl, 1 - c - sh), Math.min(fh, 1 - c - sl)],
  };
}

/** A standard normal draw (Box–Muller, from two uniforms of the stream). */
function normal(rng: Rng): number {
  const u = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/** Folds a position back into [0, 1) at its ends, so a step past a bound does not pile candidates on it. */
function reflect(u: number): number {
  const t = ((u % 2) + 2) % 2;
  return Math.min(t <= 1 ? t : 2 - t, 1 - Number.EPSILON);
}

const round = (x: number) => Math.round(x * 10 ** DIGITS) / 10 ** DIGITS;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

function valueAt(obj: object, path: string): ParamValue {
  let v: unknown = obj;
  for (const k of path.split('.')) v = (v as Record<string, unknown>)[k];
  return v as ParamValue;
}

/** One run's harm: the objective per abusive account of the attacker (null: no such account in the run, or no result). */
export function runHarm(record: RunRecord, attacker: ArchetypeName, objective: Objective): number | null {
  const m = record.result?.byArchetype[attacker];
  if (!m || !(m.abusiveMembers > 0)) return null;
  return m[objective] / m.abusiveMembers;
}

interface Standing {
  c: Candidate;
  harms: number[];
  mean: number;
}

/**
 * The search's state between rounds. `next` plans a round from the records of every task
 * planned before it, all finished; the search holds no other input, so replaying a journal
 * through it plans what the first pass planned.
 */
export class AttackSearch {
  readonly candidates: Candidate[];
  readonly rounds: RoundSummary[] = [];
  /** Each candidate's last round (0-based). */
  readonly reached = new Map<number, number>();
  private readonly planned: Task[] = [];
  /** Candidates out of the race: they run no more. */
  private readonly out = new Set<number>();
  /** The candidates the last round ran for the first time. */
  private lastFresh = new Set<number>();
  private climbing = true;
  /** Set once the confirmation round is planned: the search ends after it. */
  private confirmed = false;
  /** Breeding rounds in a row that did not take the lead. */
  private stale = 0;
  /** The leader's mean harm when the last round was planned. */
  private leadWhenBred = -Infinity;
  private done = false;

  constructor(
    private readonly space: AttackSpace,
    scenario: object,
    private readonly seed: number | string,
    readonly budget: number,
    readonly shape: SearchShape = searchShape(budget),
  ) {
    this.candidates = drawCandidates(space, scenario, seed, Math.min(shape.screen, budget - 1));
  }

  /** Whether the search ended on its own (the race decided, or the budget spent). */
  get finished(): boolean {
    return this.done;
  }

  /** Every task planned so far, in plan order (a task's index is its position). */
  get tasks(): readonly Task[] {
    return this.planned;
  }

  /** Round 0's tasks, known before any run: what a folder's plan id is made of. */
  screenTasks(): Task[] {
    return this.candidates.map((c) => ({ index: c.index, point: c.index, replicate: 0, seed: taskSeed(this.seed, c.index, 0), params: c.params }));
  }

  /**
   * The next round's tasks, given the record of each planned task (all finished), or null
   * when the search is over. Its runs never take the search past its budget.
   */
  next(record: (index: number) => RunRecord, attacker: ArchetypeName, objective: Objective): Task[] | null {
    if (this.done || this.confirmed) {
      this.done = true;
      return null;
    }
    if (this.planned.length === 0) return this.plan(this.candidates.map((c) => ({ c, reps: 1 })));
    const standings = this.standings(record, attacker, objective);
    const sigma = this.race(standings);
    const live = standings.filter((s) => !this.out.has(s.c.index)).sort(byHarm);
    const R = this.shape.replicates;
    if (this.climbing && this.rounds.length > 1) {
      // A breeding round improves when a new candidate leads by at least a run's noise (σ) the leader it was bred against.
      const improved = live.length > 0 && this.lastFresh.has(live[0].c.index) && live[0].mean >= this.leadWhenBred + (sigma ?? 0);
      this.stale = improved ? 0 : this.stale + 1;
    }
    if (this.stale >= PATIENCE || this.planned.length + this.shape.offspring + 2 > this.shape.climb) this.climbing = false;
    const parents = this.climbing ? live.slice(0, this.shape.offspring / 2) : [];
    this.leadWhenBred = live[0]?.mean ?? -Infinity;
    // While climbing, the default and the leader get one more replicate a round; after, they
    // and the runner-up are run to R in one round. Candidates closer than that are ties as far as
    // a worst case goes: telling them apart would buy nothing a designer needs.
    const grow = (s: Standing) => (this.climbing ? Math.min(R, s.harms.length + 1) : R) - s.harms.length;
    const wants = [...live.filter((s) => s.c.index === 0), ...live.filter((s) => s.c.index !== 0).slice(0, this.climbing ? 1 : 2)].map((s) => ({ c: s.c, reps: grow(s) }));
    const rng = new Rng(deriveSeed(this.seed, 'attack', this.space.attacker, 'round', this.rounds.length));
    const bred = parents.length ? Array.from({ length: this.shape.offspring }, (_x, k) => breed(this.space, rng, parents[k % parents.length].c, this.candidates.length + k, STEP * 2 ** this.stale)) : [];
    // The budget goes to replicates first (the default's, then the leaders'), then to new candidates.
    let room = this.budget - this.planned.length;
    const batch: Array<{ c: Candidate; reps: number }> = [];
    for (const w of wants) {
      const reps = Math.min(w.reps, room);
      room -= reps;
      if (reps > 0) batch.push({ c: w.c, reps });
    }
    const fresh = bred.slice(0, room);
    this.confirmed = !this.climbing;
    this.candidates.push(...fresh);
    batch.push(...fresh.map((c) => ({ c, reps: 1 })));
    if (batch.length === 0) {
      this.done = true;
      return null;
    }
    return this.plan(batch);
  }

  /** Plans a round: each candidate's new replicates, candidates in index order. */
  private plan(batch: ReadonlyArray<{ c: Candidate; reps: number }>): Task[] {
    const have = new Map<number, number>();
    for (const t of this.planned) have.set(t.point, (have.get(t.point) ?? 0) + 1);
    const k = this.rounds.length;
    const tasks: Task[] = [];
    this.lastFresh = new Set();
    for (const { c, reps } of [...batch].sort((a, b) => a.c.index - b.c.index)) {
      const from = have.get(c.index) ?? 0;
      if (from === 0) this.lastFresh.add(c.index);
      for (let r = from; r < from + reps; r++) tasks.push({ index: this.planned.length + tasks.length, point: c.index, replicate: r, seed: taskSeed(this.seed, c.index, r), params: c.params });
      this.reached.set(c.index, k);
    }
    this.planned.push(...tasks);
    this.rounds.push({ fresh: this.lastFresh.size, replicated: batch.length - this.lastFresh.size, runs: tasks.length });
    return tasks;
  }

  /** Every run candidate's harms so far (a run without an account of the attacker has none). */
  private standings(record: (index: number) => RunRecord, attacker: ArchetypeName, objective: Objective): Standing[] {
    const harms = new Map<number, number[]>();
    for (const t of this.planned) {
      const xs = harms.get(t.point) ?? [];
      const h = runHarm(record(t.index), attacker, objective);
      if (h !== null) xs.push(h);
      harms.set(t.point, xs);
    }
    return [...harms].map(([i, xs]) => ({ c: this.candidates[i], harms: xs, mean: xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : -Infinity }));
  }

  /**
   * Puts out of the race every challenger whose harm cannot reach the leader's: its mean plus
   * t(0.975, df) · σ · √(1/n + 1/n_leader) is below the leader's mean, σ pooled over every
   * candidate with two or more replicates. After the screen no candidate has two, so the
   * race keeps the ones breeding starts from. The default is never put out: the best is
   * compared with it.
   */
  private race(standings: readonly Standing[]): number | null {
    const live = standings.filter((s) => !this.out.has(s.c.index)).sort(byHarm);
    let ss = 0;
    let df = 0;
    for (const s of standings) {
      for (const x of s.harms) ss += (x - s.mean) ** 2;
      df += Math.max(0, s.harms.length - 1);
    }
    const leader = live.find((s) => s.harms.length > 0);
    if (df === 0 || leader === undefined) {
      for (const s of live.slice(this.shape.offspring / 2)) if (s.c.index !== 0) this.out.add(s.c.index);
      return null;
    }
    const sigma = Math.sqrt(ss / df);
    const margin = jStat.studentt.inv(0.975, df) * sigma;
    for (const s of live) {
      if (s.c.index !== 0 && s !== leader && (s.harms.length === 0 || s.mean + margin * Math.sqrt(1 / s.harms.length + 1 / leader.harms.length) < leader.mean)) this.out.add(s.c.index);
    }
    return sigma;
  }
}

const byHarm = (a: Standing, b: Standing) => b.mean - a.mean || a.c.index - b.c.index;
