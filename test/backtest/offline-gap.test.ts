/**
 * The gap an offline backtest hides: on a log recorded under `none` in a world of probing
 * attackers, a weekly cap catches nearly every abusive sender offline; run closed loop in the
 * same world, the attackers learn the cap and it catches almost none (offline-gap scenario).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, tempDir } from '../helpers/cli';

const SMALL = ['--set', 'population.members=5000'];

test('weekly-cap: recall near 1 offline on a log under none, near 0 closed loop against attackers who probe it', () => {
  const dir = tempDir();
  expect(cli(['run', 'offline-gap', ...SMALL, '--events', '--out', path.join(dir, 'none'), '-q']).code).toBe(0);
  const events = path.join(dir, 'none', 'events');
  expect(cli(['backtest', path.join(events, 'run-0.parquet'), '--labels', path.join(events, 'labels-0.csv'), '--policy', 'weekly-cap', '--out', path.join(dir, 'bt'), '-q']).code).toBe(0);
  const offline = JSON.parse(fs.readFileSync(path.join(dir, 'bt', 'backtest.json'), 'utf8')).points[0].metrics;
  expect(cli(['run', 'offline-gap', ...SMALL, '--set', 'policy={"name":"weekly-cap"}', '--out', path.join(dir, 'closed'), '-q']).code).toBe(0);
  const closed = JSON.parse(fs.readFileSync(path.join(dir, 'closed', 'results.json'), 'utf8')).runs[0].result.metrics;
  expect(offline.recall).toBeGreaterThan(0.9);
  expect(closed.recall).toBeLessThan(0.2);
});
