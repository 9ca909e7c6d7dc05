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
      fc.property(fc.array(fc.tuple(fc.nat(120), fc.nat(1e6)), { maxLength: 3000 }), (events) => {
        const q = new EventQueue(100, 4); // tiny pool: forces growth
        events.forEach(([at, payload]) => q.push(at, payload));
        const expected = events
          .map(([at, payload], i) => ({ at, payload, i }))
          .filter((e) => e.at < 100)
          .sort((x, y) => x.at - y.at || y.i - x.i)
          .map((e) => [e.at, e.payload]);
        expect(drain(q)).toEqual(expected);
      }),
    );
  });

  it('clamps events scheduled in the past to the current minute and reuses freed nodes', () => {
    const q = new EventQueue(10, 2);
    q.now = 5;
    q.push(1, 42);
    expect(q.popNow()).toBe(42);
    for (let i = 0; i < 100; i++) {
      q.push(5, i);
      expect(q.popNow()).toBe(i);
    }
    expect(q.capacity).toBe(2);
  });
});
