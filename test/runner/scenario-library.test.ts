/**
 * The built-in scenario library: every file is documented (description, sources), points
 * editors at the JSON Schema, and plans a small sweep whose every point validates. YAML
 * scenarios plan exactly as JSON ones do.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { BUILTIN_DIR, builtinScenarioNames, loadScenario } from '../../scenarios/load';
import { planSweep } from '../../runner/plan';
import { tempDir } from '../helpers/cli';

const LIBRARY = ['baseline', 'spam-wave', 'low-and-slow', 'import-surge', 'recruiters', 'sybil-ring', 'account-takeover', 'probing', 'collusion', 'renren-2011'];
/** Runs of a built-in at its own size: enough for a sweep with replicates, few enough to run in seconds. */
const MAX_LIBRARY_RUNS = 16;
/**
 * collusion compares three policies over a grid of 5 ring sizes x 2 ring shares (2 replicates: 60 runs, two to four minutes on two threads);
 * aged-sybils three detectors over 5 aged shares (2 replicates: 30 runs, about two minutes on one thread).
 */
const LARGER: Record<string, number> = { collusion: 60, 'aged-sybils': 30 };

describe('scenario library', () => {
  it('has every scenario the issue names', () => {
    expect(builtinScenarioNames()).toEqual(expect.arrayContaining(LIBRARY));
  });

  it.each(builtinScenarioNames())('%s is documented and plans a small sweep', (name) => {
    const raw = JSON.parse(fs.readFileSync(path.join(BUILTIN_DIR, `${name}.json`), 'utf8'));
    expect(raw.name).toBe(name);
    expect(raw.$schema).toBe('./scenario.schema.json');
    expect(raw.description.length).toBeGreaterThan(80);
    expect(raw.sources.length).toBeGreaterThan(0);
    const plan = planSweep(loadScenario(name), { maxRuns: LARGER[name] ?? MAX_LIBRARY_RUNS, confirmed: false });
    expect(plan.tasks.length).toBeGreaterThan(0);
  });

  it('plans a YAML scenario exactly as its JSON twin', () => {
    const dir = tempDir();
    const raw = JSON.parse(fs.readFileSync(path.join(BUILTIN_DIR, 'spam-wave.json'), 'utf8'));
    delete raw.$schema;
    fs.writeFileSync(path.join(dir, 'spam-wave.yaml'), YAML.stringify(raw));
    fs.writeFileSync(path.join(dir, 'spam-wave.json'), JSON.stringify(raw));
    const limits = { maxRuns: 100, confirmed: false };
    expect(planSweep(loadScenario(path.join(dir, 'spam-wave.yaml')), limits)).toEqual(planSweep(loadScenario(path.join(dir, 'spam-wave.json')), limits));
  });
});
