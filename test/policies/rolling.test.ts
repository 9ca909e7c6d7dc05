import fc from 'fast-check';
import { RollingCounter } from '../../policies/rolling';

describe('RollingCounter', () => {
  it('counts exactly the events in the current bucket and the buckets-1 before it, with or without peaks (rows of either size)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 1, max: 30 }),
        fc.boolean(),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 200 })), { maxLength: 80 }),
        (windowMinutes, buckets, withPeak, steps) => {
          const c = new RollingCounter(3, windowMinutes, buckets, withPeak);
          const seen: Array<[number, number]> = [];
          let now = 0;
          for (const [member, dt] of steps) {
            now += dt;
            const got = c.add(member, now);
            seen.push([member, now]);
            const b = Math.floor(now / c.bucketMinutes);
            const want = seen.filter(([m, t]) => m === member && Math.floor(t / c.bucketMinutes) > b - c.buckets).length;
            expect(got).toBe(want);
          }
        },
      ),
    );
  });

  it('resolves the window to 1/buckets of it and keeps the peak', () => {
    const c = new RollingCounter(1, 7 * 1440, 24);
    expect(c.bucketMinutes).toBe(420);
    expect(c.buckets).toBe(24);
    for (let i = 0; i < 4; i++) c.add(0, i);
    // 23 buckets later the first bucket is still in the window; 24 later it is gone.
    expect(c.count(0, 23 * 420)).toBe(4);
    expect(c.count(0, 24 * 420)).toBe(0);
    expect(c.peak(0)).toBe(4);
  });
});
