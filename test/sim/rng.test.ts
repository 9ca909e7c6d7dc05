import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { Rng, deriveSeed } from '../../sim/rng';

const draws = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.next());

describe('Rng', () => {
  it('replays the same stream for the same seed', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.string()), (seed) => {
        expect(draws(new Rng(seed), 20)).toEqual(draws(new Rng(seed), 20));
      }),
    );
  });

  it("draws exactly seedrandom's Alea stream for any seed", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.string()), fc.integer({ min: 1, max: 2000 }), (seed, n) => {
        const alea = seedrandom.alea(String(seed));
        const ours = new Rng(seed);
        for (let i = 0; i < n; i++) if (ours.next() !== alea()) return false;
        return true;
      }),
      { numRuns: 200 },
    );
  });

  it('derives distinct, independent streams by name', () => {
    const a = draws(new Rng(deriveSeed(7, 'population')), 50);
    const b = draws(new Rng(deriveSeed(7, 'behaviour')), 50);
    expect(a).not.toEqual(b);
    expect(deriveSeed(7, 'point', 1, 'rep', 0)).not.toBe(deriveSeed(7, 'point', 0, 'rep', 1));
  });

  it('draws uniforms in [0, 1) and integers in range', () => {
    const rng = new Rng('u');
    for (let i = 0; i < 10000; i++) {
      const u = rng.next();
      expect(u >= 0 && u < 1).toBe(true);
      const k = rng.int(7);
      expect(Number.isInteger(k) && k >= 0 && k < 7).toBe(true);
    }
  });

  it('has the means its distributions promise', () => {
    const rng = new Rng('means');
    const n = 200000;
    let exp = 0;
    let spread = 0;
    for (let i = 0; i < n; i++) {
      exp += rng.exp(5);
      spread += rng.spread(0.8);
    }
    expect(exp / n).toBeCloseTo(5, 1);
    expect(spread / n).toBeCloseTo(1, 1);
  });
});
