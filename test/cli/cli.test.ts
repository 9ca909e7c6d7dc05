/** The command line as a user meets it: help, version, run, validate, exit codes, reproducible files. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, tempDir, ROOT, withoutVerdict } from '../helpers/cli';

const SMALL = ['--set', 'population.members=1500', '--set', 'days=10', '--quiet'];

describe('invitesim CLI', () => {
  it('prints help and version', () => {
    const help = cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: invitesim/);
    expect(help.stdout).toMatch(/run \[options\] <scenario>/);
    const version = cli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('exits 2 on an unknown command or flag', () => {
    expect(cli(['frobnicate']).code).toBe(2);
    expect(cli(['run', 'baseline', '--frobnicate']).code).toBe(2);
  });

  it('validates a built-in scenario in one line, and prints it resolved with --print', () => {
    const plain = cli(['validate', 'baseline']);
    expect([plain.code, plain.stdout]).toEqual([0, '']);
    expect(plain.stderr).toBe('baseline: valid scenario "baseline" (1 point × 1 replicates = 1 runs)\n');
    expect(cli(['validate', 'baseline', '-q'])).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const r = cli(['validate', 'baseline', '--print', '-q']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const resolved = JSON.parse(r.stdout);
    expect(resolved.name).toBe('baseline');
    expect(resolved.archetypes.regular.sendsPerDay).toBeGreaterThan(0);
  });

  it('runs a scenario into results.json and runs.csv, byte-identical across runs but for meta', () => {
    const a = tempDir();
    const b = tempDir();
    const ra = cli(['run', 'baseline', '--out', a, ...SMALL]);
    expect(withoutVerdict(ra.stderr)).toBe('');
    expect(ra.code).toBe(0);
    expect(cli(['run', 'baseline', '--out', b, ...SMALL]).code).toBe(0);
    expect(fs.readFileSync(path.join(a, 'runs.csv'), 'utf8')).toBe(fs.readFileSync(path.join(b, 'runs.csv'), 'utf8'));
    const ja = JSON.parse(fs.readFileSync(path.join(a, 'results.json'), 'utf8'));
    const jb = JSON.parse(fs.readFileSync(path.join(b, 'results.json'), 'utf8'));
    expect(ja.meta).toBeDefined();
    expect({ ...ja, meta: null }).toEqual({ ...jb, meta: null });
    expect(ja.schemaVersion).toBeGreaterThanOrEqual(1);
    // `report` rebuilds every report from results.json alone
    const html = fs.readFileSync(path.join(a, 'report.html'), 'utf8');
    fs.rmSync(path.join(a, 'report.html'));
    fs.rmSync(path.join(a, 'runs.csv'));
    expect(cli(['report', a, '--quiet']).code).toBe(0);
    expect(fs.readFileSync(path.join(a, 'report.html'), 'utf8')).toBe(html);
    expect(fs.readFileSync(path.join(a, 'runs.csv'), 'utf8')).toBe(fs.readFileSync(path.join(b, 'runs.csv'), 'utf8'));
    // a different seed gives different runs
    const c = tempDir();
    expect(cli(['run', 'baseline', '--out', c, '--seed', '99', ...SMALL]).code).toBe(0);
    expect(fs.readFileSync(path.join(c, 'runs.csv'), 'utf8')).not.toBe(fs.readFileSync(path.join(a, 'runs.csv'), 'utf8'));
  });

  it.each([
    ['a non-JSON file', (dir: string) => writeScenario(dir, 'bad.json', '{ nope'), /is not valid JSON/],
    ['an unknown archetype', (dir: string) => writeScenario(dir, 's.json', scenarioWith({ population: { members: 100, shares: { wizard: 1 } } })), /population\.shares/],
    ['shares that do not sum to 1', (dir: string) => writeScenario(dir, 's.json', scenarioWith({ population: { members: 100, shares: { regular: 0.4 } } })), /sum to 1/],
    ['a probability outside [0, 1]', (dir: string) => writeScenario(dir, 's.json', scenarioWith({ archetypes: { regular: { noteRate: 2 } } })), /archetypes\.regular\.noteRate: must be a probability/],
    ['a negative rate', (dir: string) => writeScenario(dir, 's.json', scenarioWith({ archetypes: { regular: { sendsPerDay: -1 } } })), /archetypes\.regular\.sendsPerDay: must be ≥ 0/],
  ])('rejects %s with one message, exit 2, and no output folder', (_what, make, expected) => {
    const dir = tempDir();
    const out = path.join(dir, 'out');
    const r = cli(['run', make(dir), '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(expected);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('rejects an unknown --set path and bad numbers in flags with exit 2', () => {
    const out = path.join(tempDir(), 'out');
    const r = cli(['run', 'baseline', '--out', out, '--set', 'graph.nope=1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--set graph\.nope: no such scenario field/);
    expect(cli(['run', 'baseline', '--out', out, '--replicates', '0']).code).toBe(2);
    expect(fs.existsSync(out)).toBe(false);
  });
});

function scenarioWith(over: Record<string, unknown>): string {
  return JSON.stringify({ name: 't', population: { members: 100, shares: { regular: 1 } }, policy: { name: 'none' }, ...over });
}

function writeScenario(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}
