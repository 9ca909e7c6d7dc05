/**
 * Loading scenarios: a built-in name (`baseline`) or a JSON/YAML file path, plus `--set
 * path=value` overrides, into a resolved Scenario; and the SimConfig of one run of it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { InputError } from '../sim/errors';
import type { SimConfig } from '../sim/config';
import { resolvePolicySpec } from '../policies/registry';
import { resolveScenario, type Scenario } from './schema';
import { packageRoot } from './package-root';

/** Folder of the built-in scenario files. */
export const BUILTIN_DIR = path.join(packageRoot(), 'scenarios');

export function builtinScenarioNames(): string[] {
  return fs
    .readdirSync(BUILTIN_DIR)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** A built-in name has no path separator and no extension. */
function locate(ref: string): string {
  if (!/[\\/.]/.test(ref)) {
    const file = path.join(BUILTIN_DIR, `${ref}.json`);
    if (fs.existsSync(file)) return file;
    throw new InputError(`scenario "${ref}" is not a built-in (${builtinScenarioNames().join(', ')}) nor a file path; give a path like ./my-scenario.json`);
  }
  const file = path.resolve(ref);
  if (!fs.existsSync(file)) throw new InputError(`scenario file ${ref} does not exist`);
  return file;
}

/** Parses a JSON or YAML scenario file's text, with the line of a syntax error. */
export function parseScenarioText(text: string, file: string): unknown {
  if (/\.ya?ml$/i.test(file)) {
    try {
      return YAML.parse(text);
    } catch (e) {
      throw new InputError(`scenario file ${file} is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(`scenario file ${file} is not valid JSON: ${(e as Error).message}; scenario files are JSON (.json) or YAML (.yaml/.yml)`);
  }
}

/** Resolves a scenario object; a plugin module path is taken relative to `baseDir`. */
export function scenarioFromObject(raw: unknown, baseDir: string): Scenario {
  const s = resolveScenario(raw, (spec) => resolvePolicySpec(spec, baseDir));
  // Graph files are named relative to the scenario file, and kept absolute so results.json re-runs from anywhere.
  for (const k of ['file', 'connectionsFile', 'archetypesFile'] as const) {
    const f = s.graph[k];
    if (f !== undefined) s.graph[k] = path.resolve(baseDir, f);
  }
  return s;
}

/** Loads a built-in or a file, then applies `--set path=value` overrides in order. */
export function loadScenario(ref: string, sets: string[] = []): Scenario {
  const file = locate(ref);
  const scenario = scenarioFromObject(parseScenarioText(fs.readFileSync(file, 'utf8'), file), path.dirname(file));
  return sets.length === 0 ? scenario : withOverrides(scenario, sets.map(parseSet));
}

/** `a.b.c=value`: value is JSON when it parses (numbers, booleans, lists), else a string. */
export function parseSet(text: string): [string, unknown] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new InputError(`--set ${text}: expected path=value, e.g. --set policy.params.cap=50`);
  const value = text.slice(eq + 1);
  try {
    return [text.slice(0, eq).trim(), JSON.parse(value)];
  } catch {
    return [text.slice(0, eq).trim(), value];
  }
}

/** Sets existing paths of a resolved scenario and validates the result again. */
export function withOverrides(scenario: Scenario, sets: Array<[string, unknown]>, what = '--set'): Scenario {
  const copy = structuredClone(scenario) as unknown as Record<string, unknown>;
  for (const [p, v] of sets) setPath(copy, p, v, what);
  return resolveScenario(copy, (spec) => resolvePolicySpec(spec, process.cwd()));
}

/** Whether `p` names a field of the resolved scenario. */
export function hasPath(obj: unknown, p: string): boolean {
  let v = obj;
  for (const k of p.split('.')) {
    if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, k)) return false;
    v = (v as Record<string, unknown>)[k];
  }
  return true;
}

function setPath(obj: Record<string, unknown>, p: string, value: unknown, what: string): void {
  if (!hasPath(obj, p)) {
    const keys = p.split('.');
    let v: unknown = obj;
    let known = '';
    for (const k of keys) {
      if (v === null || typeof v !== 'object' || !(k in v)) break;
      v = (v as Record<string, unknown>)[k];
      known = known ? `${known}.${k}` : k;
    }
    const choices = v !== null && typeof v === 'object' ? Object.keys(v).slice(0, 30).join(', ') : '';
    throw new InputError(`${what} ${p}: no such scenario field${known ? ` under "${known}"` : ''}${choices ? `; valid: ${choices}` : ''}`);
  }
  const keys = p.split('.');
  let v = obj;
  for (const k of keys.slice(0, -1)) v = v[k] as Record<string, unknown>;
  v[keys[keys.length - 1]] = value;
}

/** The configuration of one run: a resolved scenario with its run seed. */
export function toSimConfig(s: Scenario, seed: string): SimConfig {
  return {
    seed,
    days: s.days,
    members: s.population.members,
    shares: s.population.shares,
    archetypes: s.archetypes,
    network: {
      initialConnectedShare: s.population.initialConnectedShare,
      connectionGrowthDays: s.population.connectionGrowthDays,
      maxAccountAgeDays: s.population.maxAccountAgeDays,
      addressBookShare: s.population.addressBookShare,
      addressBookAcquaintances: s.population.addressBookAcquaintances,
      connectionCap: s.population.connectionCap,
    },
    graph: s.graph,
    response: s.response,
    invitations: s.invitations,
    inmail: s.inmail,
    ladder: s.ladder,
    reviewEveryMinutes: s.reviewEveryMinutes,
  };
}

