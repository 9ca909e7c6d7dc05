import fc from 'fast-check';
import { EventQueue } from '../../sim/queue';

/** Drains the queue minute by minute, as the engine does. */
function drain(q: EventQueue): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let t = 0; t < q.horizon; t++) {
    q.now = t;
    for (let p = q.popNow(); p >= 0; p = q.popNow()) out.push([t, p]);
  }
  return out;
}

describe('EventQueue', () => {
  it('pops events in time order, last-in first-out within a minute, dropping those past the horizon (any schedule)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(12), fc.nat(1e6)), { maxLength: 3000, size: 'large' }), (events) => {
        // Few minutes, many events: buckets span many blocks, and a tiny pool must grow.
        const q = new EventQueue(10, 4);
        events.forEach(([at, payload]) => q.push(at, payload));
        const expected = events
          .map(([at, payload], i) => ({ at, payload, i }))
          .filter((e) => e.at < 10)
          .sort((x, y) => x.at - y.at || y.i - x.i)
          .map((e) => [e.at, e.payload]);
        expect(drain(q)).toEqual(expected);
      }),
    );
  });

  it('agrees with a stack per minute when pushes and pops interleave, data words included (any schedule)', () => {
    // An op: pop one event now, push one at now + delay (delay 0: into the minute being drained), or advance a minute.
    const op = fc.oneof(fc.constant({ kind: 'pop' as const }), fc.constant({ kind: 'tick' as const }), fc.record({ kind: fc.constant('push' as const), delay: fc.nat(3), payload: fc.nat(1e6) }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 2000, size: 'large' }), (ops) => {
        const horizon = 12;
        const q = new EventQueue(horizon, 3);
        const model: Array<Array<[number, number, number]>> = Array.from({ length: horizon }, () => []);
        ops.forEach((o, i) => {
          if (o.kind === 'tick') {
            if (q.now + 1 < horizon) q.now++;
          } else if (o.kind === 'push') {
            q.push(q.now + o.delay, o.payload, i, -i - 1);
            if (q.now + o.delay < horizon) model[q.now + o.delay].push([o.payload, i, -i - 1]);
          } else {
            const expected = model[q.now].pop();
            const got = q.popNow();
            expect(got === -1 ? undefined : [got, q.data0, q.data1]).toEqual(expected);
          }
        });
      }),
    );
  });

  it('peekNow visits, without popping, the next `limit` events in the order the minute pops them, data words included (any schedule)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(4), fc.nat(1e6)), { maxLength: 400 }), fc.nat(30), fc.integer({ min: 1, max: 70 }), (events, popFirst, limit) => {
        const q = new EventQueue(5, 3);
        events.forEach(([at, payload], i) => q.push(at, payload, i, -i - 1));
        for (let t = 0; t < 5; t++) {
          q.now = t;
          // Part of the minute already popped: the peek starts from what is still to come.
          for (let k = 0; k < popFirst && q.popNow() >= 0; k++);
          const seen: string[] = [];
          const x = q.peekNow((p, d0, d1) => (seen.push(`${p}/${d0}/${d1}`), p), limit);
          const popped: string[] = [];
          let xor = 0;
          for (let p = q.popNow(); p >= 0; p = q.popNow()) {
            if (popped.length < limit) xor ^= p;
            popped.push(`${p}/${q.data0}/${q.data1}`);
          }
          expect(seen).toEqual(popped.slice(0, limit));
          expect(x).toBe(xor);
        }
      }),
    );
  });

  it('clamps events scheduled in the past to the current minute and reuses freed blocks', () => {
    const q = new EventQueue(10, 2);
    const capacity = q.capacity;
    q.now = 5;
    q.push(1, 42);
    expect(q.popNow()).toBe(42);
    for (let i = 0; i < 100; i++) {
      q.push(5, i);
      expect(q.popNow()).toBe(i);
    }
    expect(q.capacity).toBe(capacity);
  });
});
