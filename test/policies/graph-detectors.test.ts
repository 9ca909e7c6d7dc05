/** What sybilrank, votetrust and rejecto share: periodic batches, the ladder, bad input, composition, and never reading ground truth. */
import fc from 'fast-check';
import { InputError } from '../../policies/input-error';
import { resolvePolicySpec } from '../../policies/registry';
import { scenarioFromObject } from '../../scenarios/load';
import { MINUTES_PER_HOUR } from '../../policies/policy';
import { plantedWorld, runDetector, separation } from './detector-world';

const DETECTORS = ['sybilrank', 'votetrust', 'rejecto'] as const;
// A tenth of the inviting members are planted sybils; sybilrank's rank cut is set to that share.
const params = (name: string) => (name === 'sybilrank' ? { seeds: 20, bottomShare: 0.09 } : { seeds: 20 });

describe.each(DETECTORS)('%s', (name) => {
  const w = plantedWorld({ honest: 300, sybils: 30, seed: 5 });

  it('restricts nobody before its first batch, and batches every intervalHours', () => {
    const early = runDetector({ name, params: { ...params(name), intervalHours: 48 } }, w, undefined, 47 * MINUTES_PER_HOUR);
    expect(early.restricted.some(Boolean)).toBe(false);
    expect(early.policy.stats!().batches).toBe(0);
    const due = runDetector({ name, params: { ...params(name), intervalHours: 48 } }, w, undefined, 48 * MINUTES_PER_HOUR);
    expect(due.policy.stats!().batches).toBe(1);
    expect(separation(w, due.restricted).recall).toBeGreaterThan(0.5);
  });

  it('answers suspicious() and score() from its last batch, and restricts exactly whom it finds suspicious', () => {
    const r = runDetector({ name, params: params(name) }, w);
    for (let m = 0; m < w.members; m++) {
      expect(r.policy.suspicious(m, 0)).toBe(r.restricted[m]);
      // Scores are threshold-relative: above 1 exactly where the batch flagged.
      expect(r.policy.score!(m) > 1).toBe(r.restricted[m]);
    }
  });

  it('never reads ground truth: shuffling which members are labelled abusive changes no restriction (property)', () => {
    const base = runDetector({ name, params: params(name) }, w).restricted;
    expect(base.some(Boolean)).toBe(true);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1, max: 30 * 1440 }), { minLength: w.members, maxLength: w.members }), (labels) => {
        expect(runDetector({ name, params: params(name) }, w, { abusiveFrom: Int32Array.from(labels) }).restricted).toEqual(base);
      }),
      { numRuns: 10 },
    );
  });

  it('composes: any-of with weekly-cap restricts the union, all-of the intersection', () => {
    const alone = runDetector({ name, params: params(name) }, w).restricted;
    const cap = runDetector({ name: 'weekly-cap', params: { cap: 3 } }, w).restricted;
    expect(cap.some((c, m) => c && !alone[m])).toBe(true);
    const any = runDetector({ name: 'any-of', params: { policies: [{ name: 'weekly-cap', params: { cap: 3 } }, { name, params: params(name) }] } }, w);
    expect(any.restricted).toEqual(alone.map((a, m) => a || cap[m]));
    const all = runDetector({ name: 'all-of', params: { policies: [{ name: 'weekly-cap', params: { cap: 3 } }, { name, params: params(name) }] } }, w);
    expect(all.restricted).toEqual(alone.map((a, m) => a && cap[m]));
    expect(all.restricted.some(Boolean)).toBe(true);
  });

  it('rejects a seed count larger than the population, naming the field (exit 2)', () => {
    const small = plantedWorld({ honest: 10, sybils: 2, seed: 1 });
    expect(() => runDetector({ name, params: { seeds: 13 } }, small)).toThrow(InputError);
    expect(() => runDetector({ name, params: { seeds: 13 } }, small)).toThrow(/params\.seeds is 13, more than the 12 members/);
  });

  it('rejects it when the scenario is validated, before any run, at the field\'s path (also inside a combinator)', () => {
    const scenario = (policy: unknown) => ({ name: 'x', population: { members: 50, shares: { regular: 1 } }, policy });
    expect(() => scenarioFromObject(scenario({ name, params: { seeds: 51 } }), '/')).toThrow(
      "policy.params.seeds is 51, more than the population's 50 members; use at most 50",
    );
    expect(() => scenarioFromObject(scenario({ name: 'any-of', params: { policies: ['weekly-cap', { name, params: { seeds: 60 } }] } }), '/')).toThrow(
      /^policy\.params\.policies\[1\]\.params\.seeds is 60/,
    );
    expect(scenarioFromObject(scenario({ name, params: { seeds: 50 } }), '/').policy.params.seeds).toBe(50);
  });

  it.each([
    ['intervalHours', 0, 'must be a number > 0'],
    ['seeds', 0, 'must be a positive integer'],
    ['seeds', 2.5, 'must be a positive integer'],
  ])('rejects %s = %p naming the field', (field, value, rule) => {
    expect(() => resolvePolicySpec({ name, params: { [field]: value } }, '/')).toThrow(InputError);
    expect(() => resolvePolicySpec({ name, params: { [field]: value } }, '/')).toThrow(`policy.params.${field} ${rule}`);
  });
});
