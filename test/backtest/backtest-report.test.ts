/**
 * `backtest` reports what `run` reports: the same files, from the same code. The oracle is the
 * run that wrote the log: a backtest of its own policy must give its runs.csv's invitation counts
 * and confusion, its timeline, day by day, and its honest restricted days, exactly (the few
 * counts a log cannot hold are set apart below, each with why). Then the page's marking and
 * counterfactuals, the gates' exit codes, and --threads: byte-identical files for any count.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, tempDir, withoutVerdict } from '../helpers/cli';
import { csvRows } from '../helpers/csv';

const dir = tempDir();
const out = path.join(dir, 'run');
const log = path.join(out, 'events', 'run-0.parquet');
const labels = path.join(out, 'events', 'labels-0.csv');
const SETS = ['--set', 'population.members=3000', '--set', 'days=14', '--set', 'policy.params.cap=25'];

const backtest = (outDir: string, ...args: string[]) => cli(['backtest', log, '--labels', labels, '--policy', 'weekly-cap', '--out', outDir, '-q', ...args]);

beforeAll(() => {
  const r = cli(['run', 'baseline', ...SETS, '--events', '--out', out, '-q']);
  expect(withoutVerdict(r.stderr)).toBe('');
  expect(r.code).toBe(0);
});

test("a backtest of the log's own policy writes run's files with run's counts and timeline", () => {
  const bt = path.join(dir, 'same');
  expect(backtest(bt, '--set', 'policy.params.cap=25').code).toBe(0);
  for (const f of ['results.json', 'runs.csv', 'points.csv', 'timeline.csv', 'metrics.csv', 'archetypes.csv', 'curves.csv', 'report.html', 'junit.xml', 'summary.md']) expect([f, fs.existsSync(path.join(bt, f))]).toEqual([f, true]);
  const run = csvRows(path.join(out, 'runs.csv'))[0];
  const b = csvRows(path.join(bt, 'runs.csv'))[0];
  const same = ['invitationsAttempted', 'blocked', 'accepted', 'ignored', 'idk', 'withdrawn', 'pending', 'abusiveDelivered', 'honestBlocked', 'inmailsSent', 'honestInmailsSent', 'connectionsMade',
    'truePositives', 'falsePositives', 'precision', 'restrictionsStarted', 'restrictionsLifted', 'permanentRestrictions', 'honestRestrictedDays', 'medianHoursToRestrict'];
  expect(Object.fromEntries(same.map((k) => [k, b[k]]))).toEqual(Object.fromEntries(same.map((k) => [k, run[k]])));
  expect(Number(run.restrictionsLifted)).toBeGreaterThan(0);
  // Apart, with why: abusive members that never sent once abusive are silent (not misses) in a
  // backtest; sends suppressed before an attempt leave no row.
  const bj = JSON.parse(fs.readFileSync(path.join(bt, 'backtest.json'), 'utf8')).points[0].metrics;
  expect(Number(b.falseNegatives) + bj.silentAbusive).toBe(Number(run.falseNegatives));
  expect(Number(b.suppressed)).toBe(0);
  // The timeline, every day and column, is the run's.
  const cols = ['day', 'attempted', 'blocked', 'delivered', 'accepted', 'ignored', 'idk', 'withdrawn', 'restrictionsStarted', 'restrictionsLifted'];
  const pick = (rows: Array<Record<string, string>>) => rows.map((r) => cols.map((c) => r[c]).join(','));
  expect(pick(csvRows(path.join(bt, 'timeline.csv')))).toEqual(pick(csvRows(path.join(out, 'timeline.csv'))));
});

test('a backtest ends as run does: figures with intervals, the verdict and the page; --quiet keeps the verdict line alone', () => {
  const quiet = backtest(path.join(dir, 'quiet'), '--expect', 'recall >= 0.2');
  expect(quiet.stderr).toBe('invitesim: backtest of run-0.parquet: PASSED: 1 of 1 gate checks passed\n');
  const bt = path.join(dir, 'loud');
  const r = cli(['backtest', log, '--labels', labels, '--policy', 'weekly-cap', '--out', bt]);
  const lines = r.stderr.trim().split('\n');
  expect(lines[1]).toMatch(/^  harm stopped [\d.]+ of [\d,]+ abusive invitations, honest friction/);
  expect(lines).toContainEqual(expect.stringMatching(/^  precision [\d.]+ \[[\d.]+, [\d.]+\], recall [\d.]+ \[/));
  expect(lines.slice(-2)).toEqual(['invitesim: backtest of run-0.parquet: PASSED: no gates defined', `invitesim: wrote ${bt}; open ${path.join(bt, 'report.html')}`]);
});

test('the page is marked offline backtest and shows harm stopped and honest friction as backtest.json has them', () => {
  const bt = path.join(dir, 'page');
  expect(backtest(bt, '--sweep', 'policy.params.cap=10,400').code).toBe(0);
  const html = fs.readFileSync(path.join(bt, 'report.html'), 'utf8');
  expect(html).toContain('<div class="eyebrow">invitesim offline backtest</div>');
  expect(html).toContain('>Offline backtest</div>');
  expect(html).toContain('id="offline"');
  const points = JSON.parse(fs.readFileSync(path.join(bt, 'backtest.json'), 'utf8')).points;
  const rows = [...html.matchAll(/<tr><td>(\d+)<\/td><td>([^<]*)<\/td><td>([\d,]+) of ([\d,]+)<\/td><td><strong>([\d.]+)<\/strong><\/td><td>([\d,]+) of ([\d,]+)<\/td><td><strong>([\d.]+)<\/strong><\/td>/g)];
  expect(rows).toHaveLength(2);
  rows.forEach((m, i) => {
    const x = points[i].metrics;
    expect(m.slice(3, 9).map((s) => s.replace(/,/g, ''))).toEqual([x.harmStopped, x.abusiveInvitationsLogged, x.harmStoppedShare.toFixed(3), x.honestFriction, x.honestInvitationsLogged, x.honestFrictionShare.toFixed(4)].map(String));
  });
  // A tighter cap restricts sooner: it would have stopped more abuse, and cost honest members more.
  expect(points[0].metrics.harmStoppedShare).toBeGreaterThan(points[1].metrics.harmStoppedShare);
  expect(points[0].metrics.honestFriction).toBeGreaterThan(points[1].metrics.honestFriction);
  // results.json carries the section; a run's has no such key.
  expect(JSON.parse(fs.readFileSync(path.join(bt, 'results.json'), 'utf8')).offline.points).toHaveLength(2);
  expect(JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'))).not.toHaveProperty('offline');
});

test('--expect gates set the exit code and junit.xml as a scenario expect does; a malformed one is exit 2', () => {
  const recall = Number(csvRows(path.join(dir, 'same', 'runs.csv'))[0].recall);
  const pass = backtest(path.join(dir, 'gate-pass'), '--set', 'policy.params.cap=25', '--expect', `recall >= ${(recall - 0.01).toFixed(2)}`);
  expect(pass.code).toBe(0);
  const failDir = path.join(dir, 'gate-fail');
  const fail = backtest(failDir, '--set', 'policy.params.cap=25', '--expect', `recall >= ${(recall + 0.01).toFixed(2)}`, '--expect', 'precision ci_low >= 0');
  expect(fail.code).toBe(1);
  expect(fail.stderr).toMatch(/gate recall >= [\d.]+ failed at point 0/);
  const results = JSON.parse(fs.readFileSync(path.join(failDir, 'results.json'), 'utf8'));
  expect(results.gates.map((g: { name: string; passed: boolean }) => [g.name.split(' ')[0], g.passed])).toEqual([['recall', false], ['precision', true]]);
  expect(fs.readFileSync(path.join(failDir, 'junit.xml'), 'utf8')).toMatch(/<failure/);
  const bad = backtest(path.join(dir, 'gate-bad'), '--expect', 'recall about 0.9');
  expect(bad.code).toBe(2);
  expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  expect(bad.stderr).toMatch(/--expect\.recall "about 0\.9" is not a condition/);
  expect(backtest(path.join(dir, 'gate-bad2'), '--expect', 'recallish >= 0.9').stderr).toMatch(/--expect\.recallish/);
  expect(fs.existsSync(path.join(dir, 'gate-bad'))).toBe(false);
});

test('--threads: a sweep replayed on 1 and on 3 threads writes byte-identical files', () => {
  const sweep = ['--sweep', 'policy.params.cap=10,25,50,400'];
  expect(backtest(path.join(dir, 't1'), ...sweep, '--threads', '1').code).toBe(0);
  expect(backtest(path.join(dir, 't3'), ...sweep, '--threads', '3').code).toBe(0);
  for (const f of ['backtest.json', 'backtest.csv', 'backtest-restrictions.csv', 'runs.csv', 'points.csv', 'timeline.csv', 'archetypes.csv', 'curves.csv']) {
    expect([f, fs.readFileSync(path.join(dir, 't3', f), 'utf8')]).toEqual([f, fs.readFileSync(path.join(dir, 't1', f), 'utf8')]);
  }
  // results.json differs only in meta (wall-clock facts, and the thread count itself).
  const strip = (f: string) => ({ ...JSON.parse(fs.readFileSync(f, 'utf8')), meta: null });
  expect(strip(path.join(dir, 't3', 'results.json'))).toEqual(strip(path.join(dir, 't1', 'results.json')));
  expect(csvRows(path.join(dir, 't1', 'backtest.csv'))).toHaveLength(4);
  expect(cli(['backtest', log, '--labels', labels, '--policy', 'weekly-cap', '--threads', '0']).stderr).toMatch(/--threads/);
});
