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
    const names = builtinScenarioNames();
    const near = nearestName(ref, names);
    throw new InputError(
      `scenario "${ref}" is not a built-in${near ? ` (did you mean ${near}?)` : ''} nor a file path; built-ins: ${names.join(', ')} (\`invitesim list\`); or start a file with \`invitesim init\``,
    );
  }
  const file = path.resolve(ref);
  if (!fs.existsSync(file)) {
    const stem = path.basename(ref).replace(/\.(json|ya?ml)$/i, '');
    const near = nearestName(stem, builtinScenarioNames());
    throw new InputError(`scenario file ${ref} does not exist${near ? ` (did you mean the built-in ${near}?)` : ''}; \`invitesim init ${stem}\` writes a starter file, \`invitesim list\` shows the built-ins`);
  }
  return file;
}

/**
 * The one name within two edits (Levenshtein) of `name`, or within a third of its length for
 * long names: a typo like "basline" gets its fix, and an unrelated word gets no guess.
 */
export function nearestName(name: string, names: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of names) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}

/** Parses a JSON or YAML scenario file's text, with the line of a syntax error. */
export function parseScenarioText(text: string, file: string): unknown {
  if (/\.ya?ml$/i.test(file)) {
    try {
      return YAML.parse(text);
    } catch (e) {
      // yaml's message is a line and then an excerpt of the file with a caret under the fault: keep both.
      throw new InputError(`scenario file ${file} is not valid YAML: ${(e as Error).message.trimEnd()}`);
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
  try {
    return resolveScenario(copy, (spec) => resolvePolicySpec(spec, process.cwd()));
  } catch (e) {
    // `policy.name=other` keeps the old policy's params, which the new one refuses: show the form that switches it whole.
    const switched = sets.find(([p]) => p === 'policy.name' || p === 'policy.module');
    if (!(e instanceof InputError) || !switched) throw e;
    const spec = JSON.stringify({ [switched[0].slice('policy.'.length)]: switched[1] });
    throw new InputError(`${e.message}; ${what} ${switched[0]} keeps the other policy's params: to switch policy, set it whole, e.g. ${what} 'policy=${spec}' (its params default; add "params": {…} to set them)`);
  }
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

