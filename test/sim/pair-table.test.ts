import fc from 'fast-check';
import { CONNECTED, PENDING, PairTable } from '../../sim/pair-table';
import { MINUTES_PER_DAY } from '../../policies/policy';

/**
 * The model: a plain Map from "sender,recipient" to the day the pair frees up (Infinity:
 * pending or connected), with the table's documented rounding (a pause ends at the start of
 * the first day after its minute).
 */
type State = { day: number; kind: 'pending' | 'connected' | 'pause' };

describe('PairTable', () => {
  it('answers like a map of pairs whatever the order of pending, connected, pauses and time (any schedule)', () => {
    const id = fc.nat(40);
    const op = fc.record({
      sender: id,
      recipient: id,
      what: fc.oneof(fc.constant('pending' as const), fc.constant('connected' as const), fc.constant('free' as const), fc.nat(30)),
      advanceDays: fc.nat(3),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 600, size: 'large' }), (ops) => {
        // A tiny table so it rehashes (and drops expired pauses) many times.
        const table = new PairTable(2);
        const model = new Map<string, State>();
        const wrong: string[] = [];
        let now = 0;
        for (const o of ops) {
          now += o.advanceDays * MINUTES_PER_DAY + 7;
          const key = `${o.sender},${o.recipient}`;
          if (o.what === 'pending') {
            table.set(o.sender, o.recipient, PENDING, now);
            model.set(key, { day: Infinity, kind: 'pending' });
          } else if (o.what === 'connected') {
            table.set(o.sender, o.recipient, CONNECTED, now);
            model.set(key, { day: Infinity, kind: 'connected' });
          } else if (o.what === 'free') {
            table.set(o.sender, o.recipient, 0, now);
            model.delete(key);
          } else {
            const until = now + o.what * MINUTES_PER_DAY + 5;
            table.set(o.sender, o.recipient, until, now);
            model.set(key, { day: Math.ceil(until / MINUTES_PER_DAY), kind: 'pause' });
          }
          const today = Math.floor(now / MINUTES_PER_DAY);
          for (let s = 0; s <= 40; s += 5) {
            for (let r = 0; r <= 40; r += 3) {
              const st = model.get(`${s},${r}`);
              const back = model.get(`${r},${s}`);
              const own = st !== undefined && st.day > today;
              const got = [table.bars(s, r, today, false), table.bars(s, r, today, true), table.connected(s, r)];
              const want = [own, own || back?.kind === 'pending' || back?.kind === 'connected', st?.kind === 'connected'];
              if (got.some((g, i) => g !== want[i])) wrong.push(`day ${today} ${s}->${r}: got ${got} want ${want}`);
            }
          }
        }
        expect(wrong.slice(0, 3)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it('keeps a pause to its last day and frees the pair on the day after, then holds it no longer than a rehash', () => {
    const table = new PairTable(2);
    const now = 10 * MINUTES_PER_DAY + 100;
    table.set(1, 2, now + 21 * MINUTES_PER_DAY, now);
    expect(table.bars(1, 2, 31, false)).toBe(true);
    expect(table.bars(1, 2, 32, false)).toBe(false);
    // The reverse direction is a different pair, and a pause does not bar the other way.
    expect(table.bars(2, 1, 11, true)).toBe(false);
    // Many later pairs: the table grows past the expired pause and still answers.
    for (let i = 0; i < 5000; i++) table.set(100 + i, 7, PENDING, 40 * MINUTES_PER_DAY);
    expect(table.bars(1, 2, 40, true)).toBe(false);
    // Pending bars both ways; it is not a connection.
    expect(table.bars(7, 4099, 40, true) && !table.bars(7, 4099, 40, false) && !table.connected(4099, 7)).toBe(true);
    expect(table.bytes()).toBeLessThanOrEqual(8 * 16384);
  });
});
