import { buildResults } from '../../reports';
import { aggregatePoints } from '../../reports/aggregate';
import { junitXml } from '../../reports/junit';
import { summaryMarkdown } from '../../reports/summary';
import { META, makeRecords, makeScenario } from './fixtures';

const records = makeRecords({ points: 3, replicates: 3, failures: [[2, 0]] });
// The baseline delivered far fewer abusive invitations at point 1: the current run regressed there.
const baselineRuns = makeRecords({ points: 3, replicates: 3, failures: [[2, 0]] });
baselineRuns.filter((r) => r.point === 1).forEach((r, i) => (r.result!.metrics.abusiveDelivered = 10 + i));
const baseline = { points: aggregatePoints(baselineRuns), runs: baselineRuns };
const results = buildResults(
  makeScenario({ name: 'ci<&>', replicates: 3, sweep: { 'policy.params.idkLimit': [2, 3, 4] }, expect: { precision: ['>= 0.8', { op: '>', value: 0.99, point: 0 }] } }),
  records,
  META,
  { partial: false, baseline: { results: baseline, tolerance: 0.01 } },
);

describe('junit.xml', () => {
  const xml = junitXml(results);

  it('has a testcase per gate per point, per compared point and per point of runs', () => {
    expect(xml.match(/<testsuite /g)).toHaveLength(3);
    expect(xml).toContain('<testsuites name="invitesim ci&lt;&amp;&gt;" tests="10" failures="2" errors="1" skipped="0" time="12.345" timestamp="2025-01-01T00:00:00">');
    expect(xml).toContain('<testsuite name="ci&lt;&amp;&gt;.gates" tests="4" failures="1" errors="0" skipped="0" time="0.000" timestamp="2025-01-01T00:00:00">');
    expect(xml).toContain('<testsuite name="ci&lt;&amp;&gt;.baseline" tests="3" failures="1" errors="0" skipped="0" time="0.000" timestamp="2025-01-01T00:00:00">');
    expect(xml).toContain('<testsuite name="ci&lt;&amp;&gt;.runs" tests="3" failures="0" errors="1" skipped="0" time="12.345" timestamp="2025-01-01T00:00:00">');
  });

  it('says which check failed and why', () => {
    expect(xml).toMatch(/<testcase classname="invitesim\.ci&lt;&amp;&gt;\.gates" name="expect\.precision\[1\] @ point 0 \(policy\.params\.idkLimit=2\)" time="0">\n\s+<failure message="precision mean 0\.\d+ fails &gt; 0\.99 \(95% CI \[[\d.]+, [\d.]+\] wilson, n=3\)/);
    expect(xml).toMatch(/<failure message="1 metric regressed: abusiveDelivered" type="baseline">abusiveDelivered at point 1 \(policy\.params\.idkLimit=3\) rose from 11 \(95% CI \[[\d.]+, [\d.]+\] student-t\) to [\d.]+ .*Welch t/);
    expect(xml).toContain('<error message="1 replicate failed; 2 of 3 planned replicates finished" type="runs">replicate 0 (seed 7/point/2/rep/0): worker crashed at point 2 replicate 0</error>');
  });

  it('names tests stably: no bounds, counts or tolerances in names', () => {
    const names = [...xml.matchAll(/<testcase [^>]*name="([^"]*)"/g)].map((m) => m[1]);
    expect(names).toContain('runs @ point 2 (policy.params.idkLimit=4)');
    expect(names).toContain('no regression @ point 1 (policy.params.idkLimit=3)');
    for (const n of names) expect(n).not.toMatch(/0\.99|0\.8|0\.01|of \d/);
  });

  it('marks the runs an interrupted run never ran as failed, and another shard\'s as skipped', () => {
    const scenario = makeScenario({ replicates: 4, sweep: { 'policy.params.idkLimit': [2, 3, 4] } });
    const some = makeRecords({ points: 2, replicates: 4 }).slice(0, 5);
    const stopped = junitXml(buildResults(scenario, some, { ...META, stoppedBy: 'SIGINT' }, { partial: true }));
    expect(stopped).toContain('<testsuite name="fixture-sweep.runs" tests="3" failures="2" errors="0" skipped="0"');
    expect(stopped).toContain('<failure message="1 of 4 planned replicates finished: stopped by SIGINT before the rest ran (continue with --resume)" type="runs">');
    expect(stopped).toContain('<failure message="0 of 4 planned replicates finished: stopped by SIGINT');
    const shard = junitXml(buildResults(scenario, some, META, { partial: true }));
    expect(shard).toContain('<testsuite name="fixture-sweep.runs" tests="3" failures="0" errors="0" skipped="2"');
    expect(shard).toContain('<skipped message="1 of 4 planned replicates finished here; the rest belong to other shards (merge them)"/>');
  });
});

describe('summary.md', () => {
  const md = summaryMarkdown(results);

  it('opens with the verdict and the headline per point', () => {
    expect(md.split('\n')[0]).toBe('## ❌ invitesim `ci<&>`: 1 of 4 gate checks failed, 1 baseline regression, 1 run failed');
    expect(md).toContain('| point | policy.params.idkLimit | precision | recall | f1 | falsePositiveRate | abusiveDelivered | abusiveConnections | honestBlocked | honestSuppressed | honestRestrictedDays | medianHoursToRestrict |');
    expect(md).toMatch(/\n\| 0 \| 2 \| 0\.\d{3} \[0\.\d{3}, 0\.\d{3}\] \|/);
    expect(md).toContain('precision, recall, falsePositiveRate: pooled over replicates (Σ successes / Σ trials), Wilson score interval; f1, abusiveDelivered, abusiveConnections, honestBlocked, honestSuppressed, honestRestrictedDays, medianHoursToRestrict: mean of the replicates, Student t interval.');
  });

  it('lists failures in tables and folds the passing checks', () => {
    expect(md).toMatch(/### Gates: 3 of 4 passed\n\n\|  \| check \| point \| detail \|\n.*\n\| ❌ \| precision &gt; 0\.99 \| 0 \(policy\.params\.idkLimit=2\) \|/);
    expect(md).toContain('<summary>3 passing checks</summary>');
    expect(md).toMatch(/### Baseline: 1 regression \(one-sided Welch t test per metric and point, Holm-adjusted, family-wise 0\.05 over \d+ tests; tolerance 0\.01; 3 points compared\)/);
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
