import fc from 'fast-check';
import { estimate, tQuantile975 } from '../../reports';
import { pooledProportion, wilson } from '../../reports/stats';

describe('tQuantile975', () => {
  it.each([
    [1, 12.7062],
    [2, 4.3027],
    [9, 2.2622],
    [30, 2.0423],
    [31, 2.0395],
    [40, 2.0211],
    [60, 2.0003],
    [120, 1.9799],
    [1e6, 1.96],
  ])('df=%p gives %p', (df, t) => {
    expect(tQuantile975(df)).toBeCloseTo(t, 3);
  });

  it('rejects df <= 0', () => {
    expect(() => tQuantile975(0)).toThrow(/df must be > 0/);
  });
});

describe('estimate', () => {
  it('is all null without values, and leaves nulls out', () => {
    expect(estimate([])).toEqual({ mean: null, ciLow: null, ciHigh: null, n: 0, method: 'student-t' });
    expect(estimate([null, null])).toEqual({ mean: null, ciLow: null, ciHigh: null, n: 0, method: 'student-t' });
    expect(estimate([null, 4, null])).toEqual({ mean: 4, ciLow: null, ciHigh: null, n: 1, method: 'student-t' });
  });

  it('gives no interval for one value (one replicate says nothing about spread)', () => {
    expect(estimate([0.9])).toEqual({ mean: 0.9, ciLow: null, ciHigh: null, n: 1, method: 'student-t' });
  });

  it('matches a hand-computed Student t interval', () => {
    // mean 2, sd 1, n 3: half-width = 4.3027 * 1 / sqrt(3)
    const e = estimate([1, 2, 3]);
    expect(e.mean).toBe(2);
    expect(e.ciLow).toBeCloseTo(2 - 4.3027 / Math.sqrt(3), 4);
    expect(e.ciHigh).toBeCloseTo(2 + 4.3027 / Math.sqrt(3), 4);
    expect(e.n).toBe(3);
  });

  it('clips the interval to the bounds given', () => {
    const e = estimate([0.99, 1, 0.95], [0, 1]);
    expect(e.ciHigh).toBe(1);
    expect(e.ciLow!).toBeGreaterThan(0.8);
  });

  it('brackets the mean with a symmetric interval (unclipped)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 50 }), (xs) => {
        const e = estimate(xs);
        expect(e.ciLow! - 1e-6).toBeLessThanOrEqual(e.mean!);
        expect(e.mean!).toBeLessThanOrEqual(e.ciHigh! + 1e-6);
        expect(e.mean! - e.ciLow!).toBeCloseTo(e.ciHigh! - e.mean!, 3);
      }),
    );
  });
});

describe('Wilson interval of a pooled proportion', () => {
  // Published values (Newcombe 1998, Table I, method 3: the Wilson score interval).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%p of %p gives [%p, %p]', (s, n, low, high) => {
    const [l, h] = wilson(s, n);
    expect(l).toBeCloseTo(low, 4);
    expect(h).toBeCloseTo(high, 4);
  });

  it('is exactly 1 at the top and 0 at the bottom, and never zero-width', () => {
    expect(wilson(12, 12)[1]).toBe(1);
    expect(wilson(12, 12)[0]).toBeLessThan(1);
    expect(wilson(0, 12)[0]).toBe(0);
    expect(wilson(0, 12)[1]).toBeGreaterThan(0);
  });

  it('pools successes and trials over replicates, leaving out replicates with no trials', () => {
    expect(pooledProportion([[2, 2], [0, 0], [3, 8]])).toEqual({ mean: 0.5, ciLow: wilson(5, 10)[0], ciHigh: wilson(5, 10)[1], n: 2, method: 'wilson', successes: 5, trials: 10 });
    expect(pooledProportion([[0, 0]])).toMatchObject({ mean: null, ciLow: null, ciHigh: null, n: 0, method: 'wilson' });
  });

  it('brackets the pooled proportion for any counts', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(500), fc.nat(500)), { minLength: 1, maxLength: 10 }), (raw) => {
        const pairs = raw.map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const);
        const e = pooledProportion(pairs);
        if (e.mean === null) return;
        expect(e.ciLow!).toBeLessThanOrEqual(e.mean);
        expect(e.ciHigh!).toBeGreaterThanOrEqual(e.mean);
        expect(e.ciHigh! - e.ciLow!).toBeGreaterThan(0);
      }),
    );
  });
});
