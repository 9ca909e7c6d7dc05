/**
 * `run --members` end to end: members.csv is the same bytes whatever the thread count, sharded
 * and merged or resumed; its rows sum to runs.csv; without the flag there is no member file;
 * a folder's --members choice must match on --resume and merge (exit 2, folder untouched).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, tempDir } from '../helpers/cli';
import { expectRunMatches, parseMembersCsv } from '../helpers/members';
import { snapshot, tinyScenario, writeScenario } from './helpers';

describe('run --members', () => {
  const dir = tempDir();
  const file = writeScenario(dir, tinyScenario({ sweep: { 'policy.params.cap': [20, 200] }, replicates: 2 }));
  const out = (name: string) => path.join(dir, name);
  const members = (name: string) => fs.readFileSync(path.join(out(name), 'members.csv'), 'utf8');
  const run = (name: string, ...flags: string[]) => cli(['run', file, '--out', out(name), '--quiet', ...flags]);

  beforeAll(() => {
    expect(run('one', '--members', '--threads', '1').code).toBe(0);
  });

  it('writes rows that sum to the metrics of its run', () => {
    const rows = parseMembersCsv(members('one'));
    const { runs } = JSON.parse(fs.readFileSync(path.join(out('one'), 'results.json'), 'utf8'));
    expect(runs).toHaveLength(4);
    for (const r of runs) expectRunMatches(rows.filter((m) => m.run === String(r.index)), r.result.metrics);
    expect(fs.readdirSync(path.join(out('one'), 'members')).sort()).toEqual(['run-0.csv', 'run-1.csv', 'run-2.csv', 'run-3.csv']);
  });

  it('is byte-identical with two threads, and after shards are merged', () => {
    expect(run('two', '--members', '--threads', '2').code).toBe(0);
    expect(members('two')).toBe(members('one'));
    for (const i of [0, 1]) expect(run(`shard-${i}`, '--members', '--shard', `${i + 1}/2`, '--threads', '1').code).toBe(0);
    expect(cli(['merge', out('shard-1'), out('shard-0'), '--out', out('merged'), '--quiet']).code).toBe(0);
    expect(members('merged')).toBe(members('one'));
  });

  it('is not written, nor counted, without the flag', () => {
    expect(run('plain', '--threads', '1').code).toBe(0);
    expect(fs.existsSync(path.join(out('plain'), 'members.csv'))).toBe(false);
    expect(fs.existsSync(path.join(out('plain'), 'members'))).toBe(false);
  });

  it('refuses --resume and merge across a different --members choice, leaving folders as they were', () => {
    const before = snapshot(out('one'));
    const resumed = run('one', '--resume', '--threads', '1');
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toMatch(/--members/);
    expect(snapshot(out('one'))).toEqual(before);
    expect(run('plain-shard', '--shard', '2/2', '--threads', '1').code).toBe(0);
    const merged = cli(['merge', out('shard-0'), out('plain-shard'), '--out', out('mixed'), '--quiet']);
    expect(merged.code).toBe(2);
    expect(merged.stderr).toMatch(/without --members/);
    expect(fs.existsSync(out('mixed'))).toBe(false);
  });

  it('refuses to resume a folder whose finished run lost its member file', () => {
    expect(run('damaged', '--members', '--threads', '1').code).toBe(0);
    fs.rmSync(path.join(out('damaged'), 'members', 'run-2.csv'));
    const r = run('damaged', '--members', '--resume', '--threads', '1');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/run 2 finished but members\/run-2\.csv is missing/);
  });
});
