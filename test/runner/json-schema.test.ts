/** scenarios/scenario.schema.json is generated from the zod schemas (`npm run schema`) and must be up to date. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import Ajv2020 from 'ajv/dist/2020';
import * as path from 'node:path';
import { cli } from '../helpers/cli';
import { BUILTIN_DIR, builtinScenarioNames } from '../../scenarios/load';
import { SCHEMA_FILE, scenarioJsonSchema, scenarioJsonSchemaText } from '../../scenarios/json-schema';
import { scenarioFileSchema } from '../../scenarios/schema';
import { listPolicies } from '../../policies/registry';

describe('scenario JSON Schema', () => {
  it('is up to date with the zod schema (run `npm run schema` to regenerate)', () => {
    expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(scenarioJsonSchemaText());
  });

  it('describes every scenario field, the sweep forms and every built-in policy', () => {
    const schema = scenarioJsonSchema() as { properties: Record<string, any>; required: string[]; additionalProperties: boolean };
    expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(scenarioFileSchema.shape).sort());
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'population', 'policy']));
    expect(schema.additionalProperties).toBe(false);
    const sweepForms = schema.properties.sweep.additionalProperties.anyOf;
    expect(sweepForms.map((f: { type: string }) => f.type)).toEqual(['array', 'object']);
    expect(sweepForms[1].required).toEqual(['from', 'to', 'step']);
    expect(schema.properties.policy.anyOf[0].enum).toEqual(listPolicies().map((p) => p.name));
  });
});

describe('the JSON Schema says what the validator says, where JSON Schema can', () => {
  const check = new Ajv2020({ strict: false, allErrors: false }).compile(scenarioJsonSchema());
  const base = { name: 'x', population: { members: 100, shares: { regular: 1 } }, policy: 'none' };

  it('accepts every built-in scenario and a file with run and load gates', () => {
    for (const name of builtinScenarioNames()) {
      const raw = JSON.parse(fs.readFileSync(path.join(BUILTIN_DIR, `${name}.json`), 'utf8'));
      expect([name, check(raw), check.errors]).toEqual([name, true, null]);
    }
    expect(check({ ...base, expect: { precision: '>= 0.9', recall: ['ci_low > 0.5', { op: '>=', value: 0.1, on: 'mean', point: 0 }], p99LatencyMs: '< 50', errorRate: { op: '<', value: 0.01 } } })).toBe(true);
  });

  it.each([
    ['an unknown gate metric', { expect: { p99LatencyMS: '< 50' } }, /is not a metric/],
    ['a misspelled run metric', { expect: { errorrate: '< 0.01' } }, /is not a metric/],
    ['a malformed condition', { expect: { precision: '=> 0.9' } }, /is not a condition/],
    ['a bound on a load metric', { expect: { p99LatencyMs: 'ci_low < 50' } }, /is not a condition/],
    ['an empty condition list', { expect: { precision: [] } }, /at least one condition/],
    ['an unknown condition field', { expect: { precision: { op: '>=', value: 1, bound: 'mean' } } }, /is not a condition field/],
    ['an empty sweep list', { sweep: { 'ladder.coolDownHours': [] } }, /empty value list/],
    ['a zero step', { sweep: { 'ladder.coolDownHours': { from: 1, to: 5, step: 0 } } }, /step must not be 0/],
  ])('rejects %s, as validate does', (_, extra, message) => {
    const raw = { ...base, ...extra };
    expect(check(raw)).toBe(false);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'invitesim-schema-'));
    const file = path.join(dir, 's.json');
    fs.writeFileSync(file, JSON.stringify(raw));
    const r = cli(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
