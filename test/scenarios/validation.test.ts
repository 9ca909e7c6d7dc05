/** Bad scenarios get one InputError naming the field path and the expected value. */
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadScenario, scenarioFromObject, withOverrides, parseSet } from '../../scenarios/load';
import { InputError } from '../../sim/errors';
import { inputErrorMessage } from '../helpers/input-error';

const base = () => JSON.parse(fs.readFileSync(path.join(__dirname, '../../scenarios/baseline.json'), 'utf8'));
const resolve = (raw: unknown) => scenarioFromObject(raw, __dirname);


describe('scenario validation', () => {
  it('accepts the baseline and resolution is idempotent', () => {
    const once = resolve(base());
    expect(resolve(JSON.parse(JSON.stringify(once)))).toEqual(once);
  });

  it.each([
    ['a missing field', (s: any) => delete s.population, /^population: is required/],
    ['a missing object', (s: any) => delete s.population.shares, /^population\.shares: is required \(an object with fields from: regular, importer/],
    ['a wrong type', (s: any) => (s.days = 'thirty'), /^days: .*number.*\(got "thirty"\)/],
    ['an unknown archetype share', (s: any) => (s.population.shares.wizard = 0.1), /population\.shares.*wizard|must be an archetype/],
    ['an unknown archetype override', (s: any) => (s.archetypes = { wizard: { sendsPerDay: 1 } }), /^archetypes: has unknown field "wizard"; valid: regular, importer/],
    ['a negative rate', (s: any) => (s.archetypes = { recruiter: { sendsPerDay: -2 } }), /^archetypes\.recruiter\.sendsPerDay: must be ≥ 0 \(a rate\) \(got -2\)/],
    ['a probability above 1', (s: any) => (s.archetypes = { regular: { noteRate: 1.5 } }), /^archetypes\.regular\.noteRate: must be a probability in \[0, 1\] \(got 1\.5\)/],
    ['a probability below 0', (s: any) => (s.response = { mistakenIdk: -0.1 }), /^response\.mistakenIdk: must be a probability in \[0, 1\]/],
    ['shares that do not sum to 1', (s: any) => (s.population.shares.regular = 0.5), /^population\.shares: archetype shares must sum to 1 \(got 0\.6\)/],
    ['a target mix that does not sum to 1', (s: any) => (s.archetypes = { recruiter: { targets: { contact: 0.5, fof: 0.5, stranger: 0.5 } } }), /^archetypes\.recruiter\.targets: contact \+ fof \+ stranger must sum to 1/],
    ['an unknown top-level field', (s: any) => (s.dayz = 3), /^scenario: has unknown field "dayz"; valid: .*days/],
    ['an unknown policy', (s: any) => (s.policy = { name: 'nope' }), /^policy\.name/],
    ['a missing policy', (s: any) => delete s.policy, /^policy: is required \(a built-in name, or e\.g\./],
    ['a connected share above 1', (s: any) => (s.population.initialConnectedShare = 1.5), /^population\.initialConnectedShare: must be a probability in \[0, 1\] \(got 1\.5\)/],
    ['a connection cap of 0', (s: any) => (s.population.connectionCap = 0), /^population\.connectionCap: must be ≥ 1 \(got 0\)/],
    ['an unknown population field', (s: any) => (s.population.initialConnected = 0.5), /^population: has unknown field "initialConnected"; valid: members, shares, initialConnectedShare/],
    ['a negative re-invite pause', (s: any) => (s.invitations = { reinviteAfterWithdrawDays: -1 }), /^invitations\.reinviteAfterWithdrawDays: must be ≥ 0 days \(got -1\)/],
    ['too many InMail credits', (s: any) => (s.inmail = { creditsPerMonth: 1000 }), /^inmail\.creditsPerMonth: must be ≤ 255 a month \(got 1000\)/],
    ['an IDK effect above 1', (s: any) => (s.response = { noteIdkEffect: 2 }), /^response\.noteIdkEffect: must be a probability in \[0, 1\] \(got 2\)/],
    ['an InMail share above 1', (s: any) => (s.archetypes = { recruiter: { inmailShare: 2 } }), /^archetypes\.recruiter\.inmailShare: must be a probability/],
    [
      'an accept-rate target above 1',
      (s: any) => (s.archetypes = { adaptive: { adaptive: { startWeekly: 30, step: 10, backoff: 0.5, memory: 0.9, scoutShare: 0.1, acceptTarget: 2 } } }),
      /^archetypes\.adaptive\.adaptive\.acceptTarget: must be a probability in \[0, 1\] \(got 2\)/,
    ],
    ['a word where a number goes', (s: any) => (s.inmail = { creditsPerMonth: 'ten' }), /^inmail\.creditsPerMonth: must be a number, not a string \(got "ten"\)$/],
    ['a number where an object goes', (s: any) => (s.population.shares = 5), /^population\.shares: must be an object, not a number \(got 5\)$/],
  ])('rejects %s with a message naming the field', (_what, mutate, expected) => {
    const s = base();
    mutate(s);
    expect(inputErrorMessage(() => resolve(s))).toMatch(expected);
  });

  it('reads a probing rule written without acceptTarget as the mode off, and --set turns it on', () => {
    const s = base();
    s.archetypes = { adaptive: { adaptive: { startWeekly: 30, step: 10, backoff: 0.5, memory: 0.9, scoutShare: 0.1 } } };
    expect(resolve(s).archetypes.adaptive.adaptive!.acceptTarget).toBe(0);
    expect(withOverrides(resolve(s), [parseSet('archetypes.adaptive.adaptive.acceptTarget=0.6')]).archetypes.adaptive.adaptive!.acceptTarget).toBe(0.6);
    expect(inputErrorMessage(() => withOverrides(resolve(s), [parseSet('archetypes.adaptive.adaptive.acceptTarget=-1')]))).toMatch(
      /^archetypes\.adaptive\.adaptive\.acceptTarget: must be a probability/,
    );
  });

  it('rejects --set paths that are not scenario fields, listing valid ones', () => {
    const s = resolve(base());
    expect(inputErrorMessage(() => withOverrides(s, [parseSet('graph.meanDegre=3')]))).toMatch(/^--set graph\.meanDegre: no such scenario field under "graph"; valid: meanDegree/);
    expect(withOverrides(s, [parseSet('policy.params.cap=50')]).policy.params.cap).toBe(50);
    expect(inputErrorMessage(() => withOverrides(s, [parseSet('policy.params.cap=-1')]))).toMatch(/^policy\.params\.cap/);
    expect(inputErrorMessage(() => parseSet('novalue'))).toMatch(/expected path=value/);
  });

  it('rejects a file that is not JSON, naming the file', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'invitesim-')), 'bad.json');
    fs.writeFileSync(file, '{ "name": "x", ');
    expect(inputErrorMessage(() => loadScenario(file))).toMatch(/bad\.json is not valid JSON/);
  });

  it('reads YAML scenarios', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'invitesim-')), 's.yaml');
    fs.writeFileSync(file, 'name: tiny\npopulation:\n  members: 100\n  shares: { regular: 1 }\npolicy: { name: none }\n');
    expect(loadScenario(file).population.members).toBe(100);
  });

  it('never crashes on arbitrary JSON: it resolves or throws an InputError', () => {
    const anyScenario = fc.oneof(
      fc.jsonValue(),
      fc.record({ name: fc.string(), population: fc.jsonValue(), policy: fc.jsonValue(), days: fc.jsonValue() }, { requiredKeys: [] }),
      fc.constant(base()).chain((b) =>
        fc.record({ key: fc.constantFrom('days', 'seed', 'replicates', 'graph', 'response', 'ladder', 'archetypes', 'population', 'sweep'), value: fc.jsonValue() }).map(({ key, value }) => ({ ...b, [key]: value })),
      ),
    );
    fc.assert(
      fc.property(anyScenario, (raw) => {
        try {
          resolve(raw);
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          expect(e.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});
