/**
 * Output-folder faults with real processes: two runs started at once into one folder (one
 * wins, the other exits 2 naming the holder, and the folder is wholly the winner's), and the
 * issue's folder of user files (refused, byte for byte untouched).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir, withoutVerdict } from '../helpers/cli';
import { lines, tinyScenario, writeScenario } from '../runner/helpers';
import { expectOneLine, foreignChecksums, plantUserFiles, runCli } from './helpers';

const root = tempDir();
plantUserFiles(root);
const slow = (name: string) =>
  writeScenario(root, tinyScenario({ name, days: 10, population: { members: 4000, shares: { regular: 0.95, bulkSpammer: 0.02, sybil: 0.03 } }, sweep: { 'policy.params.cap': [20, 50, 100] } }), `${name}.json`);

test('two runs into one folder at once: one exits 2 naming the other, the folder is the winner\'s alone', async () => {
  const a = slow('first');
  const b = slow('second');
  const out = path.join(root, 'shared');
  const before = foreignChecksums(root, ['shared']);
  const [ra, rb] = await Promise.all([runCli(['run', a, '--out', out, '--threads', '1', '--quiet']), runCli(['run', b, '--out', out, '--threads', '1', '--quiet'])]);
  const codes = [ra.code, rb.code].sort();
  expect(codes).toEqual([0, 2]);
  const [winner, loser] = ra.code === 0 ? [ra, rb] : [rb, ra];
  expect(withoutVerdict(winner.stderr)).toBe('');
  expectOneLine(loser.stderr);
  expect(loser.stderr).toMatch(new RegExp(`^invitesim: ${out} is (in use by invitesim run \\(pid \\d+ on .+, since .+\\)|being taken by another invitesim right now .*); wait for it to finish or choose another --out\\n$`));
  const name = ra.code === 0 ? 'first' : 'second';
  const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
  const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'));
  expect([manifest.scenarioName, results.scenario.name]).toEqual([name, name]);
  expect(lines(path.join(out, 'runs.ndjson'))).toHaveLength(6);
  expect(fs.existsSync(path.join(out, '.invitesim.lock'))).toBe(false);
  expect(foreignChecksums(root, ['shared'])).toEqual(before);
});

test("the issue's folder of user files: exit 2 naming it and --force, every file byte for byte as it was", async () => {
  const d = path.join(root, 'd');
  fs.mkdirSync(path.join(d, 'members'), { recursive: true });
  fs.writeFileSync(path.join(d, 'members', 'mine.csv'), 'x\n');
  fs.writeFileSync(path.join(d, 'members.csv'), 'x\n');
  fs.writeFileSync(path.join(d, 'results.json'), 'x\n');
  // Checksums of everything, the folder's "own" names included: none of them is invitesim's here.
  const before = foreignChecksums(root, []);
  for (const args of [[], ['--force'], ['--force', '--members'], ['--resume']]) {
    const r = await runCli(['run', 'baseline', '--out', d, '--set', 'population.members=400', '--set', 'days=3', '--quiet', ...args]);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr);
    expect(r.stderr).toContain(`--out ${d}`);
    if (args.length === 0) {
      expect(r.stderr).toBe(
        `invitesim: --out ${d}: the folder holds files invitesim did not write (members, members.csv, results.json); it writes only into a new, empty or invitesim folder: choose another folder, or pass --force to write beside them (never over them)\n`,
      );
    }
    expect(r.stderr).toMatch(args.includes('--force') ? /already holds members, members\.csv, results\.json, which invitesim did not write and would replace/ : /pass --force/);
    expect(foreignChecksums(root, [])).toEqual(before);
  }
});
