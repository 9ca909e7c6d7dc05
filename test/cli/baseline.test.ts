/**
 * `run --baseline` through the CLI: a rerun that changes only the seed is replicate noise
 * (exit 0); halving the weekly cap restricts honest heavy senders, a real regression (exit 1)
 * named with metric, point, old and new values, both CIs and the test.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, tempDir, withoutVerdict } from '../helpers/cli';
import { tinyScenario, writeScenario } from '../runner/helpers';

describe('run --baseline', () => {
  const dir = tempDir();
  const file = writeScenario(
    dir,
    tinyScenario({
      name: 'baseline-check',
      seed: 7,
      days: 14,
      replicates: 4,
      population: { members: 2000, shares: { regular: 0.87, recruiter: 0.06, openNetworker: 0.04, bulkSpammer: 0.03 } },
      sweep: {},
    }),
  );
  const out = (name: string) => path.join(dir, name);
  const first = cli(['run', file, '--out', out('old'), '--threads', '2', '-q']);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('exits 0 on a rerun with only another seed', () => {
    expect(first.code).toBe(0);
    const r = cli(['run', file, '--seed', '43', '--baseline', path.join(out('old'), 'results.json'), '--out', out('seed43'), '--threads', '2', '-q']);
    expect(withoutVerdict(r.stderr)).toBe('');
    expect(r.code).toBe(0);
    const results = JSON.parse(fs.readFileSync(path.join(out('seed43'), 'results.json'), 'utf8'));
    expect(results.baseline).toMatchObject({ alpha: 0.05, regressions: [], compared: [0] });
    expect(results.baseline.tests).toBeGreaterThan(10);
    expect(fs.readFileSync(path.join(out('seed43'), 'summary.md'), 'utf8')).toMatch(/### Baseline: no regressions \(.*Welch.*Holm.*family-wise 0\.05/);
  });

  it('exits 1 when the cap halves, naming metric, point, old, new, both CIs and the test', () => {
    const r = cli(['run', file, '--set', 'policy.params.cap=50', '--baseline', path.join(out('old'), 'results.json'), '--out', out('cap50'), '--threads', '2', '-q']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /invitesim: falsePositiveRate at point 0 rose from [\d.]+ \(95% CI \[[\d.]+, [\d.]+\] wilson\) to [\d.]+ \(95% CI \[[\d.]+, [\d.]+\] wilson\); Welch t [\d.]+, df [\d.]+, one-sided p [\de.-]+, Holm-adjusted p [\de.-]+ ≤ 0\.05 over \d+ tests; beyond tolerance 0\.01\n/,
    );
    expect(r.stderr).toMatch(/invitesim: precision at point 0 fell from /);
  });

  it('rejects a bad --alpha as bad input', () => {
    const r = cli(['run', file, '--baseline', path.join(out('old'), 'results.json'), '--alpha', '5', '--out', out('bad'), '-q']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('invitesim: --alpha must be a family-wise error level between 0 and 1, e.g. 0.05 (got "5")\n');
  });
});

describe('run --baseline of another scenario', () => {
  const dir = tempDir();
  const base = { seed: 7, days: 7, replicates: 2, population: { members: 500, shares: { regular: 0.9, bulkSpammer: 0.1 } }, sweep: {} };
  const old = path.join(dir, 'old');
  const first = cli(['run', writeScenario(dir, tinyScenario({ name: 'like', ...base }), 'old.json'), '--out', old, '-q']);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('exits 2 before any run, naming each field that differs, when members and days differ', () => {
    expect(first.code).toBe(0);
    const other = writeScenario(dir, tinyScenario({ name: 'like', ...base, days: 5, population: { ...base.population, members: 300 } }), 'other.json');
    const out = path.join(dir, 'other');
    const r = cli(['run', other, '--baseline', path.join(old, 'results.json'), '--out', out, '-q']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `invitesim: --baseline ${path.join(old, 'results.json')}: it is a run of another scenario, whose population.members (baseline 500, now 300); days (baseline 7, now 5) differ; compare runs of the same scenario, or pass --baseline-any to compare anyway\n`,
    );
    expect(fs.existsSync(out)).toBe(false);
  });

  it('names a different policy and a different archetype mix', () => {
    const other = writeScenario(dir, tinyScenario({ name: 'like', ...base, policy: 'idk-threshold', population: { ...base.population, shares: { regular: 0.8, bulkSpammer: 0.2 } } }), 'mix.json');
    const r = cli(['run', other, '--baseline', path.join(old, 'results.json'), '--out', path.join(dir, 'mix'), '-q']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/whose population\.shares\.bulkSpammer \(baseline 0\.1, now 0\.2\); population\.shares\.regular \(baseline 0\.9, now 0\.8\); policy \(baseline "weekly-cap", now "idk-threshold"\) differ;/);
  });

  it('--baseline-any compares anyway', () => {
    const other = writeScenario(dir, tinyScenario({ name: 'like', ...base, days: 5 }), 'any.json');
    const r = cli(['run', other, '--baseline', path.join(old, 'results.json'), '--baseline-any', '--out', path.join(dir, 'any'), '-q']);
    expect([0, 1]).toContain(r.code);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'any', 'results.json'), 'utf8')).baseline.compared).toEqual([0]);
  });
});
