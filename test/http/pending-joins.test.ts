/**
 * PendingJoins against a brute-force model: over any run of nondecreasing minutes, the joins
 * reported up to minute t are exactly the accounts unknown at the start whose join minute is at
 * most t, each once, in order of minute, and never one the view did not show yet.
 */
import fc from 'fast-check';
import { PendingJoins } from '../../policies/http/pending-joins';
import { NOT_JOINED, type PlatformView } from '../../policies/platform-view';

/** A view whose clock is set by the test: joinedAt as the engine's (NOT_JOINED until the minute). */
function viewOf(joined: number[]): { view: PlatformView; setNow(t: number): void } {
  let now = 0;
  const view = { members: joined.length, joinedAt: (m: number) => (joined[m] <= now ? joined[m] : NOT_JOINED) } as PlatformView;
  return { view, setNow: (t) => (now = t) };
}

test('reports each later sign-up once, at or before the first minute asked at or after its join, in minute order', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: -50, max: 200 }), { minLength: 1, maxLength: 40 }),
      fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 30 }),
      fc.integer({ min: 0, max: 20 }),
      (joined, steps, lag) => {
        const { view, setNow } = viewOf(joined);
        const pending = new PendingJoins(view);
        const seen: Array<[number, number]> = [];
        let t = 0;
        for (const step of steps) {
          t += step;
          // The view's clock may run ahead of the minute asked; nothing later than the minute asked is reported.
          setNow(t + lag);
          const before = seen.length;
          pending.due(t, (m, minute) => seen.push([m, minute]));
          for (const [, minute] of seen.slice(before)) expect(minute).toBeLessThanOrEqual(t);
          const expected = joined.map((j, m) => [m, j] as [number, number]).filter(([, j]) => j > 0 && j <= t);
          expect([...seen].sort((a, b) => a[0] - b[0])).toEqual(expected);
        }
        for (let k = 1; k < seen.length; k++) expect(seen[k][1]).toBeGreaterThanOrEqual(seen[k - 1][1]);
      },
    ),
  );
});
