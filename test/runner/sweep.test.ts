/** Sweeps: lists and {from, to, step} ranges expand into the Cartesian grid; bad sweeps are InputErrors naming the path. */
import { loadScenario } from '../../scenarios/load';
import type { Scenario } from '../../scenarios/schema';
import { checkSweepPoints, sweepAxes, sweepLists, sweepPointCount, sweepPoints } from '../../scenarios/sweep';
import { inputErrorMessage } from '../helpers/input-error';

const base = loadScenario('baseline');
const withSweep = (sweep: Record<string, unknown>): Scenario => ({ ...base, sweep });


describe('sweep', () => {
  it('expands lists and ranges into every combination, the first path varying slowest', () => {
    const axes = sweepAxes(withSweep({ 'policy.params.cap': [50, 100], 'ladder.coolDownHours': { from: 24, to: 72, step: 24 } }));
    expect(sweepPointCount(axes)).toBe(6);
    expect(sweepPoints(axes)).toEqual([
      { 'policy.params.cap': 50, 'ladder.coolDownHours': 24 },
      { 'policy.params.cap': 50, 'ladder.coolDownHours': 48 },
      { 'policy.params.cap': 50, 'ladder.coolDownHours': 72 },
      { 'policy.params.cap': 100, 'ladder.coolDownHours': 24 },
      { 'policy.params.cap': 100, 'ladder.coolDownHours': 48 },
      { 'policy.params.cap': 100, 'ladder.coolDownHours': 72 },
    ]);
    expect(sweepLists(axes)).toEqual({ 'policy.params.cap': [50, 100], 'ladder.coolDownHours': [24, 48, 72] });
  });

  it('writes decimal ranges without floating-point noise, downward ranges too', () => {
    expect(sweepLists(sweepAxes(withSweep({ 'response.noteBoost': { from: 0.1, to: 0.3, step: 0.1 } })))).toEqual({ 'response.noteBoost': [0.1, 0.2, 0.3] });
    expect(sweepLists(sweepAxes(withSweep({ 'policy.params.cap': { from: 30, to: 10, step: -10 } })))).toEqual({ 'policy.params.cap': [30, 20, 10] });
    expect(sweepLists(sweepAxes(withSweep({ 'policy.params.cap': { from: 5, to: 5, step: 1 } })))).toEqual({ 'policy.params.cap': [5] });
  });

  it('has one empty point without a sweep', () => {
    expect(sweepPoints(sweepAxes(withSweep({})))).toEqual([{}]);
  });

  it('sizes a huge range without building it', () => {
    const axes = sweepAxes(withSweep({ 'policy.params.cap': { from: 1, to: 1e9, step: 1 } }));
    expect(sweepPointCount(axes)).toBe(1e9);
  });

  it.each([
    ['an unknown path', { 'policy.params.cpa': [1] }, /^sweep\.policy\.params\.cpa: no such scenario field under "policy\.params"; valid: cap$/],
    ['an unknown section', { 'grpah.mixing': [0.1] }, /^sweep\.grpah\.mixing: no such scenario field; valid: .*graph/],
    ['an empty list', { 'policy.params.cap': [] }, /^sweep\.policy\.params\.cap: is an empty value list/],
    ['a list of objects', { 'policy.params.cap': [{ a: 1 }] }, /^sweep\.policy\.params\.cap\.0: must be a number, a string or a boolean/],
    ['a bare value', { 'policy.params.cap': 50 }, /^sweep\.policy\.params\.cap: must be a list of values or a range/],
    ['a range that never reaches `to`', { 'policy.params.cap': { from: 0, to: 100, step: 30 } }, /never reaches 100 \(it goes 90, then 120\)/],
    ['a range going the wrong way', { 'policy.params.cap': { from: 10, to: 100, step: -10 } }, /step -10 goes away from "to"/],
    ['a zero step', { 'policy.params.cap': { from: 10, to: 100, step: 0 } }, /step must not be 0/],
    ['a range with an unknown key', { 'policy.params.cap': { from: 1, to: 2, step: 1, by: 2 } }, /^sweep\.policy\.params\.cap: .*"by"/],
    ['the seed', { seed: [1, 2] }, /^sweep\.seed: "seed" cannot be swept/],
    ['the replicates', { replicates: [1, 2] }, /^sweep\.replicates: "replicates" cannot be swept/],
  ])('refuses %s', (_what, sweep, expected) => {
    expect(inputErrorMessage(() => sweepAxes(withSweep(sweep)))).toMatch(expected);
  });

  it('refuses a point whose value breaks a scenario rule, naming the point', () => {
    const scenario = withSweep({ 'archetypes.regular.noteRate': [0.5, 2] });
    const message = inputErrorMessage(() => checkSweepPoints(scenario, sweepPoints(sweepAxes(scenario))));
    expect(message).toMatch(/^sweep point 1 \(archetypes\.regular\.noteRate=2\): archetypes\.regular\.noteRate: must be a probability/);
  });
});
