import fc from 'fast-check';
import { estimate, tQuantile975 } from '../../reports';

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

  it('rejects df < 1', () => {
    expect(() => tQuantile975(0)).toThrow(/df must be >= 1/);
  });
});

describe('estimate', () => {
  it('is all null without values, and leaves nulls out', () => {
    expect(estimate([])).toEqual({ mean: null, ciLow: null, ciHigh: null, n: 0 });
    expect(estimate([null, null])).toEqual({ mean: null, ciLow: null, ciHigh: null, n: 0 });
    expect(estimate([null, 4, null])).toEqual({ mean: 4, ciLow: null, ciHigh: null, n: 1 });
  });

  it('gives no interval for one value (one replicate says nothing about spread)', () => {
    expect(estimate([0.9])).toEqual({ mean: 0.9, ciLow: null, ciHigh: null, n: 1 });
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
