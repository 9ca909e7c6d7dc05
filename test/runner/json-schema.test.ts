/** scenarios/scenario.schema.json is generated from the zod schemas (`npm run schema`) and must be up to date. */
import * as fs from 'node:fs';
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
