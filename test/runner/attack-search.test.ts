/**
 * The red team's search: an iterated race that never passes its budget and plans the same
 * from the same records (so --resume holds), run on synthetic landscapes whose optimum is
 * known; candidates drawn and bred inside their bounds (target mixes summing to 1).
 */
import fc from 'fast-check';
import { loadScenario } from '../../scenarios/load';
import { attackSpace } from '../../scenarios/attack';
import { AttackSearch, breed, drawCandidates, runHarm, searchColumns, type Candidate } from '../../runner/attack-search';
import { taskSeed } from '../../runner/plan';
import { Rng } from '../../sim/rng';
import type { ParamValue, RunRecord, Task } from '../../sim/result';
import type { AttackSpace, SearchedParam } from '../../scenarios/attack';

const base = loadScenario('baseline');

/**
 * A synthetic harm landscape over a space's unit coordinates (the log scale for sendsPerDay,
 * as the screen draws it): 100 less a weighted squared distance to a hidden optimum, plus a
 * bonus for one whenRestricted choice, plus normal noise of `noise` per run seeded by the
 * run's own seed. Its optimum is known, so what a search finds can be scored against it.
 */
function landscape(space: AttackSpace, seed: number, noise: number) {
  const rng = new Rng(`landscape/${seed}`);
  const optimum = space.params.map(() => rng.next());
  const weights = space.params.map(() => 20 + 60 * rng.next());
  const favourite = rng.next();
  const unit = (p: SearchedParam, v: ParamValue): number => {
    if (p.kind === 'choice') return (p.choices as readonly string[]).indexOf(String(v)) === Math.floor(favourite * p.choices!.length) ? 0 : 1;
    const [lo, hi] = p.bound!;
    if (hi === lo) return 0;
    return p.kind === 'log' && lo > 0 ? (Math.log(Number(v)) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)) : (Number(v) - lo) / (hi - lo);
  };
  const truth = (c: Pick<Candidate, 'params'>) =>
    100 - space.params.reduce((s, p, i) => s + (p.kind === 'choice' ? 15 * unit(p, c.params[p.path]) : weights[i] * (unit(p, c.params[p.path]) - optimum[i]) ** 2), 0) - 30 * (Number(c.params[space.targets.fof.path]) - 0.9) ** 2;
  const record = (t: Task): RunRecord => {
    const r = new Rng(t.seed);
    const z = Math.sqrt(-2 * Math.log(1 - r.next())) * Math.cos(2 * Math.PI * r.next());
    const harm = truth(t) + noise * z;
    const m = { abusiveMembers: 200, abusiveConnections: 200 * harm, abusiveDelivered: 0, truePositives: 0 };
    return { ...t, result: { byArchetype: { sybil: m } } } as unknown as RunRecord;
  };
  return { truth, record };
}

/** Runs a search to its end on `record`, as the CLI does round by round. */
function drive(search: AttackSearch, record: (t: Task) => RunRecord): Map<number, RunRecord> {
  const done = new Map<number, RunRecord>();
  for (let tasks = search.next((i) => done.get(i)!, 'sybil', 'abusiveConnections'); tasks; tasks = search.next((i) => done.get(i)!, 'sybil', 'abusiveConnections')) {
    for (const t of tasks) done.set(t.index, record(t));
  }
  return done;
}

const sybils = attackSpace(base, 'sybil');

/** Every searched value of `c` inside its bounds (or among its choices), and a target mix of three shares summing to 1. */
function expectInside(space: AttackSpace, c: Pick<Candidate, 'params'>): void {
  for (const col of searchColumns(space)) {
    const v = c.params[col.path];
    if (col.choices) expect(col.choices).toContain(v);
    else {
      expect(v as number).toBeGreaterThanOrEqual(col.bound![0] - 1e-9);
      expect(v as number).toBeLessThanOrEqual(col.bound![1] + 1e-9);
    }
  }
  const mix = Object.entries(c.params).filter(([p]) => /\.targets\.(contact|fof|stranger)$/.test(p));
  expect(mix).toHaveLength(3);
  expect(Math.abs(mix.reduce((s, [, v]) => s + (v as number), 0) - 1)).toBeLessThan(1e-9);
}

describe('the iterated race', () => {
  it('never passes its budget, ends, numbers its tasks in order with each candidate\'s replicates counted up from 0, and plans the same from the same records', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 400 }), fc.integer(), fc.double({ min: 0, max: 20, noNaN: true }), (budget, seed, noise) => {
        const world = landscape(sybils, seed, noise);
        const search = new AttackSearch(sybils, base, seed, budget);
        const records = drive(search, world.record);
        const tasks = search.tasks;
        expect(search.finished).toBe(true);
        expect(tasks.length).toBeLessThanOrEqual(budget);
        expect(tasks.map((t) => t.index)).toEqual(tasks.map((_t, i) => i));
        const seen = new Map<number, number>();
        for (const t of tasks) {
          expect(t.replicate).toBe(seen.get(t.point) ?? 0);
          expect(t.seed).toBe(taskSeed(seed, t.point, t.replicate));
          seen.set(t.point, t.replicate + 1);
        }
        expect(search.rounds.reduce((n, r) => n + r.runs, 0)).toBe(tasks.length);
        // A resumed search reads the journal's records and must plan exactly these tasks.
        const again = new AttackSearch(sybils, base, seed, budget);
        drive(again, (t) => records.get(t.index)!);
        expect(again.tasks).toEqual(tasks);
        expect(again.candidates).toEqual(search.candidates);
      }),
      { numRuns: 40 },
    );
  });

  it("runs the default attacker and the best found to the final replicates, when the budget allows", () => {
    const world = landscape(sybils, 3, 2);
    const search = new AttackSearch(sybils, base, 3, 200);
    drive(search, world.record);
    const reps = (i: number) => search.tasks.filter((t) => t.point === i).length;
    const most = Math.max(...search.candidates.map((c) => reps(c.index)));
    expect(most).toBe(search.shape.replicates);
    expect(reps(0)).toBe(most);
    expect(search.candidates.filter((c) => c.index !== 0 && reps(c.index) === most).length).toBeGreaterThanOrEqual(1);
  });

  it('climbs: what it finds beats the best of its own screen, in under a third of 200 runs', () => {
    // The oracle is the landscape's own (noise-free) value. On this smooth bowl the best of the
    // 88 draws successive halving screened at this budget is higher still on 4 of these 6
    // seeds (docs/policies.md says so); on the simulator's own it was lower on 2 of 3.
    const gains: number[] = [];
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const world = landscape(sybils, seed, 2);
      const search = new AttackSearch(sybils, base, seed, 200);
      const records = drive(search, world.record);
      const reps = (i: number) => search.tasks.filter((t) => t.point === i);
      const mean = (i: number) => reps(i).reduce((s, t) => s + runHarm(records.get(t.index)!, 'sybil', 'abusiveConnections')!, 0) / reps(i).length;
      const most = Math.max(...search.candidates.map((c) => reps(c.index).length));
      const best = search.candidates.filter((c) => reps(c.index).length === most).sort((a, b) => mean(b.index) - mean(a.index))[0];
      const screened = search.candidates.slice(1, search.shape.screen + 1);
      expect(search.tasks.length).toBeLessThan(200 / 3);
      gains.push(world.truth(best) - Math.max(...screened.map((c) => world.truth(c))));
    }
    expect(gains.filter((g) => g > 0).length).toBeGreaterThanOrEqual(5);
  });
});

describe('breeding', () => {
  it('changes at least one parameter of the parent and stays inside the bounds, mixes summing to 1', () => {
    fc.assert(
      fc.property(fc.integer(), fc.constantFrom('sybil', 'takeover', 'adaptive'), (seed, attacker) => {
        const scenario = { ...base, population: { ...base.population, shares: { ...base.population.shares, takeover: 0.005, adaptive: 0.005 } } };
        const space = attackSpace(scenario, attacker);
        const [, parent] = drawCandidates(space, scenario, seed, 1);
        const rng = new Rng(`breed/${seed}`);
        for (let k = 0; k < 20; k++) {
          const child = breed(space, rng, parent, 2 + k);
          expect(child.parent).toBe(parent.index);
          expect(Object.keys(child.params).sort()).toEqual(Object.keys(parent.params).sort());
          expect(Object.keys(child.params).some((p) => child.params[p] !== parent.params[p])).toBe(true);
          expectInside(space, child);
        }
      }),
      { numRuns: 40 },
    );
  });
});

/** Bounds [lo, hi] with lo ≤ hi inside [0, 1]. */
const share = fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as [number, number]);

describe('candidates', () => {
  it('are drawn inside their bounds, with target mixes summing to 1, and the same for the same seed', () => {
    const attackers = ['sybil', 'takeover', 'adaptive', 'bulkSpammer'] as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...attackers),
        fc.record({ sendsPerDay: fc.tuple(fc.double({ min: 0, max: 50, noNaN: true }), fc.double({ min: 50, max: 500, noNaN: true })), noteRate: share, ringShare: share, contact: share, fof: share, stranger: share }),
        fc.oneof(fc.integer(), fc.string({ minLength: 1, maxLength: 6 })),
        (attacker, b, seed) => {
          const scenario = { ...base, population: { ...base.population, shares: { ...base.population.shares, takeover: 0.005, adaptive: 0.005 } }, attack: { sendsPerDay: b.sendsPerDay, noteRate: b.noteRate, ringShare: b.ringShare, targets: { contact: b.contact, fof: b.fof, stranger: b.stranger } } };
          let space;
          try {
            space = attackSpace(scenario, attacker);
          } catch {
            // Bounds that admit no mix are bad input (their own test); nothing to draw.
            return;
          }
          const candidates = drawCandidates(space, scenario, seed, 20);
          expect(drawCandidates(space, scenario, seed, 20)).toEqual(candidates);
          for (const c of candidates.slice(1)) {
            expectInside(space, c);
            if (attacker === 'sybil') expect(Number.isInteger(c.params['archetypes.sybil.ringSize'])).toBe(true);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("search only what the archetype uses: rings for sybils, the probing rule for adaptive, contacts for real accounts, a takeover's own figures", () => {
    const scenario = { ...base, population: { ...base.population, shares: { ...base.population.shares } } };
    const names = (a: string) => searchColumns(attackSpace(scenario, a)).map((c) => c.name);
    expect(names('sybil')).toEqual(expect.arrayContaining(['ringSize', 'ringShare']));
    expect(names('bulkSpammer')).not.toEqual(expect.arrayContaining(['ringSize']));
    expect(names('adaptive')).toEqual(expect.arrayContaining(['adaptive.step', 'adaptive.backoff', 'adaptive.memory', 'adaptive.scoutShare', 'adaptive.startWeekly', 'adaptive.acceptTarget']));
    expect(names('sybil').some((n) => n.startsWith('adaptive.'))).toBe(false);
    expect(names('sybil')).not.toContain('targets.contact');
    expect(names('takeover')).toContain('targets.contact');
    const takeover = searchColumns(attackSpace(scenario, 'takeover'));
    expect(takeover.find((c) => c.name === 'sendsPerDay')!.path).toBe('archetypes.takeover.takeover.sendsPerDay');
    expect(searchColumns(attackSpace({ ...scenario, attack: { withdrawRate: [0, 0] } }, 'sybil')).map((c) => c.name)).not.toContain('withdrawAfterDays');
    expect(searchColumns(attackSpace({ ...scenario, attack: { whenRestricted: ['quit', 'wait'] } }, 'sybil')).map((c) => c.name)).not.toContain('slowFactor');
  });

  it("candidate 0 is the scenario's own attacker, run on the seeds `run` gives its point 0", () => {
    const space = attackSpace(base, 'sybil');
    const [own] = drawCandidates(space, base, base.seed, 3);
    expect(own.params['archetypes.sybil.sendsPerDay']).toBe(base.archetypes.sybil.sendsPerDay);
    expect(own.params['archetypes.sybil.ringSize']).toBe(base.archetypes.sybil.ringSize);
    const search = new AttackSearch(space, base, base.seed, 12);
    expect(search.screenTasks()[0]).toEqual({ index: 0, point: 0, replicate: 0, seed: taskSeed(base.seed, 0, 0), params: own.params });
  });
});
