/**
 * The JSON Schema of scenario files (scenarios/scenario.schema.json), generated from the zod
 * schemas so editors autocomplete and check scenario files against the same rules the
 * loader applies (cross-field rules, such as shares summing to 1, only the loader checks).
 * `npm run schema` rewrites the file; a test fails when it is out of date.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { listPolicies } from '../policies/registry';
import { METRICS } from '../reports/metrics';
import { scenarioFileSchema } from './schema';
import { sweepSchema } from './sweep';
import { packageRoot } from './package-root';

export const SCHEMA_FILE = path.join(packageRoot(), 'scenarios', 'scenario.schema.json');

const toJson = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

/** `policy`: a built-in's name, `{name, params}` with that policy's own params, or a plugin module. */
function policySchema(): object {
  const builtins = listPolicies();
  const strip = ({ $schema: _, ...rest }: Record<string, unknown>) => rest;
  return {
    description: 'The restriction policy: a built-in name (see `invitesim list`), {"name", "params"}, or {"module": "./plugin.js", "params"}.',
    anyOf: [
      { type: 'string', enum: builtins.map((d) => d.name) },
      ...builtins.map((d) => ({
        type: 'object',
        description: d.description,
        properties: { name: { const: d.name }, params: strip(toJson(d.params) as Record<string, unknown>) },
        required: ['name'],
        additionalProperties: false,
      })),
      {
        type: 'object',
        description: 'A plugin: a CommonJS or TypeScript module exporting create(ctx, params); the path is relative to the scenario file.',
        properties: { module: { type: 'string', pattern: '\\.(c?js|c?ts)$' }, params: { type: 'object' } },
        required: ['module'],
        additionalProperties: false,
      },
    ],
  };
}

const expectSchema = {
  description: 'Gates: metric → condition(s), e.g. {"precision": ">= 0.95", "recall": ["ci_low >= 0.8"]}; a failed gate exits 1.',
  type: 'object',
  propertyNames: { enum: METRICS },
  additionalProperties: {
    anyOf: [{ type: 'string' }, { type: 'object' }, { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'object' }] } }],
  },
};

export function scenarioJsonSchema(): Record<string, unknown> {
  const base = toJson(scenarioFileSchema.extend({ sweep: sweepSchema.optional() })) as Record<string, unknown> & { properties: Record<string, unknown> };
  return {
    ...base,
    title: 'invitesim scenario',
    properties: { ...base.properties, policy: policySchema(), expect: expectSchema },
  };
}

export function scenarioJsonSchemaText(): string {
  return JSON.stringify(scenarioJsonSchema(), null, 2) + '\n';
}

if (require.main === module) {
  const tmp = `${SCHEMA_FILE}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, scenarioJsonSchemaText());
  fs.renameSync(tmp, SCHEMA_FILE);
  process.stderr.write(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}\n`);
}
