import { join } from 'node:path';
import { InputError } from '../../sim/errors';
import { createPolicy, resolvePolicySpec } from '../../policies/registry';
import { PluginError } from '../../policies/plugin';
import { CHANNEL_PROFILE } from '../../policies/policy';
import { world } from './helpers';
import { inputErrorMessage } from '../helpers/input-error';

const fixtures = join(__dirname, 'fixtures');


const bad = (module: unknown, params?: object) => inputErrorMessage(() => resolvePolicySpec({ module, params }, fixtures));

describe('resolvePolicySpec: plugin modules', () => {
  it('resolves the path against the scenario folder and fills in default params', () => {
    const spec = resolvePolicySpec({ module: '../../../policies/examples/idk-strikes.js' }, fixtures);
    expect(spec).toEqual({ module: join(__dirname, '../../policies/examples/idk-strikes.js'), params: { idks: 5 } });
  });

  it('rejects a module that does not exist', () => {
    expect(bad('./nope.js')).toBe(`policy.module "./nope.js" does not exist (looked for ${join(fixtures, 'nope.js')})`);
  });

  it('rejects a path that is not a .js or .ts file', () => {
    expect(bad('.')).toMatch(/^policy\.module "\." is not a file/);
    expect(bad(42)).toMatch(/^policy\.module must be a path to a \.js or \.ts file/);
  });

  it('rejects a module without a factory', () => {
    expect(bad('./no-factory.js')).toMatch(/^policy\.module "\.\/no-factory\.js" exports no policy factory; export a function `create/);
  });

  it('tells a plugin written for the old context (ctx.graph) to read the platform view instead', () => {
    expect(bad('./reads-graph.js')).toMatch(/its factory threw on a 2-member test context: .*reading 'targets'.*; it reads ctx\.graph or ctx\.truth, which a policy no longer gets: read ctx\.view/);
    expect(bad('./factory-throws.js')).not.toMatch(/ctx\.view/);
  });

  it('rejects a module that throws while loading, with its message', () => {
    expect(bad('./throws-on-load.js')).toBe('policy.module "./throws-on-load.js" threw while loading: cannot find the spam database');
  });

  it('rejects a TypeScript module that does not parse, in one line naming the file and position', () => {
    const message = bad('./syntax-error.ts');
    expect(message).toMatch(/^policy\.module "\.\/syntax-error\.ts" threw while loading: .*syntax-error\.ts:2:\d+$/);
    expect(message).not.toContain('\n');
  });

  it('rejects a factory that throws, with its message', () => {
    expect(bad('./factory-throws.js', { threshold: 'high' })).toBe(
      'policy.module "./factory-throws.js": its factory threw on a 2-member test context: threshold high is not a number',
    );
  });

  it('rejects a factory whose policy misses required methods, naming them', () => {
    expect(bad('./missing-methods.js')).toBe(
      'policy.module "./missing-methods.js": its factory returned an object without onResponse, suspicious (a Policy needs onInvite, onResponse and suspicious functions)',
    );
  });

  it("checks params against the plugin's defaults", () => {
    const example = '../../../policies/examples/idk-strikes.js';
    expect(bad(example, { idk: 5 })).toBe(`policy.params.idk is not a parameter of policy.module "${example}"; valid: idks`);
    expect(bad(example, { idks: 'five' })).toBe('policy.params.idks must be a number like its default 5 (got "five")');
    expect(bad(example, { idks: 0 })).toMatch(/factory threw .*params\.idks must be a positive integer \(got 0\)/);
  });

  it("checks params against the plugin's schema, and finds a default-export factory", () => {
    expect(bad('./default-export.js', { level: 'x' })).toBe('policy.params.level must be a number (got "x")');
    expect(bad('./default-export.js', { lvl: 2 })).toMatch(/^policy\.params\.lvl is not a parameter/);
    expect(resolvePolicySpec({ module: './default-export.js' }, fixtures).params).toEqual({ level: 1 });
  });
});

describe('createPolicy: plugin errors during a run', () => {
  it('names the plugin, the call, the member and the minute', () => {
    const spec = resolvePolicySpec({ module: './throws-in-run.js' }, fixtures);
    const p = createPolicy(spec, world(5).ctx);
    expect(p.onInvite(0, 1, 10, CHANNEL_PROFILE, false)).toBe(0);
    let err: unknown;
    try {
      p.onInvite(3, 1, 20, CHANNEL_PROFILE, false);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PluginError);
    expect(err).toMatchObject({ method: 'onInvite', member: 3, minute: 20, module: spec.module });
    expect((err as Error).message).toBe(`policy module ${spec.module} threw in onInvite(sender 3, recipient 1, minute 20): index out of range`);
    expect(() => p.onInvite(4, 1, 30, CHANNEL_PROFILE, false)).toThrow(/returned 7; expected ALLOW \(0\), REQUIRE_EMAIL \(1\) or BLOCK \(2\)/);
  });

  it('tells a plugin that reads ctx.graph during the run, not in its factory, to read the platform view', () => {
    const spec = resolvePolicySpec({ module: './reads-graph-later.js' }, fixtures);
    const p = createPolicy(spec, world(5).ctx);
    expect(() => p.onInvite(3, 1, 20, CHANNEL_PROFILE, false)).toThrow(
      /threw in onInvite\(sender 3, recipient 1, minute 20\): .*reading 'offsets'.*; it reads ctx\.graph or ctx\.truth, which a policy no longer gets: read ctx\.view/,
    );
  });

  it('passes warm through, and names it when it throws', () => {
    const spec = resolvePolicySpec({ module: './throws-in-warm.js' }, fixtures);
    const p = createPolicy(spec, world(5).ctx);
    expect(p.warm!(2)).toBe(4);
    expect(() => p.warm!(3)).toThrow(PluginError);
    expect(() => p.warm!(3)).toThrow(`policy module ${spec.module} threw in warm(member 3): index out of range`);
  });

  it('refuses a relative module path (workers need the absolute one resolvePolicySpec makes)', () => {
    expect(() => createPolicy({ module: './throws-in-run.js', params: {} }, world(2).ctx)).toThrow(InputError);
  });
});
