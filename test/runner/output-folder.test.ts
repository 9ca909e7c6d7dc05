/**
 * Output folders (the folder of user files the issue reproduced is in test/faults/folders.test.ts):
 * invitesim writes only into a new, empty or invitesim folder, replaces only
 * files it names itself, holds the folder's lock while it works, clears temporary files a
 * killed write left, and redoes the run of a damaged journal line on --resume.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli, tempDir, withoutVerdict } from '../helpers/cli';
import { comparable, lines, snapshot, tinyScenario, writeScenario } from './helpers';

const SMALL = ['--set', 'population.members=400', '--set', 'days=3', '--threads', '1', '--quiet'];

/** A pid that is certainly not running: a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

function writeLock(dir: string, holder: object): void {
  fs.writeFileSync(path.join(dir, '.invitesim.lock'), JSON.stringify({ command: 'run', since: '2026-01-01T00:00:00.000Z', ...holder }));
}

describe('output folders', () => {
  const root = tempDir();
  const tiny = writeScenario(root, tinyScenario({ replicates: 1, sweep: { 'policy.params.cap': [20, 200] } }), 'tiny.json');

  it('with --force writes beside user files, and later runs there replace only their own', () => {
    const d = path.join(root, 'beside');
    fs.mkdirSync(d);
    fs.writeFileSync(path.join(d, 'notes.txt'), 'mine\n');
    expect(cli(['run', tiny, '--out', d, ...SMALL]).code).toBe(2);
    expect(cli(['run', tiny, '--out', d, '--force', '--members', ...SMALL]).code).toBe(0);
    fs.writeFileSync(path.join(d, 'members', 'mine.csv'), 'mine too\n');
    const users = () => ({ notes: fs.readFileSync(path.join(d, 'notes.txt'), 'utf8'), mine: fs.readFileSync(path.join(d, 'members', 'mine.csv'), 'utf8') });
    const before = users();
    // Now the folder is invitesim's: a new run without --members removes its member files, not the user's.
    const again = cli(['run', tiny, '--out', d, ...SMALL]);
    expect([again.code, withoutVerdict(again.stderr)]).toEqual([0, '']);
    expect(users()).toEqual(before);
    expect(fs.readdirSync(path.join(d, 'members'))).toEqual(['mine.csv']);
    expect(fs.existsSync(path.join(d, 'members.csv'))).toBe(false);
    expect(fs.existsSync(path.join(d, 'results.json'))).toBe(true);
  });

  it('gives one line for --out at a file or under one', () => {
    const file = path.join(root, 'a-file');
    fs.writeFileSync(file, 'keep\n');
    const at = cli(['run', tiny, '--out', file, ...SMALL]);
    expect([at.code, at.stderr]).toEqual([2, `invitesim: --out ${file}: is a file, not a folder; choose another folder\n`]);
    const under = cli(['run', tiny, '--out', path.join(file, 'x'), ...SMALL]);
    expect([under.code, under.stderr]).toEqual([2, `invitesim: --out ${path.join(file, 'x')}: cannot use it as a folder: ${path.join(file, 'x')}: a part of the path is a file, not a folder (ENOTDIR)\n`]);
    expect(fs.readFileSync(file, 'utf8')).toBe('keep\n');
  });

  it('refuses a folder another live invitesim holds, naming it, in run, merge and report', () => {
    const d = path.join(root, 'held');
    expect(cli(['run', tiny, '--out', d, ...SMALL]).code).toBe(0);
    writeLock(d, { pid: process.pid, host: os.hostname() });
    const before = snapshot(d);
    const holder = `invitesim run (pid ${process.pid} on ${os.hostname()}, since 2026-01-01T00:00:00.000Z)`;
    const run = cli(['run', tiny, '--out', d, ...SMALL]);
    expect([run.code, run.stderr]).toEqual([2, `invitesim: ${d} is in use by ${holder}; wait for it to finish or choose another --out\n`]);
    const report = cli(['report', d]);
    expect([report.code, report.stderr]).toEqual([2, `invitesim: ${d} is in use by ${holder}; wait for it to finish or choose another --out\n`]);
    const merge = cli(['merge', d, '--out', path.join(root, 'held-merged')]);
    expect(merge.code).toBe(2);
    expect(merge.stderr).toContain(`is in use by ${holder}`);
    expect(fs.existsSync(path.join(root, 'held-merged'))).toBe(false);
    expect(snapshot(d)).toEqual(before);
    writeLock(d, { pid: 1, host: 'elsewhere.example' });
    expect(cli(['run', tiny, '--out', d, ...SMALL]).stderr).toMatch(/in use by invitesim run \(pid 1 on elsewhere\.example.*; if that process is gone, delete .*\.invitesim\.lock\n$/);
  });

  it("takes over the lock of a dead process on this host, and releases its own", () => {
    const d = path.join(root, 'stale');
    fs.mkdirSync(d);
    writeLock(d, { pid: deadPid(), host: os.hostname() });
    const r = cli(['run', tiny, '--out', d, ...SMALL]);
    expect([r.code, withoutVerdict(r.stderr)]).toEqual([0, '']);
    expect(fs.existsSync(path.join(d, '.invitesim.lock'))).toBe(false);
  });

  it('removes temporary files that killed writes left, and only those', () => {
    const d = path.join(root, 'temps');
    expect(cli(['run', tiny, '--out', d, '--members', ...SMALL]).code).toBe(0);
    const left = ['.runs.csv.4242.tmp', '.results.json.77.tmp', '.runs.ndjson.5.tmp'];
    for (const t of left) fs.writeFileSync(path.join(d, t), 'half');
    fs.writeFileSync(path.join(d, 'members', '.run-0.csv.4242.tmp'), 'half');
    fs.writeFileSync(path.join(d, '.notes.txt.4242.tmp'), 'not ours');
    expect(cli(['run', tiny, '--out', d, '--members', '--resume', ...SMALL]).code).toBe(0);
    expect(fs.readdirSync(d).filter((n) => n.startsWith('.'))).toEqual(['.notes.txt.4242.tmp']);
    expect(fs.readdirSync(path.join(d, 'members')).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('reports a schema-invalid journal line by number and redoes only its run on --resume', () => {
    const whole = path.join(root, 'whole');
    const tinier = writeScenario(root, tinyScenario(), 'tinier.json');
    expect(cli(['run', tinier, '--out', whole, '--threads', '2', '--quiet']).code).toBe(0);
    const d = path.join(root, 'damaged');
    fs.cpSync(whole, d, { recursive: true });
    const journal = lines(path.join(d, 'runs.ndjson'));
    const bad = JSON.parse(journal[2]);
    delete bad.result.metrics;
    journal[2] = JSON.stringify(bad);
    fs.writeFileSync(path.join(d, 'runs.ndjson'), journal.map((l) => l + '\n').join(''));
    const r = cli(['run', tinier, '--out', d, '--resume', '--threads', '1', '--quiet']);
    expect(r.stderr).toBe(`invitesim: ${path.join(d, 'runs.ndjson')}: line 3 (result.metrics is not an object) is not a run record; its run is redone\ninvitesim: tiny: PASSED: no gates defined\n`);
    expect(r.code).toBe(0);
    expect(comparable(d)).toEqual(comparable(whole));
    const after = lines(path.join(d, 'runs.ndjson')).map((l) => JSON.parse(l));
    expect(after).toHaveLength(journal.length);
    expect(after.every((rec) => rec.result?.metrics)).toBe(true);
    // merge cannot redo a run: it refuses the damaged folder, naming the line.
    fs.writeFileSync(path.join(d, 'runs.ndjson'), journal.map((l) => l + '\n').join(''));
    const m = cli(['merge', d, '--out', path.join(root, 'damaged-merged')]);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/runs\.ndjson: line 3 \(result\.metrics is not an object\) not a run record; run `invitesim run … --out .* --resume` there/);
  });
});
