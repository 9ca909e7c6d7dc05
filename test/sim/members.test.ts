import fc from 'fast-check';
import { MAX_BURST, Members } from '../../sim/members';

describe('Members record', () => {
  it('keeps every packed field independent of the others', () => {
    fc.assert(
      fc.property(
        fc.nat(255),
        fc.nat(7),
        fc.boolean(),
        fc.float({ min: 0, max: 1000, noNaN: true }),
        fc.nat(1e8),
        fc.integer({ min: -1, max: 1e8 }),
        fc.nat(MAX_BURST + 10),
        fc.boolean(),
        (archetype, style, photo, rate, activeAt, abusiveFrom, burst, quit) => {
          const m = new Members(3);
          m.init(1, archetype, style, photo, rate, activeAt, abusiveFrom);
          m.setBurstLeft(1, burst);
          if (quit) m.setQuit(1);
          m.setLastAcceptor(1, 2);
          expect([m.archetype(1), m.style(1), m.hasPhoto(1), m.rate(1), m.activeAt(1), m.abusiveFrom(1)]).toEqual([archetype, style, photo, Math.fround(rate), activeAt, abusiveFrom]);
          expect(m.burstLeft(1)).toBe(Math.min(MAX_BURST, burst));
          expect(m.quit(1)).toBe(quit);
          expect([m.firstAbuseAt(1), m.lastAcceptor(1), m.lastAcceptor(0)]).toEqual([-1, 2, 0]);
        },
      ),
    );
  });

  it('walks the contact cursor forward and never negative, even past 2^31', () => {
    const m = new Members(1);
    m.setCursor(0, 0x7ffffffe);
    expect([m.nextCursor(0), m.nextCursor(0), m.nextCursor(0)]).toEqual([0x7ffffffe, 0x7fffffff, 0]);
  });
});
