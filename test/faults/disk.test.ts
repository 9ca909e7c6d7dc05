/**
 * Disk faults on a real, small file system: a 2 MiB tmpfs fills up mid-run (ENOSPC), and the
 * same mounted read-only (EROFS). Each failure is one line naming the path and the cause,
 * exit 3 once runs have started (finished runs kept, no results.json passed off as complete)
 * or 2 before; after space is freed `--resume` completes the run. Mounting needs root and a
 * kernel that allows it: where it does not, the test says so on stderr and checks nothing.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, tempDir, withoutVerdict } from '../helpers/cli';
import { lines } from '../runner/helpers';
import { expectOneLine, foreignChecksums, plantUserFiles } from './helpers';

const mount = tempDir();
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mount], { encoding: 'utf8' });
const canMount = mounted.status === 0;
if (!canMount) {
  process.stderr.write(`test/faults/disk.test.ts: NOT CHECKED: cannot mount a 2 MiB tmpfs here (${(mounted.stderr || mounted.error?.message || '').trim()}); the disk-full and read-only cases need root\n`);
}
afterAll(() => {
  if (canMount) spawnSync('umount', [mount]);
});

const RUN = ['run', 'baseline', '--set', 'population.members=3000', '--set', 'days=5', '--replicates', '3', '--threads', '1', '--quiet'];

test('a disk that fills mid-run: one line, exit 3, runs kept, nothing passed off as complete; --resume finishes once there is room', () => {
  if (!canMount) return;
  plantUserFiles(mount);
  // The user's own big file leaves about 350 KiB: less than the reports need.
  fs.writeFileSync(path.join(mount, 'big.bin'), Buffer.alloc(1700 * 1024, 7));
  const before = foreignChecksums(mount, ['out']);
  const out = path.join(mount, 'out');
  const r = cli([...RUN, '--out', out]);
  expect(r.code).toBe(3);
  expectOneLine(r.stderr);
  expect(r.stderr).toMatch(new RegExp(`^invitesim: cannot write ${out}/\\S+: no space left on device \\(ENOSPC\\); .*; the \\d+ finished runs? (is|are) kept in ${out}/runs.ndjson: fix it and continue with --resume\\n$`));
  expect(fs.existsSync(path.join(out, 'results.json'))).toBe(false);
  expect(fs.readdirSync(out).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  expect(foreignChecksums(mount, ['out'])).toEqual(before);

  // Full to the last byte: a new run fails before any run starts (exit 2), naming its folder.
  const fill = path.join(mount, 'fill');
  spawnSync('dd', ['if=/dev/zero', `of=${fill}`, 'bs=4k', 'count=1000']);
  const full = cli(['run', 'baseline', '--set', 'population.members=500', '--set', 'days=3', '--quiet', '--out', path.join(mount, 'second')]);
  expect(full.code).toBe(2);
  expectOneLine(full.stderr);
  expect(full.stderr).toMatch(new RegExp(`^invitesim: --out ${path.join(mount, 'second')}: .*no space left on device \\(ENOSPC\\)\\n$`));

  // The user makes room: --resume completes the run, its finished runs kept.
  fs.rmSync(fill);
  fs.rmSync(path.join(mount, 'big.bin'));
  fs.rmSync(path.join(mount, 'second'), { recursive: true, force: true });
  const kept = lines(path.join(out, 'runs.ndjson')).length;
  const resumed = cli([...RUN, '--out', out, '--resume']);
  expect([resumed.code, withoutVerdict(resumed.stderr)]).toEqual([0, '']);
  expect(lines(path.join(out, 'runs.ndjson'))).toHaveLength(3);
  expect(kept).toBeGreaterThanOrEqual(1);
  expect(fs.existsSync(path.join(out, 'results.json'))).toBe(true);
  const rest = { ...before };
  delete rest['big.bin'];
  expect(foreignChecksums(mount, ['out'])).toEqual(rest);
});

test('a read-only disk: one line naming the folder, exit 2, before any run', () => {
  if (!canMount) return;
  expect(spawnSync('mount', ['-o', 'remount,ro', mount]).status).toBe(0);
  try {
    const before = foreignChecksums(mount, ['out']);
    const r = cli(['run', 'baseline', '--set', 'population.members=500', '--set', 'days=3', '--quiet', '--out', path.join(mount, 'ro')]);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr);
    expect(r.stderr).toBe(`invitesim: --out ${path.join(mount, 'ro')}: cannot create the folder: ${path.join(mount, 'ro')}: read-only file system (EROFS)\n`);
    // And into an existing invitesim folder there: the lock cannot be taken.
    const again = cli([...RUN, '--out', path.join(mount, 'out'), '--resume']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/read-only file system \(EROFS\)/);
    expect(foreignChecksums(mount, ['out'])).toEqual(before);
  } finally {
    spawnSync('mount', ['-o', 'remount,rw', mount]);
  }
});
