/**
 * commonRandomNumbers: every sweep point's replicate r runs on point 0's seed, so point 0 is
 * the run it was without it and every other point is exactly the run of its settings alone
 * (the same seeds, no sweep); results then carry the paired differences against point 0
 * (paired.csv, results.json, summary.md, report.html), and without it nothing pairs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, tempDir, withoutVerdict } from '../helpers/cli';
import { csvRows } from '../helpers/csv';
import { taskSeed } from '../../runner/plan';
import { METRICS, metricInfo } from '../../reports/metrics';

const dir = tempDir();
const SMALL = ['--set', 'population.members=3000', '--set', 'days=7', '--replicates', '4'];
const SWEEP = ['--set', 'sweep={"policy.params.cap":[50,100]}'];
const CRN = ['--set', 'commonRandomNumbers=true'];

function run(name: string, args: string[]): string {
  const out = path.join(dir, name);
  const r = cli(['run', 'baseline', ...SMALL, ...args, '--out', out, '-q']);
  expect(withoutVerdict(r.stderr)).toBe('');
  expect(r.code).toBe(0);
  return out;
}

/** runs.csv's metric columns of one point, a row a replicate. */
const metricsAt = (out: string, point: string) =>
  csvRows(path.join(out, 'runs.csv'))
    .filter((r) => r.point === point)
    .map((r) => Object.fromEntries(METRICS.map((m) => [m, r[m]])));

describe('common random numbers', () => {
  const paired = run('paired', [...SWEEP, ...CRN]);
  const unpaired = run('unpaired', SWEEP);
  const alone = run('alone', ['--set', 'policy.params.cap=100']);

  it("runs replicate r of every point on point 0's seed", () => {
    const rows = csvRows(path.join(paired, 'runs.csv'));
    expect(rows).toHaveLength(8);
    for (const r of rows) expect(r.seed).toBe(taskSeed(2011, 0, Number(r.replicate)));
  });

  it('leaves point 0 as it was, and makes point 1 the run of its settings alone', () => {
    expect(metricsAt(paired, '0')).toEqual(metricsAt(unpaired, '0'));
    expect(metricsAt(paired, '1')).toEqual(metricsAt(alone, '0'));
    // Not the same runs by accident: without it, point 1 drew worlds of its own.
    expect(metricsAt(unpaired, '1')).not.toEqual(metricsAt(alone, '0'));
  });

  it('writes the paired differences against point 0 to paired.csv, results.json and summary.md', () => {
    const rows = csvRows(path.join(paired, 'paired.csv'));
    const directional = METRICS.filter((m) => metricInfo(m).direction !== 'neutral');
    expect(rows.map((r) => r.metric)).toEqual(directional);
    const results = JSON.parse(fs.readFileSync(path.join(paired, 'results.json'), 'utf8'));
    expect(results.paired).toHaveLength(directional.length);
    const runs = csvRows(path.join(paired, 'runs.csv'));
    const recall = rows.find((r) => r.metric === 'recall')!;
    const at = (p: string) => runs.filter((r) => r.point === p).map((r) => Number(r.recall));
    const diffs = at('1').map((x, i) => x - at('0')[i]);
    expect(recall).toMatchObject({ point: '1', policy_params_cap: '100', pairs: '4' });
    expect(Number(recall.difference_mean)).toBeCloseTo(diffs.reduce((a, b) => a + b, 0) / 4, 12);
    expect(Number(recall.difference_ci_low)).toBeLessThanOrEqual(Number(recall.difference_mean));
    expect(fs.readFileSync(path.join(paired, 'summary.md'), 'utf8')).toMatch(/### Paired differences against point 0: mean \[95% CI\] over the seeds both ran\n\nEvery point ran on the same seeds/);
    const page = fs.readFileSync(path.join(paired, 'report.html'), 'utf8');
    expect(page).toMatch(/<section id="paired"[^]*<td>1 \(policy\.params\.cap=100\)<\/td><td>4<\/td>/);
  });

  it('pairs nothing without it: paired.csv holds only its header and results.json no paired section', () => {
    expect(fs.readFileSync(path.join(unpaired, 'paired.csv'), 'utf8').trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(fs.readFileSync(path.join(unpaired, 'results.json'), 'utf8'))).not.toHaveProperty('paired');
    expect(fs.readFileSync(path.join(unpaired, 'summary.md'), 'utf8')).not.toMatch(/Paired differences/);
    expect(fs.readFileSync(path.join(unpaired, 'report.html'), 'utf8')).not.toMatch(/id="paired"/);
  });

  it.each([
    [['--set', 'commonRandomNumbers="yes"'], /commonRandomNumbers/],
    [['--set', 'sweep={"commonRandomNumbers":[true,false]}'], /sweep\.commonRandomNumbers: "commonRandomNumbers" cannot be swept/],
  ])('refuses %j in one line naming the field, exit 2, writing nothing', (args, message) => {
    const out = path.join(dir, `bad-${Math.random().toString(36).slice(2)}`);
    const r = cli(['run', 'baseline', ...SMALL, ...args, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(fs.existsSync(out)).toBe(false);
  });
});
