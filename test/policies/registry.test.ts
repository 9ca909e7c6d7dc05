import { findPolicy, listPolicies, resolvePolicySpec } from '../../policies/registry';
import { describeParams } from '../../policies/params';
import { inputErrorMessage } from '../helpers/input-error';


describe('resolvePolicySpec: built-in names and params', () => {
  it('lists the built-ins, each param defaulted and described', () => {
    const names = listPolicies().map((d) => d.name);
    expect(names).toEqual(expect.arrayContaining(['none', 'weekly-cap', 'burst-cap']));
    for (const d of listPolicies()) {
      expect(d.description.length).toBeGreaterThan(10);
      for (const [key, s] of Object.entries(d.params.shape as Record<string, { description?: string }>)) {
        expect([key, s.description?.length ?? 0]).not.toEqual([key, 0]);
      }
      expect(() => d.params.parse({})).not.toThrow();
    }
  });

  it('describes each param with its default for `invitesim list`', () => {
    expect(describeParams(findPolicy('burst-cap')!.params)).toEqual([
      { name: 'cap', default: 100, description: expect.stringMatching(/per rolling window/) },
      { name: 'windowHours', default: 24, description: expect.stringMatching(/hours/) },
    ]);
  });

  it('accepts the name shorthand', () => {
    expect(resolvePolicySpec('none', '/')).toEqual({ name: 'none', params: {} });
  });

  it('rejects an unknown name, listing the valid ones', () => {
    expect(inputErrorMessage(() => resolvePolicySpec({ name: 'foo' }, '/'))).toMatch(/^policy\.name "foo" is unknown; valid: none, weekly-cap, /);
  });

  it('rejects an unknown param, naming it and the valid ones', () => {
    expect(inputErrorMessage(() => resolvePolicySpec({ name: 'weekly-cap', params: { capp: 3 } }, '/'))).toBe(
      'policy.params.capp is not a parameter of policy "weekly-cap"; valid: cap',
    );
  });

  it('rejects an ill-typed param, naming the rule and the value', () => {
    expect(inputErrorMessage(() => resolvePolicySpec({ name: 'weekly-cap', params: { cap: -3 } }, '/'))).toBe(
      'policy.params.cap must be a positive integer (got -3)',
    );
    expect(inputErrorMessage(() => resolvePolicySpec({ name: 'weekly-cap', params: { cap: '7' } }, '/', 'sweep[1].policy'))).toBe(
      'sweep[1].policy.params.cap must be a positive integer (got "7")',
    );
  });

  it('rejects malformed specs', () => {
    expect(inputErrorMessage(() => resolvePolicySpec(42, '/'))).toMatch(/^policy must be an object/);
    expect(inputErrorMessage(() => resolvePolicySpec({ nam: 'none' }, '/'))).toBe('policy.nam is not a policy field; valid: name, module, http, params');
    expect(inputErrorMessage(() => resolvePolicySpec({ name: 'none', module: './x.js' }, '/'))).toMatch(/both/);
    expect(inputErrorMessage(() => resolvePolicySpec({ params: {} }, '/'))).toMatch(/^policy needs a "name"/);
    expect(inputErrorMessage(() => resolvePolicySpec({ name: 'none', params: [1] }, '/'))).toBe('policy.params must be an object (got [1])');
  });
});
