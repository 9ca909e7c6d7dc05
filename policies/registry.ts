/**
 * Registry: turns a scenario's `policy` field into a validated PolicySpec (resolvePolicySpec,
 * in the CLI process: every error an InputError naming the field path) and a spec into a
 * running Policy (createPolicy, in worker threads, from compiled JS: plugin paths are absolute).
 */
import { isAbsolute, resolve as resolvePath } from 'node:path';
import type { z } from 'zod';
import type { PolicySpec } from './definition';
import { InputError } from './input-error';
import { acceptanceRatio } from './builtin/acceptance-ratio';
import { burstCap } from './builtin/burst-cap';
import { allOf, anyOf } from './builtin/combinators';
import { idkThreshold } from './builtin/idk-threshold';
import { model } from './builtin/model';
import { none } from './builtin/none';
import { oracle } from './builtin/oracle';
import { pendingCap } from './builtin/pending-cap';
import { rejecto } from './builtin/rejecto';
import { score } from './builtin/score';
import { sybilRank } from './builtin/sybilrank';
import { voteTrust } from './builtin/votetrust';
import { weeklyCap } from './builtin/weekly-cap';
import type { PolicyDefinition } from './definition';
import { createHttpPolicy, resolveHttpSpec } from './http/spec';
import { Ladder } from './ladder';
import {
  guardPlugin,
  loadPluginModule,
  migrationHint,
  missingPolicyMethods,
  pluginFactory,
  pluginPathProblem,
  PluginError,
} from './plugin';
import type { Policy, PolicyContext, PolicyFactory } from './policy';
import { ConnectionGraph, emptySnapshot } from './platform/connection-graph';
import type { GroundTruth } from './truth';

export type { PolicyDefinition } from './definition';

const BUILTINS: readonly PolicyDefinition[] = Object.freeze([
  none,
  weeklyCap,
  burstCap,
  idkThreshold,
  acceptanceRatio,
  pendingCap,
  score,
  sybilRank,
  voteTrust,
  rejecto,
  model,
  anyOf((spec, ctx) => createPolicy(spec, ctx)),
  allOf((spec, ctx) => createPolicy(spec, ctx)),
  oracle,
]);

/** Every built-in policy, in the order `invitesim list` prints them. */
export function listPolicies(): PolicyDefinition[] {
  return BUILTINS.slice();
}

export function findPolicy(name: string): PolicyDefinition | undefined {
  return BUILTINS.find((d) => d.name === name);
}

const SPEC_FIELDS = ['name', 'module', 'http', 'params'];

/**
 * Validates a scenario's `policy` field: `{ "name": "weekly-cap", "params": {...} }`, the
 * shorthand `"weekly-cap"`, `{ "module": "./my-policy.js", "params": {...} }` with the
 * path relative to baseDir, or `{ "http": { "url": ... } }` (a policy service, policies/http). Returns the spec with params defaulted and the module path
 * absolute; a plugin is loaded and its factory tried on a 2-member context.
 */
export function resolvePolicySpec(spec: unknown, baseDir: string, path = 'policy'): PolicySpec {
  if (typeof spec === 'string') spec = { name: spec };
  if (!isPlainObject(spec)) {
    throw new InputError(
      `${path} must be an object like {"name": "weekly-cap", "params": {"cap": 100}} or {"module": "./my-policy.js"} (got ${show(spec)})`,
    );
  }
  if (spec.http !== undefined) return resolveHttpSpec(spec, path, (child, childPath) => resolvePolicySpec(child, baseDir, childPath));
  for (const key of Object.keys(spec)) {
    if (!SPEC_FIELDS.includes(key)) throw new InputError(`${path}.${key} is not a policy field; valid: ${SPEC_FIELDS.join(', ')}`);
  }
  const params = spec.params ?? {};
  if (!isPlainObject(params)) throw new InputError(`${path}.params must be an object (got ${show(spec.params)})`);
  const hasName = spec.name !== undefined;
  const hasModule = spec.module !== undefined;
  if (hasName && hasModule) throw new InputError(`${path} names both "name" and "module"; give one`);
  if (hasName) {
    const def = typeof spec.name === 'string' ? findPolicy(spec.name) : undefined;
    if (!def) throw new InputError(`${path}.name ${show(spec.name)} is unknown; valid: ${policyNames()}`);
    let parsed = parseParams(def.params, params, path, `policy "${def.name}"`);
    if (def.resolveFiles) parsed = def.resolveFiles(parsed, baseDir, path);
    if (def.resolveNested) {
      parsed = def.resolveNested(parsed, (child, childPath) => resolvePolicySpec(child, baseDir, childPath), path);
    }
    return { name: def.name, params: parsed };
  }
  if (!hasModule) throw new InputError(`${path} needs a "name" (one of: ${policyNames()}) or a "module" path to a plugin`);
  if (typeof spec.module !== 'string' || spec.module === '') {
    throw new InputError(`${path}.module must be a path to a .js or .ts file, relative to the scenario file (got ${show(spec.module)})`);
  }
  const abs = resolvePath(baseDir, spec.module);
  const label = `${path}.module "${spec.module}"`;
  const problem = pluginPathProblem(abs);
  if (problem) throw new InputError(`${label} ${problem}`);
  const { factory, mod } = loadFactory(abs, label);
  const pluginParams = parsePluginParams(mod, params, path, label);
  let policy: unknown;
  try {
    policy = factory(probeContext(), pluginParams);
  } catch (e) {
    throw new InputError(`${label}: its factory threw on a 2-member test context: ${messageOf(e)}${migrationHint(abs)}`);
  }
  const missing = missingPolicyMethods(policy);
  if (missing.length > 0) {
    throw new InputError(
      `${label}: its factory returned ${policy === null || typeof policy !== 'object' ? show(policy) : 'an object'} without ${missing.join(', ')} (a Policy needs onInvite, onResponse and suspicious functions)`,
    );
  }
  return { module: abs, params: pluginParams };
}

/**
 * Checks a resolved spec, and its combinator children, against the population size (see
 * PolicyDefinition.checkPopulation); an InputError names the field path.
 */
export function checkPolicyPopulation(spec: PolicySpec, members: number, path = 'policy'): void {
  if (spec.name === undefined) return;
  findPolicy(spec.name)?.checkPopulation?.(spec.params, members, path);
  const children = spec.params.policies;
  if (Array.isArray(children)) children.forEach((c, i) => checkPolicyPopulation(c as PolicySpec, members, `${path}.params.policies[${i}]`));
}

/**
 * Builds the policy a spec names, for one run. Params are validated again (defaults applied),
 * so a hand-made spec works too; a plugin's policy is wrapped so its throws carry context.
 * `truth` reaches only a definition that declares createWithTruth (the oracle), and an HTTP
 * policy, which forwards it to a service that serves the oracle.
 */
export function createPolicy(spec: PolicySpec, ctx: PolicyContext, truth?: GroundTruth): Policy {
  if (spec.http !== undefined) return createHttpPolicy(spec.http, ctx, truth);
  if (spec.name !== undefined) {
    const def = findPolicy(spec.name);
    if (!def) throw new InputError(`policy.name ${show(spec.name)} is unknown; valid: ${policyNames()}`);
    const params = parseParams(def.params, spec.params ?? {}, 'policy', `policy "${def.name}"`);
    if (!def.createWithTruth) return def.create(ctx, params);
    if (!truth) throw new InputError(`policy "${def.name}" reads ground truth, which only a top-level policy of a simulated run gets; use it alone, not inside a combinator`);
    return def.createWithTruth(ctx, params, truth);
  }
  if (typeof spec.module !== 'string' || !isAbsolute(spec.module)) {
    throw new InputError(`policy.module must be an absolute path here (got ${show(spec.module)}); pass the spec through resolvePolicySpec first`);
  }
  const label = `policy.module "${spec.module}"`;
  const { factory, mod } = loadFactory(spec.module, label);
  const params = parsePluginParams(mod, spec.params ?? {}, 'policy', label);
  let policy: Policy;
  try {
    policy = factory(ctx, params);
  } catch (e) {
    throw new PluginError(`policy module ${spec.module} threw in its factory: ${messageOf(e)}${migrationHint(spec.module)}`, spec.module, 'create', -1, -1, { cause: e });
  }
  const missing = missingPolicyMethods(policy);
  if (missing.length > 0) {
    throw new PluginError(`policy module ${spec.module}: its factory returned a policy without ${missing.join(', ')}`, spec.module, 'create', -1, -1);
  }
  return guardPlugin(policy, spec.module);
}

function policyNames(): string {
  return BUILTINS.map((d) => d.name).join(', ');
}

function loadFactory(abs: string, label: string): { factory: PolicyFactory; mod: unknown } {
  let mod: unknown;
  try {
    mod = loadPluginModule(abs);
  } catch (e) {
    throw new InputError(`${label} threw while loading: ${messageOf(e)}`);
  }
  const factory = pluginFactory(mod);
  if (!factory) {
    throw new InputError(
      `${label} exports no policy factory; export a function \`create(ctx, params)\` (or a default export function) returning a Policy`,
    );
  }
  return { factory, mod };
}

/** A plugin's params: through its `params` schema, or checked against its `defaults`, or as given. */
function parsePluginParams(mod: unknown, params: Record<string, unknown>, path: string, label: string): Record<string, unknown> {
  const m = (mod ?? {}) as Record<string, unknown>;
  const schema = m.params as { safeParse?: unknown } | undefined;
  if (schema && typeof schema.safeParse === 'function') return parseParams(schema as z.ZodObject<any>, params, path, label);
  const defaults = m.defaults;
  if (!isPlainObject(defaults)) return { ...params };
  const valid = Object.keys(defaults);
  for (const [key, value] of Object.entries(params)) {
    if (!(key in defaults)) throw new InputError(`${path}.params.${key} is not a parameter of ${label}; valid: ${valid.join(', ') || '(none)'}`);
    const want = defaults[key] === null ? 'object' : typeof defaults[key];
    const got = value === null ? 'object' : typeof value;
    if (want !== got) {
      throw new InputError(`${path}.params.${key} must be a ${want} like its default ${show(defaults[key])} (got ${show(value)})`);
    }
  }
  return { ...defaults, ...params };
}

/** Runs a params schema; the first issue becomes one InputError naming the field path. */
function parseParams(schema: z.ZodObject<any>, params: unknown, path: string, label: string): Record<string, unknown> {
  const r = schema.safeParse(params);
  if (r.success) return r.data as Record<string, unknown>;
  const issues = r.error.issues;
  const unknownKey = issues.find((i) => i.code === 'unrecognized_keys');
  if (unknownKey && unknownKey.code === 'unrecognized_keys') {
    const shape = (schema as { shape?: Record<string, unknown> }).shape;
    const valid = shape ? Object.keys(shape) : [];
    const at = joinPath(`${path}.params`, [...unknownKey.path, unknownKey.keys[0]]);
    throw new InputError(`${at} is not a parameter of ${label}; valid: ${valid.join(', ') || '(none)'}`);
  }
  const issue = issues[0];
  throw new InputError(`${joinPath(`${path}.params`, issue.path)} ${issue.message} (got ${show(valueAt(params, issue.path))})`);
}

function joinPath(base: string, parts: readonly PropertyKey[]): string {
  let out = base;
  for (const p of parts) out += typeof p === 'number' ? `[${p}]` : `.${String(p)}`;
  return out;
}

function valueAt(root: unknown, parts: readonly PropertyKey[]): unknown {
  let v = root;
  for (const p of parts) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** An error's message on one line (a TypeScript parse error spans several, with the file and position last). */
function messageOf(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, ' ').trim();
}

/** The 2-member world a plugin's factory is tried on while validating the scenario. */
function probeContext(): PolicyContext {
  const ladder = new Ladder(2, { coolDownHours: 24, recheckHours: 24, strikesToPermanent: 2 }, () => {});
  return { members: 2, horizon: 1440, ladder, view: new ConnectionGraph(emptySnapshot(2)) };
}
