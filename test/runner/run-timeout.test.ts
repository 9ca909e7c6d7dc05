/**
 * Run time limits: a run past its limit is stopped by terminating its worker and fails
 * alone (exit 3, naming the run and the limit); the other runs are kept and --resume retries it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadScenario } from '../../scenarios/load';
import { defaultRunTimeoutMs, parseDurationMs, runTimeouts } from '../../runner/run-timeout';
import { cli, tempDir } from '../helpers/cli';
import { foreignChecksums, plantUserFiles } from '../faults/helpers';
import { lines, tinyScenario, writeScenario } from './helpers';

const LOOPS = path.join(__dirname, 'fixtures', 'loops.json');

describe('run time limit', () => {
  it('stops a looping run after --run-timeout, keeps the others, and --resume retries it, touching no other file', () => {
    const root = tempDir();
    plantUserFiles(root);
    const before = foreignChecksums(root, ['out']);
    const out = path.join(root, 'out');
    const started = Date.now();
    const r = cli(['run', LOOPS, '--out', out, '--run-timeout', '2s', '--threads', '2', '--quiet']);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      `invitesim: 1 of 3 runs failed (first: run 1: run took longer than its limit of 2s (--run-timeout, or the scenario's runTimeout); its worker was stopped); the other runs are kept in ${out}\n`,
    );
    const runs = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')).runs;
    expect(runs.map((x: { result?: unknown }) => x.result !== undefined)).toEqual([true, false, true]);
    const again = cli(['run', LOOPS, '--out', out, '--run-timeout', '1s', '--resume', '--threads', '1', '--quiet']);
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/run 1: run took longer than its limit of 1s/);
    // Only the failed run was run again.
    expect(lines(path.join(out, 'runs.ndjson')).map((l) => JSON.parse(l).index)).toEqual(expect.arrayContaining([1, 1]));
    expect(lines(path.join(out, 'runs.ndjson'))).toHaveLength(4);
    expect(foreignChecksums(root, ['out'])).toEqual(before);
  });

  it("takes the scenario's runTimeout, and refuses one that is not a duration", () => {
    const dir = tempDir();
    const loops = JSON.parse(fs.readFileSync(LOOPS, 'utf8'));
    fs.copyFileSync(path.join(__dirname, 'fixtures', 'loops.js'), path.join(dir, 'loops.js'));
    const file = writeScenario(dir, { ...loops, runTimeout: '1500ms', sweep: { 'policy.params.loop': [true] } });
    const r = cli(['run', file, '--out', path.join(dir, 'out'), '--quiet']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/run 0: run took longer than its limit of 1500ms/);
    const bad = cli(['run', file, '--out', path.join(dir, 'bad'), '--run-timeout', 'soon', '--quiet']);
    expect([bad.code, bad.stderr]).toEqual([2, 'invitesim: --run-timeout must be a duration like 90s, 30m or 2h (a plain number is seconds; at most 24 days), got "soon"\n']);
    expect(fs.existsSync(path.join(dir, 'bad'))).toBe(false);
    const badField = cli(['run', writeScenario(dir, { ...loops, runTimeout: 'later' }, 'bad.json'), '--out', path.join(dir, 'bad'), '--quiet']);
    expect(badField.code).toBe(2);
    expect(badField.stderr).toMatch(/runTimeout/);
  });

  it('defaults to one millisecond per member-day of each run, at least ten minutes', () => {
    expect(defaultRunTimeoutMs(20_000, 30)).toBe(600_000);
    expect(defaultRunTimeoutMs(1_000_000, 30)).toBe(30_000_000);
    const scenario = loadScenario(writeScenario(tempDir(), tinyScenario({ sweep: { 'population.members': [1000, 100_000] }, days: 20 })), []);
    const limit = runTimeouts(scenario, undefined);
    const task = (members: number) => ({ index: 0, point: 0, replicate: 0, seed: 's', params: { 'population.members': members } });
    expect([limit(task(1000)), limit(task(100_000))]).toEqual([600_000, 2_000_000]);
    expect(runTimeouts(scenario, '2m')(task(100_000))).toBe(120_000);
    expect([parseDurationMs('90'), parseDurationMs('1.5h'), parseDurationMs('0s'), parseDurationMs('5 d')]).toEqual([90_000, 5_400_000, null, null]);
  });
});
