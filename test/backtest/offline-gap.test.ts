/**
 * The gap an offline backtest hides: on a log recorded under `none` in a world of probing
 * attackers, a weekly cap catches nearly every abusive sender offline; run closed loop in the
 * same world, the attackers learn the cap and it catches almost none (offline-gap scenario).
 * `backtest --closed-loop` puts the two side by side on the page: its figures must be the ones
 * backtest.json and the closed-loop run's results.json hold, policy by policy.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, tempDir } from '../helpers/cli';

const SMALL = ['--set', 'population.members=5000'];
const POLICIES = ['weekly-cap', 'acceptance-ratio'];

test('weekly-cap: recall near 1 offline on a log under none, near 0 closed loop against attackers who probe it; the page shows both', () => {
  const dir = tempDir();
  expect(cli(['run', 'offline-gap', ...SMALL, '--events', '--out', path.join(dir, 'none'), '-q']).code).toBe(0);
  // A run a policy, so that each is point 0 on the log's own seed: the same world, not another draw.
  for (const name of POLICIES) expect(cli(['run', 'offline-gap', ...SMALL, '--set', `policy={"name":"${name}"}`, '--out', path.join(dir, name), '-q']).code).toBe(0);
  const events = path.join(dir, 'none', 'events');
  const bt = cli(['backtest', path.join(events, 'run-0.parquet'), '--labels', path.join(events, 'labels-0.csv'), '--policy', 'weekly-cap', '--sweep', `policy.name=${POLICIES.join(',')}`,
    ...POLICIES.flatMap((name) => ['--closed-loop', path.join(dir, name)]), '--out', path.join(dir, 'bt')]);
  expect(bt.code).toBe(0);
  const offline = JSON.parse(fs.readFileSync(path.join(dir, 'bt', 'backtest.json'), 'utf8')).points.map((p: { metrics: { recall: number } }) => p.metrics.recall);
  const closed = POLICIES.map((name) => JSON.parse(fs.readFileSync(path.join(dir, name, 'results.json'), 'utf8')).runs[0].result.metrics.recall);
  expect(JSON.parse(fs.readFileSync(path.join(dir, 'bt', 'results.json'), 'utf8')).offline.closedLoop.pairs.map((p: { sameSeed: boolean }) => p.sameSeed)).toEqual([true, true]);
  expect(offline[0]).toBeGreaterThan(0.9);
  expect(closed[0]).toBeLessThan(0.2);
  // acceptance-ratio, which attackers cannot keep under by volume alone, loses less of its recall.
  expect(offline[1] - closed[1]).toBeLessThan(offline[0] - closed[0]);

  const html = fs.readFileSync(path.join(dir, 'bt', 'report.html'), 'utf8');
  const table = /<table class="kv closed-loop-table">(.*?)<\/table>/s.exec(html)?.[1] ?? '';
  const rows = [...table.matchAll(/<tr><td>([^<]*)<\/td><td><strong>([\d.]+)<\/strong><\/td><td><strong>([\d.]+)<\/strong>/g)].map((m) => [m[1].split(' ')[0], Number(m[2]), Number(m[3])]);
  expect(rows).toEqual(POLICIES.map((name, i) => [name, Number(offline[i].toFixed(3)), Number(closed[i].toFixed(3))]));
  // A bar each, offline and closed loop, a policy.
  expect(html.match(/class="offline-bar"><title>/g)).toHaveLength(2);
  expect(html.match(/class="closed-bar"><title>/g)).toHaveLength(2);
  expect(bt.stderr).toMatch(/weekly-cap \{"cap":100\}: recall [\d.]+ offline, [\d.]+ closed loop in the same world/);
});

test('--closed-loop: a sweep point on another seed is another draw of the world; a run of none of the policies is exit 2, naming what it ran', () => {
  const dir = tempDir();
  const TINY = ['--set', 'population.members=2000', '--set', 'days=7'];
  expect(cli(['run', 'offline-gap', ...TINY, '--events', '--out', path.join(dir, 'none'), '-q']).code).toBe(0);
  const events = path.join(dir, 'none', 'events');
  expect(cli(['run', 'offline-gap', ...TINY, '--set', 'sweep={"policy.name":["none","weekly-cap"]}', '--out', path.join(dir, 'sweep'), '-q']).code).toBe(0);
  const swept = cli(['backtest', path.join(events, 'run-0.parquet'), '--labels', path.join(events, 'labels-0.csv'), '--policy', 'weekly-cap', '--closed-loop', path.join(dir, 'sweep'), '--out', path.join(dir, 'bt-sweep')]);
  expect(swept.code).toBe(0);
  expect(swept.stderr).toMatch(/closed loop \(another draw of the world\)/);
  expect(fs.readFileSync(path.join(dir, 'bt-sweep', 'report.html'), 'utf8')).toMatch(/point 1, 1 replicate; another draw/);
  const r = cli(['backtest', path.join(events, 'run-0.parquet'), '--labels', path.join(events, 'labels-0.csv'), '--policy', 'weekly-cap', '--closed-loop', path.join(dir, 'none'), '--out', path.join(dir, 'bt')]);
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/--closed-loop .*none: no point of that run ran a policy this backtest replays \(it ran none\)/);
  expect(fs.existsSync(path.join(dir, 'bt'))).toBe(false);
});
