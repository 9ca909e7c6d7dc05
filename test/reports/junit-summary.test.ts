import { buildResults } from '../../reports';
import { aggregatePoints } from '../../reports/aggregate';
import { junitXml } from '../../reports/junit';
import { summaryMarkdown } from '../../reports/summary';
import { META, makeRecords, makeScenario } from './fixtures';

const records = makeRecords({ points: 3, replicates: 3, failures: [[2, 0]] });
const baseline = aggregatePoints(records).map((p) => (p.point === 1 ? { ...p, metrics: { ...p.metrics, recall: { mean: 0.99, ciLow: 0.98, ciHigh: 1, n: 3, method: 'wilson' as const } } } : p));
const results = buildResults(
  makeScenario({ name: 'ci<&>', expect: { precision: ['>= 0.8', { op: '>', value: 0.99, point: 0 }] } }),
  records,
  META,
  { partial: false, baseline: { results: { points: baseline }, tolerance: 0.01 } },
);

describe('junit.xml', () => {
  const xml = junitXml(results);

  it('has a testcase per gate per point, per compared point and per point of runs', () => {
    expect(xml.match(/<testsuite /g)).toHaveLength(3);
    expect(xml).toContain('<testsuites name="invitesim ci&lt;&amp;&gt;" tests="10" failures="2" errors="1">');
    expect(xml).toContain('<testsuite name="ci&lt;&amp;&gt;.gates" tests="4" failures="1" errors="0" skipped="0">');
    expect(xml).toContain('<testsuite name="ci&lt;&amp;&gt;.baseline" tests="3" failures="1" errors="0" skipped="0">');
    expect(xml).toContain('<testsuite name="ci&lt;&amp;&gt;.runs" tests="3" failures="0" errors="1" skipped="0">');
  });

  it('says which check failed and why', () => {
    expect(xml).toMatch(/<testcase classname="invitesim\.ci&lt;&amp;&gt;\.gates" name="precision &gt; 0\.99 @ point 0 \(policy\.params\.idkLimit=2\)">\n\s+<failure message="precision mean 0\.\d+ fails &gt; 0\.99 \(95% CI \[/);
    expect(xml).toMatch(/<failure message="1 metric regressed: recall" type="baseline">recall at point 1 \(policy\.params\.idkLimit=3\) fell from 0\.99 \(95% CI \[0\.98, 1\]\) to 0\.\d+/);
    expect(xml).toContain('<error message="1 replicate failed" type="runs">replicate 0 (seed 7/point/2/rep/0): worker crashed at point 2 replicate 0</error>');
  });
});

describe('summary.md', () => {
  const md = summaryMarkdown(results);

  it('opens with the verdict and the headline per point', () => {
    expect(md.split('\n')[0]).toBe('## ❌ invitesim `ci<&>`: 1 of 4 gate checks failed, 1 baseline regression, 1 run failed');
    expect(md).toContain('| point | policy.params.idkLimit | precision | recall | f1 | falsePositiveRate | abusiveDelivered | honestBlocked | medianHoursToRestrict |');
    expect(md).toMatch(/\n\| 0 \| 2 \| 0\.\d{3} \[0\.\d{3}, 0\.\d{3}\] \|/);
  });

  it('lists failures in tables and folds the passing checks', () => {
    expect(md).toMatch(/### Gates: 3 of 4 passed\n\n\|  \| check \| point \| detail \|\n.*\n\| ❌ \| precision &gt; 0\.99 \| 0 \(policy\.params\.idkLimit=2\) \|/);
    expect(md).toContain('<summary>3 passing checks</summary>');
    expect(md).toContain('### Baseline: 1 regression (tolerance 0.01, 3 points compared)');
    expect(md).toContain('### Failed runs: 1');
  });

  it('folds rows beyond the first 20 and cuts tables at 500 rows', () => {
    const many = buildResults(makeScenario({ expect: { precision: '> 1' } }), makeRecords({ points: 600, replicates: 1 }), META, { partial: false });
    const text = summaryMarkdown(many);
    expect(text).toContain('<summary>580 more points</summary>');
    expect(text).toContain('_100 more rows not shown; see points.csv._');
    expect(text).toContain('<summary>580 more failures</summary>');
  });
});
