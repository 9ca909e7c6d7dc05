/**
 * The red team's search plan: successive halving that spends exactly the budget, candidates
 * drawn inside their bounds (target mixes summing to 1) and the same for the same seed,
 * survivors the most harmful of each round with the default attacker always kept.
 */
import fc from 'fast-check';
import { loadScenario } from '../../scenarios/load';
import { attackSpace } from '../../scenarios/attack';
import { drawCandidates, halvingSchedule, roundRuns, roundTasks, searchColumns, survivors, type Candidate } from '../../runner/attack-search';
import { taskSeed } from '../../runner/plan';

const base = loadScenario('baseline');

describe('halving schedule', () => {
  it('uses exactly the budget, discards at least half after round 0, halves survivors and doubles replicates down to one challenger', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 5000 }), (budget) => {
        const rounds = halvingSchedule(budget);
        expect(rounds.reduce((n, _r, k) => n + roundRuns(rounds, k), 0)).toBe(budget);
        expect(rounds[0].replicates).toBe(1);
        expect(rounds[rounds.length - 1].challengers).toBe(rounds.length === 1 ? budget - 1 : 1);
        if (rounds.length > 1) expect(2 * rounds[1].challengers).toBeLessThanOrEqual(rounds[0].challengers);
        for (let k = 2; k < rounds.length; k++) {
          expect(rounds[k].challengers).toBe(Math.ceil(rounds[k - 1].challengers / 2));
          expect(rounds[k].replicates).toBe(2 * rounds[k - 1].replicates);
        }
      }),
    );
  });

  it('gives a 200-run budget many cheap looks and a long final comparison', () => {
    // 88 candidates once; 16, 8, 4, 2, 1 survivors with 2…32 replicates (the default attacker too).
    expect(halvingSchedule(200)).toEqual([
      { challengers: 88, replicates: 1 },
      { challengers: 16, replicates: 2 },
      { challengers: 8, replicates: 4 },
      { challengers: 4, replicates: 8 },
      { challengers: 2, replicates: 16 },
      { challengers: 1, replicates: 32 },
    ]);
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
          const columns = searchColumns(space);
          for (const c of candidates.slice(1)) {
            for (const col of columns) {
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
    const rounds = halvingSchedule(12);
    const tasks = roundTasks(rounds, 1, [own], base.seed, 5);
    expect(tasks.map((t) => [t.index, t.replicate, t.seed])).toEqual([[5, 1, taskSeed(base.seed, 0, 1)]]);
  });
});

describe('survivors', () => {
  it('are the most harmful challengers (ties to the lower index), with the default attacker always kept', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }), { minLength: 1, maxLength: 30 }), fc.integer({ min: 0, max: 30 }), (harms, keep) => {
        const alive: Candidate[] = harms.map((_h, i) => ({ index: i, params: {} }));
        const kept = survivors(alive, (c) => harms[c.index], keep).map((c) => c.index);
        // Brute force: every challenger outranked by fewer than `keep` others survives.
        const score = (i: number) => harms[i] ?? -Infinity;
        const expected = alive
          .map((c) => c.index)
          .filter((i) => i === 0 || alive.filter((o) => o.index !== 0 && (score(o.index) > score(i) || (score(o.index) === score(i) && o.index < i))).length < keep);
        expect(kept).toEqual(expected);
      }),
    );
  });
});
