import fc from 'fast-check';
import { apportion, buildPopulation } from '../../sim/population';
import { ARCHETYPES } from '../../sim/config';
import { Rng } from '../../sim/rng';
import { smallConfig } from '../helpers/sim-config';

describe('apportion', () => {
  it('splits a total exactly, each count within 1 of its share', () => {
    fc.assert(
      fc.property(fc.nat(100000), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 10 }), (total, w) => {
        const sum = w.reduce((a, b) => a + b, 0);
        fc.pre(sum > 0);
        const shares = w.map((x) => x / sum);
        const counts = apportion(total, shares);
        expect(counts.reduce((a, b) => a + b, 0)).toBe(total);
        counts.forEach((c, i) => expect(Math.abs(c - shares[i] * total)).toBeLessThan(1 + 1e-6));
      }),
    );
  });
});

describe('buildPopulation', () => {
  const cfg = smallConfig({ members: 5000 });
  const pop = buildPopulation(cfg, new Rng('pop'));

  it('puts real members first and fake accounts after, with ground-truth labels', () => {
    for (let m = 0; m < pop.n; m++) {
      const p = cfg.archetypes[ARCHETYPES[pop.members.archetype(m)]];
      expect(m < pop.real).toBe(!p.fake);
      if (p.label === 'honest') expect(pop.abusiveFrom[m]).toBe(-1);
      if (p.fake) expect(pop.abusiveFrom[m]).toBe(pop.members.activeAt(m));
      expect(pop.members.abusiveFrom(m)).toBe(pop.abusiveFrom[m]);
    }
  });

  it('labels a taken-over account abusive only from its takeover time, inside the horizon', () => {
    const t = ARCHETYPES.indexOf('takeover');
    let seen = 0;
    for (let m = 0; m < pop.n; m++) {
      if (pop.members.archetype(m) !== t) continue;
      seen++;
      const from = pop.abusiveFrom[m];
      expect(from === -1 || (from >= 5 * 1440 && from < cfg.days * 1440)).toBe(true);
    }
    expect(seen).toBe(pop.counts[t]);
  });

  it('keeps each sybil ring in consecutive ids', () => {
    const s = ARCHETYPES.indexOf('sybil');
    for (let m = pop.sybilBase; m < pop.sybilBase + pop.counts[s]; m++) expect(pop.members.archetype(m)).toBe(s);
  });
});
