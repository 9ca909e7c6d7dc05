/**
 * A run whose policy throws, or whose worker thread dies (process.exit, out of memory), fails
 * alone: its record carries the error, every other run finishes, and the exit code is 3.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, tempDir } from '../helpers/cli';

const SCENARIO = path.join(__dirname, 'fixtures', 'misbehave.json');

describe('worker failures', () => {
  it('fail only their own runs', () => {
    const out = path.join(tempDir(), 'out');
    const r = cli(['run', SCENARIO, '--out', out, '--threads', '2', '--worker-memory', '64', '--quiet']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^invitesim: 3 of 5 runs failed \(first: run 1: .*thrown on purpose\); the other runs are kept in /);
    const runs = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')).runs;
    expect(runs.map((run: { params: Record<string, string> }) => run.params['policy.params.mode'])).toEqual(['ok', 'throw', 'exit', 'oom', 'ok']);
    expect(runs[0].result.metrics.invitationsAttempted).toBeGreaterThan(0);
    expect(runs[4].result.metrics.invitationsAttempted).toBeGreaterThan(0);
    expect(runs[1].error).toMatch(/misbehave: thrown on purpose/);
    expect(runs[2].error).toMatch(/^worker died: worker exited with code: 7/);
    expect(runs[3].error).toMatch(/^worker ran out of memory \(heap limit 64 MiB\)/);
    const csv = fs.readFileSync(path.join(out, 'runs.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(6);
    expect(fs.readFileSync(path.join(out, 'runs.ndjson'), 'utf8').trim().split('\n')).toHaveLength(5);
  });
});
