/**
 * Bad input to run and merge: each case is one clear message on stderr and exit 2, and an
 * existing output folder (the one named by --out) is left exactly as it was.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, tempDir } from '../helpers/cli';
import { snapshot, tinyScenario, writeScenario } from './helpers';

describe('bad input', () => {
  const dir = tempDir();
  const tiny = writeScenario(dir, tinyScenario(), 'tiny.json');
  const other = writeScenario(dir, tinyScenario({ name: 'other' }), 'other.json');
  const existing = path.join(dir, 'existing');
  const shard = (spec: string, scenario = tiny) => {
    const out = path.join(dir, `shard-${path.basename(scenario, '.json')}-${spec.replace('/', 'of')}`);
    if (!fs.existsSync(out)) expect(cli(['run', scenario, '--out', out, '--shard', spec, '--quiet']).code).toBe(0);
    return out;
  };
  let before: Record<string, string>;

  beforeAll(() => {
    expect(cli(['run', tiny, '--out', existing, '--quiet']).code).toBe(0);
    before = snapshot(existing);
  });

  let files = 0;
  const withSweep = (sweep: unknown) => writeScenario(dir, tinyScenario({ sweep }), `sweep-${files++}.json`);

  it.each<[string, () => string[], RegExp]>([
    ['an unknown sweep path', () => ['run', withSweep({ 'policy.params.cpa': [1, 2] })], /sweep\.policy\.params\.cpa: no such scenario field under "policy\.params"; valid: cap/],
    ['an empty value list', () => ['run', withSweep({ 'policy.params.cap': [] })], /sweep\.policy\.params\.cap: is an empty value list/],
    ['a range that never reaches `to`', () => ['run', withSweep({ 'policy.params.cap': { from: 10, to: 100, step: 20 } })], /never reaches 100/],
    ['a swept value out of range', () => ['run', withSweep({ 'archetypes.regular.noteRate': [0.5, 1.5] })], /sweep point 1 .*must be a probability/],
    ['more runs than the default maximum without --yes', () => ['run', withSweep({ 'policy.params.cap': { from: 1, to: 6000, step: 1 } })], /6,000 points × 2 replicates = 12,000 runs, more than --max-runs 10,000; pass --yes/],
    ['more runs than --max-runs without --yes', () => ['run', tiny, '--max-runs', '5'], /6 runs, more than --max-runs 5/],
    ['--threads 0', () => ['run', tiny, '--threads', '0'], /--threads must be a positive integer \(got "0"\)/],
    ['--threads junk', () => ['run', tiny, '--threads', 'many'], /--threads must be a positive integer \(got "many"\)/],
    ['--shard without N', () => ['run', tiny, '--shard', '2'], /--shard "2": expected I\/N/],
    ['--shard with I > N', () => ['run', tiny, '--shard', '4/3'], /I = 4 must be ≤ N = 3/],
    ['--shard counted from 0', () => ['run', tiny, '--shard', '0/3'], /shards count from 1, as Playwright's do: use --shard 1\/3 … 3\/3/],
    ['--shard /N without JOB_COMPLETION_INDEX', () => ['run', tiny, '--shard', '/3'], /JOB_COMPLETION_INDEX is not set/],
    ['--resume on a folder of another scenario', () => ['run', other, '--resume'], /--resume .*existing: the folder holds scenario "tiny", not "other"/],
    ['--resume with other --set values', () => ['run', tiny, '--resume', '--set', 'days=4'], /--resume .*: the folder holds a different version of scenario "tiny"/],
    ['--resume with another seed', () => ['run', tiny, '--resume', '--seed', '12'], /the folder holds a different version of scenario "tiny"/],
    ['--resume as a shard of a whole run', () => ['run', tiny, '--resume', '--shard', '1/2'], /the folder holds every task, not shard 1\/2; give the same --shard/],
    ['a bad --tolerance', () => ['run', tiny, '--baseline', path.join(existing, 'results.json'), '--tolerance', '-1'], /--tolerance must be a non-negative number/],
    ['merging different scenarios', () => ['merge', shard('1/2'), shard('2/2', other)], /not shards of one run \(scenarios "other" and "tiny"\)/],
    ['merging the same scenario run with other flags', () => ['merge', shard('1/2'), shard('2/2', withSweep({ 'policy.params.cap': [20, 60] }))], /not shards of one run \(both scenario "tiny", but/],
    ['merging overlapping shards', () => ['merge', shard('1/2'), shard('1/4')], /shard 1\/2\) and .* \(shard 1\/4\) overlap: both hold task 0/],
    ['merging a shard twice', () => ['merge', shard('1/2'), shard('2/2'), shard('1/2')], /overlap: both hold task 0; merge each shard once/],
    ['merging a shard with a whole run', () => ['merge', shard('2/2'), path.join(dir, 'whole-copy')], /\(every task\) overlap: both hold task 1/],
    ['merging a folder that is not a run', () => ['merge', shard('1/2'), dir], /is not an invitesim output folder/],
  ])('refuses %s with exit 2, leaving results untouched', (_what, args, expected) => {
    if (!fs.existsSync(path.join(dir, 'whole-copy'))) fs.cpSync(existing, path.join(dir, 'whole-copy'), { recursive: true });
    const r = cli([...args(), '--out', existing]);
    expect(r.stderr).toMatch(expected);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.code).toBe(2);
    expect(snapshot(existing)).toEqual(before);
  });

  it('refuses to merge into one of the merged folders', () => {
    const a = shard('1/2');
    const snap = snapshot(a);
    const r = cli(['merge', a, shard('2/2'), '--out', a]);
    expect([r.code, r.stderr.trim()]).toEqual([2, expect.stringMatching(/--out .* is one of the folders to merge/)]);
    expect(snapshot(a)).toEqual(snap);
  });

  it('runs a sweep beyond --max-runs with --yes', () => {
    expect(cli(['run', tiny, '--max-runs', '5', '--yes', '--out', path.join(dir, 'yes'), '--quiet']).code).toBe(0);
  });
});
