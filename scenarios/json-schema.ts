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
import { GATE_METRICS, LOAD_METRICS } from '../reports/gate-metrics';
import { BOUNDS, conditionPattern } from '../reports/gates';
import { OPS } from '../sim/compare';
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

/** The conditions of one gate: a string, an object, or a non-empty list of them, as reports/gates parses them. */
function conditions(withBound: boolean): object {
  const string = { type: 'string', pattern: conditionPattern(withBound) };
  const object = {
    type: 'object',
    properties: {
      op: { enum: OPS },
      value: { type: 'number' },
      ...(withBound ? { on: { enum: BOUNDS }, point: { type: 'integer', minimum: 0 } } : {}),
    },
    required: ['op', 'value'],
    additionalProperties: false,
  };
  return { anyOf: [string, object, { type: 'array', minItems: 1, items: { anyOf: [string, object] } }] };
}

const expectSchema = {
  description: 'Gates: metric → condition(s), e.g. {"precision": ">= 0.95", "recall": ["ci_low >= 0.8"]}; a failed gate exits 1. Load-test metrics (p99LatencyMs, errorRate, …) are checked by `invitesim load`.',
  type: 'object',
  propertyNames: { enum: GATE_METRICS },
  properties: Object.fromEntries(LOAD_METRICS.map((m) => [m, conditions(false)])),
  additionalProperties: conditions(true),
};

/** A range's step may not be 0 (from ≤ to for a positive step is a cross-field rule only the loader checks). */
function withNonZeroStep(sweep: Record<string, any>): object {
  const range = sweep.additionalProperties.anyOf[1];
  range.properties.step = { ...range.properties.step, not: { const: 0 } };
  return sweep;
}

export function scenarioJsonSchema(): Record<string, unknown> {
  const base = toJson(scenarioFileSchema.extend({ sweep: sweepSchema.optional() })) as Record<string, unknown> & { properties: Record<string, unknown> };
  return {
    ...base,
    title: 'invitesim scenario',
    properties: { ...base.properties, policy: policySchema(), expect: expectSchema, sweep: withNonZeroStep(base.properties.sweep as Record<string, any>) },
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
