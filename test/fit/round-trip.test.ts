/**
 * The round trip of `invitesim fit`: a seeded run with non-default values of every field a log
 * identifies writes its log; the fit of that log recovers each value within its 95% interval
 * (rates within ±2 points); and a run of the defaults with the fitted overlay, in another seed's
 * world, reproduces the log's headline answer shares, which the defaults alone do not. The
 * headline shares move most with the decline delay, the estimate with the widest interval (±7%
 * at 4,000 members), so the overlay is run at both ends of that interval and the log's shares
 * must lie within the range, widened by both runs' sampling error.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML, { isScalar } from 'yaml';
import { cli, tempDir, withoutVerdict } from '../helpers/cli';

const dir = tempDir();
const MEMBERS = 4000;
const COMMON = ['--set', `population.members=${MEMBERS}`, '--set', 'policy="none"', '--threads', '1', '-q'];
/** The values that drew the log: each differs from its default. */
const TRUTH: Record<string, number> = {
  'response.meanDelayHours': 20,
  'response.declineDelayHours': 80,
  'population.addressBookShare': 0.5,
  'population.maxAccountAgeDays': 2000,
  'archetypes.regular.photoRate': 0.6,
  'archetypes.regular.noteRate': 0.5,
  'archetypes.regular.withdrawAfterDays': 2,
  'archetypes.recruiter.withdrawAfterDays': 2,
  'archetypes.openNetworker.withdrawAfterDays': 2,
};
const RATES = ['population.addressBookShare', 'archetypes.regular.photoRate', 'archetypes.regular.noteRate'];

function run(out: string, extra: string[]): Array<Record<string, number>> {
  const r = cli(['run', 'baseline', ...COMMON, ...extra, '--out', out]);
  expect(withoutVerdict(r.stderr)).toBe('');
  expect(r.code).toBe(0);
  const [head, ...rows] = fs.readFileSync(path.join(out, 'runs.csv'), 'utf8').trim().split('\n');
  return rows.map((row) => Object.fromEntries(head.split(',').map((k, i) => [k, Number(row.split(',')[i])])));
}

/** accepted / ignored / IDK over delivered invitations, as a log shows them at its end. */
function headline(r: Record<string, number>): Record<'accepted' | 'ignored' | 'idk', { p: number; n: number }> {
  const n = r.invitationsAttempted - r.blocked;
  return { accepted: { p: r.accepted / n, n }, ignored: { p: r.ignored / n, n }, idk: { p: r.idk / n, n } };
}

type Share = { p: number; n: number };
/** Whether the log's share lies within the runs' range, widened by 1.96 standard errors of a difference of two shares. */
function within(log: Share, runs: Share[]): boolean {
  const se = (r: Share) => 1.96 * Math.sqrt((log.p * (1 - log.p)) / log.n + (r.p * (1 - r.p)) / r.n);
  return Math.min(...runs.map((r) => r.p - se(r))) <= log.p && log.p <= Math.max(...runs.map((r) => r.p + se(r)));
}

describe('invitesim fit: the round trip', () => {
  const overlay = path.join(dir, 'overlay.yaml');
  let source: Record<string, number>;
  let doc: YAML.Document;

  beforeAll(() => {
    [source] = run(path.join(dir, 'source'), [...Object.entries(TRUTH).flatMap(([k, v]) => ['--set', `${k}=${v}`]), '--seed', '101', '--events']);
    const events = path.join(dir, 'source', 'events');
    const r = cli(['fit', path.join(events, 'run-0.parquet'), '--labels', path.join(events, 'labels-0.csv'), '--out', overlay, '-q']);
    expect(r.code).toBe(0);
    doc = YAML.parseDocument(fs.readFileSync(overlay, 'utf8'));
  }, 120_000);

  test.each(Object.keys(TRUTH))('%s: the value that drew the log is within the fitted 95% interval', (field) => {
    const node = doc.getIn(field.split('.'), true);
    expect(isScalar(node)).toBe(true);
    const [, low, high] = /95% ([\d.]+)–([\d.]+)/.exec((node as YAML.Scalar).comment ?? '') ?? [];
    expect(Number(low)).toBeLessThanOrEqual(TRUTH[field]);
    expect(Number(high)).toBeGreaterThanOrEqual(TRUTH[field]);
    if (RATES.includes(field)) expect(Math.abs(Number((node as YAML.Scalar).value) - TRUTH[field])).toBeLessThanOrEqual(0.02);
  });

  test("a run of the defaults with the overlay reproduces the log's headline shares in another world; the defaults alone do not", () => {
    const [, low, high] = /95% ([\d.]+)–([\d.]+)/.exec((doc.getIn(['response', 'declineDelayHours'], true) as YAML.Scalar).comment ?? '') ?? [];
    const sweep = JSON.stringify({ 'response.declineDelayHours': [Number(low), Number(high)] });
    const fitted = run(path.join(dir, 'fitted'), ['--overlay', overlay, '--set', `sweep=${sweep}`, '--seed', '202']).map(headline);
    const [defaults] = run(path.join(dir, 'defaults'), ['--seed', '202']).map(headline);
    const logged = headline(source);
    for (const k of ['accepted', 'ignored', 'idk'] as const) expect([k, within(logged[k], fitted.map((f) => f[k]))]).toEqual([k, true]);
    expect((['accepted', 'ignored', 'idk'] as const).some((k) => !within(logged[k], [defaults[k]]))).toBe(true);
  }, 120_000);
});
