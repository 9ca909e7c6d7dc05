/**
 * kill -9 at random byte offsets: of the journal (a real process killed once its journal has
 * passed the offset, then the journal cut exactly there, mid-line) and of each report file
 * (the state a kill inside an atomic write leaves: the file's temporary holding its first
 * bytes, results.json not yet written). `--resume` then gives the uninterrupted results,
 * leaves no temporary file, and no file outside invitesim's own is touched.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, tempDir, withoutVerdict } from '../helpers/cli';
import { comparable, tinyScenario, writeScenario } from '../runner/helpers';
import { foreignChecksums, plantUserFiles, runCli } from './helpers';

/** Reproducible offsets (a fixed-seed LCG): the same kills every run, so a failure replays. */
function offsets(seed: number, count: number, below: number): number[] {
  let x = seed;
  return Array.from({ length: count }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x % below;
  });
}

const REPORTS = ['runs.csv', 'points.csv', 'timeline.csv', 'report.html', 'junit.xml', 'summary.md', 'results.json'];

describe('kill -9', () => {
  const root = tempDir();
  plantUserFiles(root);
  const scenario = writeScenario(root, tinyScenario({ name: 'killed', days: 10, population: { members: 4000, shares: { regular: 0.95, bulkSpammer: 0.02, sybil: 0.03 } }, sweep: { 'policy.params.cap': [20, 50, 100, 200] } }), 'killed.json');
  const whole = path.join(root, 'whole');
  let journalBytes = 0;

  beforeAll(() => {
    expect(cli(['run', scenario, '--out', whole, '--threads', '2', '--quiet']).code).toBe(0);
    journalBytes = fs.statSync(path.join(whole, 'runs.ndjson')).size;
  });

  it.each(offsets(7, 3, 1).map((_, k) => k))('at a random byte offset of the journal (kill %i)', async (k) => {
    const at = offsets(11 + k, 1, journalBytes - 1)[0] + 1;
    const out = `journal-${k}`;
    const dir = path.join(root, out);
    const before = foreignChecksums(root, [out, 'whole']);
    const killed = await runCli(['run', scenario, '--out', dir, '--threads', '2', '--quiet'], (child) => {
      const poll = setInterval(() => {
        let size = 0;
        try {
          size = fs.statSync(path.join(dir, 'runs.ndjson')).size;
        } catch {
          return;
        }
        if (size >= at) {
          clearInterval(poll);
          child.kill('SIGKILL');
        }
      }, 5);
      child.on('exit', () => clearInterval(poll));
    });
    expect(killed.signal === 'SIGKILL' || killed.code === 0).toBe(true);
    // The kill lands between appends; cut the journal at the offset too, as a kill mid-append would.
    if (killed.signal === 'SIGKILL') fs.truncateSync(path.join(dir, 'runs.ndjson'), Math.min(at, fs.statSync(path.join(dir, 'runs.ndjson')).size));
    const resumed = cli(['run', scenario, '--out', dir, '--resume', '--threads', '2', '--quiet']);
    expect([resumed.code, withoutVerdict(resumed.stderr)]).toEqual([0, '']);
    expect(comparable(dir)).toEqual(comparable(whole));
    expect(fs.readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
    expect(foreignChecksums(root, [out, 'whole'])).toEqual(before);
  });

  it.each(REPORTS)('at a random byte offset of %s', (file) => {
    const out = `report-${file}`;
    const dir = path.join(root, out);
    fs.cpSync(whole, dir, { recursive: true });
    const before = foreignChecksums(root, [out, 'whole']);
    const content = fs.readFileSync(path.join(whole, file));
    const at = offsets(file.length * 31, 1, content.length)[0];
    // A kill inside writeFileAtomic(file): its temporary holds the first bytes; the file is the old one or gone,
    // and results.json (written last, removed first) is gone.
    fs.writeFileSync(path.join(dir, `.${file}.999999.tmp`), content.subarray(0, at));
    fs.rmSync(path.join(dir, file), { force: true });
    fs.rmSync(path.join(dir, 'results.json'), { force: true });
    const resumed = cli(['run', scenario, '--out', dir, '--resume', '--threads', '1']);
    expect(resumed.code).toBe(0);
    // The resume note first; then the closing summary, which ends on the page to open.
    expect(resumed.stderr.startsWith(`invitesim: every run in ${dir} had finished; rewriting its reports\n`)).toBe(true);
    expect(resumed.stderr.endsWith(`invitesim: wrote ${dir}; open ${path.join(dir, 'report.html')}\n`)).toBe(true);
    expect(resumed.stderr).not.toMatch(/runs \(\d+%\)/);
    expect(comparable(dir)).toEqual(comparable(whole));
    for (const f of REPORTS) expect(fs.existsSync(path.join(dir, f))).toBe(true);
    expect(fs.readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
    expect(foreignChecksums(root, [out, 'whole'])).toEqual(before);
  });
});
