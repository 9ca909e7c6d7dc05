/** The circuit breaker against a model: open after N failures in a row, one probe per interval while open, closed by a success. */
import fc from 'fast-check';
import { CircuitBreaker } from '../../policies/http/breaker';

test('opens after N consecutive failures, probes once per interval, closes on a probe that succeeds', () => {
  let now = 0;
  const b = new CircuitBreaker(3, 100, () => now);
  b.failed();
  b.failed();
  b.succeeded(); // the run of failures is broken
  b.failed();
  b.failed();
  expect([b.allow(), b.isOpen]).toEqual([true, false]);
  b.failed();
  expect([b.isOpen, b.opened]).toEqual([true, 1]);
  expect(b.allow()).toBe(false);
  now = 99;
  expect(b.allow()).toBe(false);
  now = 100;
  expect(b.allow()).toBe(true); // the probe
  expect(b.allow()).toBe(false); // one probe an interval
  b.failed();
  now = 199;
  expect(b.allow()).toBe(false);
  now = 200;
  expect(b.allow()).toBe(true);
  b.succeeded();
  expect([b.isOpen, b.allow(), b.opened]).toEqual([false, true, 1]);
});

test('matches a brute-force model on any sequence of calls', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 50 }), fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 40 })), { maxLength: 60 }), (n, probe, steps) => {
      let now = 0;
      const b = new CircuitBreaker(n, probe, () => now);
      // Model: the outcomes of requests made so far, and when each allowed request was made while open.
      let streak = 0;
      let open = false;
      let lastProbe = 0;
      for (const [ok, dt] of steps) {
        now += dt;
        const expectAllowed = !open || now - lastProbe >= probe;
        if (open && expectAllowed) lastProbe = now;
        expect(b.allow()).toBe(expectAllowed);
        if (!expectAllowed) continue;
        if (ok) {
          streak = 0;
          open = false;
          b.succeeded();
        } else {
          streak++;
          if (!open && streak >= n) {
            open = true;
            lastProbe = now;
          }
          b.failed();
        }
        expect(b.isOpen).toBe(open);
      }
    }),
  );
});
