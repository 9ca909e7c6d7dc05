/**
 * report.html in a real browser: Chromium opens it from file:// with every non-file request
 * aborted; any console error, page error or blocked request fails the test, and each chart
 * must have drawn marks: a run's report, a load test's page alone, and a run's report with
 * its load test; at a phone's 390 px and a desktop's 1440 px nothing is wider than the
 * window. Needs /usr/bin/chromium (`.ci/run` installs it); screenshots go to test-output/.
 */
import { HEADLINE_METRICS } from '../../reports/metrics';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describeInChromium, launchChromium, openReport } from '../helpers/browser';
import { buildResults, loadReportHtml, writeReports } from '../../reports';
import { buildLoadSection, readLoadFile, writeLoadFiles } from '../../load';
import { META, makeRecords, makeScenario } from './fixtures';
import { makeLoadFile } from './load-fixture';

const OUT = path.join(__dirname, '..', '..', 'test-output', 'reports');
const CHARTS = ['pr', 'vs', 'score', 'cdf', 'timeline', 'fpr'];
const LOAD_CHARTS = ['latency', 'throughput', 'distribution'];
const RENDERED = 'body[data-rendered="true"]';
const LOAD_RENDERED = 'body[data-load-rendered="true"]';


describeInChromium('report.html in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Opens a report offline, collecting every console error, page error and attempted network request. */
  const open = (dir: string, ready: string[] = [RENDERED], width = 1280) => openReport(browser, dir, width, ready);

  async function marks(page: Page, charts = CHARTS): Promise<Record<string, number>> {
    return page.evaluate((names) => Object.fromEntries(names.map((c) => [c, document.querySelectorAll(`[data-chart="${c}"] svg .mark`).length])), charts);
  }

  /** The load charts' series: each percentile's path with its sub-paths (gaps split it), the target line, the bars. */
  async function loadMarks(page: Page) {
    return page.evaluate(() => {
      const series = (chart: string) =>
        Object.fromEntries(
          Array.from(document.querySelectorAll(`[data-chart="${chart}"] svg path[data-series]`)).map((p) => [p.getAttribute('data-series'), (p.getAttribute('d') ?? '').split('M').length - 1]),
        );
      const target = document.querySelector('[data-chart="throughput"] path[data-series="target"]');
      /** The y of each vertex of a series' path. */
      const ys = (chart: string, name: string) =>
        Array.from((document.querySelector(`[data-chart="${chart}"] path[data-series="${name}"]`)?.getAttribute('d') ?? '').matchAll(/[ML][\d.-]+,([\d.-]+)/g)).map((m) => Number(m[1]));
      return {
        targetYs: ys('throughput', 'target'),
        distributionYs: ys('distribution', 'distribution'),
        warmup: document.querySelectorAll('[data-chart="latency"] rect.warmup, [data-chart="throughput"] rect.warmup').length,
        latency: series('latency'),
        throughput: series('throughput'),
        targetDash: target?.getAttribute('stroke-dasharray') ?? null,
        bars: document.querySelectorAll('[data-chart="throughput"] rect.bar').length,
        yLabel: document.querySelectorAll('[data-chart="latency"] .axis-label')[1]?.textContent ?? '',
      };
    });
  }

  it('draws every chart of a sweep offline without errors, and the picker reacts', async () => {
    const dir = path.join(OUT, 'sweep');
    const scenario = makeScenario({
      description: 'Sweep of the IDK limit. </script><script>window.pwned = 1</script> <img src=x onerror="window.pwned = 2">',
      expect: { precision: '>= 0.9', recall: { op: '>=', value: 0.6, on: 'ci_low' } },
    });
    const records = makeRecords({ points: 6, replicates: 8, days: 45, param: (p) => ({ 'policy.params.idkLimit': 2 + p }) });
    writeReports(dir, buildResults(scenario, records, META, { partial: false }));
    const { page, problems } = await open(dir);

    const counts = await marks(page);
    for (const chart of CHARTS) expect({ chart, marks: counts[chart] }).toEqual({ chart, marks: expect.any(Number) });
    for (const chart of CHARTS) expect(counts[chart]).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator('.lede').textContent()).toContain('</script><script>window.pwned = 1</script>');
    expect(await page.locator('#headline-cards .card').count()).toBe(HEADLINE_METRICS.length);

    // Hover shows values.
    await page.locator('[data-chart="pr"] circle.dot').first().hover();
    expect(await page.locator('#tooltip').textContent()).toMatch(/precision \d\.\d{3}/);

    // The picker: a stricter precision floor picks a point with no more recall.
    await page.fill('#picker-x', '0.5');
    const loose = await page.locator('#picker-result').textContent();
    await page.fill('#picker-x', '0.99');
    const strict = await page.locator('#picker-result').textContent();
    expect(loose).toMatch(/recall \d/);
    expect(strict).not.toEqual(loose);
    await page.fill('#picker-x', '0.9');

    await page.screenshot({ path: path.join(OUT, 'sweep.png'), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: path.join(OUT, 'sweep-print.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  /** How the page fits the window: the document's scroll width, and each chart's drawn width against its container's. */
  async function layout(page: Page) {
    return page.evaluate(() => ({
      scrollWidth: document.scrollingElement!.scrollWidth,
      innerWidth: window.innerWidth,
      charts: Array.from(document.querySelectorAll('figure.chart')).map((fig) => {
        const plot = fig.querySelector('.plot') as HTMLElement;
        const svg = plot.querySelector('svg');
        return { chart: fig.getAttribute('data-chart'), fits: svg === null || svg.getBoundingClientRect().width <= plot.clientWidth + 0.5 };
      }),
      badgeBelowTitle: document.querySelector('.badge')!.getBoundingClientRect().top >= document.querySelector('h1')!.getBoundingClientRect().bottom,
    }));
  }

  describe.each([390, 1440])('at %i px wide', (width) => {
    it('nothing is wider than the window and every chart draws, with a sweep and a load test', async () => {
      const dir = path.join(OUT, `fit-${width}`);
      writeLoadFiles(dir, makeLoadFile({ seconds: 60 }));
      const scenario = makeScenario({ description: 'A sweep with a long description that has to wrap on a phone rather than widen the page. '.repeat(3) });
      writeReports(dir, buildResults(scenario, makeRecords({ points: 5, replicates: 4, param: (p) => ({ 'policy.params.idkLimitWithAVeryLongName': 2 + p }) }), META, { partial: false }));
      const { page, problems } = await open(dir, [RENDERED, LOAD_RENDERED], width);
      const l = await layout(page);
      expect(l.innerWidth).toBe(width);
      expect(l.scrollWidth).toBeLessThanOrEqual(width);
      expect(l.charts.filter((c) => !c.fits)).toEqual([]);
      // The header wraps on a phone: the badge goes under the title.
      expect(l.badgeBelowTitle).toBe(width < 600);
      const counts = await marks(page, [...CHARTS, ...LOAD_CHARTS]);
      for (const chart of [...CHARTS, ...LOAD_CHARTS]) expect({ chart, drawn: counts[chart] > 0 }).toEqual({ chart, drawn: true });
      await page.screenshot({ path: path.join(OUT, `fit-${width}.png`), fullPage: true });
      expect(problems).toEqual([]);
      await page.close();
    });

    it('a run of one point has no charts across the sweep, and the rest fit', async () => {
      const dir = path.join(OUT, `single-${width}`);
      writeReports(dir, buildResults(makeScenario(), makeRecords({ points: 1, replicates: 3, param: () => ({}) }), META, { partial: false }));
      const { page, problems } = await open(dir, [RENDERED], width);
      expect(await page.locator('#sweep').count()).toBe(0);
      expect(await page.locator('[data-chart="pr"], [data-chart="vs"], #picker').count()).toBe(0);
      const l = await layout(page);
      expect(l.scrollWidth).toBeLessThanOrEqual(width);
      const pointCharts = CHARTS.filter((c) => c !== 'pr' && c !== 'vs');
      const counts = await marks(page, pointCharts);
      for (const chart of pointCharts) expect({ chart, drawn: counts[chart] > 0 }).toEqual({ chart, drawn: true });
      await page.screenshot({ path: path.join(OUT, `single-${width}.png`), fullPage: true });
      expect(problems).toEqual([]);
      await page.close();
    });
  });

  it('redraws the charts at the new width when the window is resized', async () => {
    const dir = path.join(OUT, 'resize');
    writeReports(dir, buildResults(makeScenario(), makeRecords({ points: 3, replicates: 2 }), META, { partial: false }));
    const { page, problems } = await open(dir, [RENDERED], 1440);
    const widthOf = () => page.evaluate(() => Number(document.querySelector('[data-chart="timeline"] svg')!.getAttribute('width')));
    const wide = await widthOf();
    await page.setViewportSize({ width: 390, height: 900 });
    await page.waitForFunction((w) => Number(document.querySelector('[data-chart="timeline"] svg')!.getAttribute('width')) < w, wide);
    expect(await widthOf()).toBeLessThan(390);
    expect((await layout(page)).scrollWidth).toBeLessThanOrEqual(390);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('selects the picked point by default; timeline tooltips in plain numbers; time to restriction ends at the horizon', async () => {
    const dir = path.join(OUT, 'picked');
    const records = makeRecords({ points: 6, replicates: 4, param: (p) => ({ 'policy.params.idkLimit': 2 + p }) });
    writeReports(dir, buildResults(makeScenario({ days: 30 }), records, META, { partial: false }));
    const { page, problems } = await open(dir);
    const picked = (await page.locator('#picker-result').textContent())!.match(/\(point (\d+)\)/);
    expect(picked).not.toBeNull();
    expect(await page.locator('#point-select').inputValue()).toBe(picked![1]);
    expect(await page.locator('#picker-result button').count()).toBe(0);
    const circles = await page.evaluate(() => ['picked', 'selected'].map((c) => document.querySelector(`[data-chart="pr"] circle.${c}`)?.getAttribute('cx')));
    expect(circles[0]).toBeTruthy();
    expect(circles[0]).toBe(circles[1]);

    await page.locator('[data-chart="timeline"] rect.overlay').hover({ position: { x: 200, y: 40 } });
    const tip = (await page.locator('#tooltip').textContent())!;
    expect(tip).toMatch(/attempted: [\d,]+(\.\d+)?delivered/);
    expect(tip).not.toMatch(/\d(k|M|e[+-])/);

    const cdf = await page.evaluate(() => {
      const axis = document.querySelectorAll('[data-chart="cdf"] .axis')[0];
      const end = Number(/H([\d.]+)/.exec(axis.querySelector('path.domain')!.getAttribute('d')!)![1]);
      const ticks = Array.from(axis.querySelectorAll('.tick text')).map((t) => Number(t.textContent!.replace(/,/g, '')));
      const lineEnds = Array.from(document.querySelectorAll('[data-chart="cdf"] path.line')).map((p) => Number(/([\d.]+),[\d.]+$/.exec(p.getAttribute('d')!)![1]));
      return { end, maxTick: Math.max(...ticks), lineEnds };
    });
    expect(cdf.maxTick).toBeLessThanOrEqual(30 * 24);
    expect(cdf.maxTick).toBeGreaterThan(30 * 24 * 0.8);
    for (const x of cdf.lineEnds) expect(x).toBeCloseTo(cdf.end - 0.5, 0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('says why the picker skips points, labels every interval with its method, shows thresholds on the score curve and warns of fallbacks', async () => {
    const dir = path.join(OUT, 'skips');
    const records = makeRecords({ points: 4, replicates: 4 });
    // Point 0 restricts one abusive member a run: precision 1 resting on 4 restricted members in all.
    for (const r of records.filter((x) => x.point === 0)) Object.assign(r.result!.metrics, { truePositives: 1, falsePositives: 0, precision: 1, recall: 1 / 150 });
    // Two runs of point 3 fell back on onError for a third of their decisions.
    for (const r of records.filter((x) => x.point === 3).slice(0, 2)) Object.assign(r.result!.metrics, { fallbackDecisions: 300, fallbackRate: 1 / 3 });
    writeReports(dir, buildResults(makeScenario(), records, META, { partial: false }));
    const { page, problems } = await open(dir);

    const skipped = page.locator('#picker-skipped');
    expect(await skipped.isVisible()).toBe(true);
    expect(await skipped.locator('p').textContent()).toMatch(/^Skipped 1 of 4 points: .* at least 10 restricted members\.$/);
    expect(await skipped.locator('li').allTextContents()).toEqual(['point 0 (idkLimit = 2): precision rests on 4 restricted members over all replicates (fewer than 10)']);
    expect(await page.locator('#picker-result').textContent()).not.toContain('(point 0)');

    const cards = await page.locator('#headline-cards .card').evaluateAll((els) => els.map((e) => [e.querySelector('.card-name')!.textContent, e.querySelector('.card-ci')!.firstChild!.textContent]));
    expect(Object.fromEntries(cards)).toMatchObject({ precision: '95% CI (Wilson)', recall: '95% CI (Wilson)', falsePositiveRate: '95% CI (Wilson)', abusiveDelivered: '95% CI (Student t)' });

    await page.locator('[data-chart="score"] circle.hit').nth(10).hover();
    const tip = (await page.locator('#tooltip').locator('div').allTextContents());
    expect(tip[0]).toMatch(/^score threshold \d\.\d+ \(mean over replicates\)$/);
    expect(tip[1]).toMatch(/^precision \d\.\d{3} \[\d\.\d{3}, \d\.\d{3}\] 95% CI \(Wilson\)$/);
    expect(tip[2]).toMatch(/^recall \d\.\d{3} \[\d\.\d{3}, \d\.\d{3}\] 95% CI \(/);
    expect(tip[3]).toMatch(/^at recall level \d\.\d{3}$/);

    expect(await page.locator('.badge.warn').textContent()).toBe("⚠ 600 fallback decisions in 2 runs, up to 33.3% of a run's decisions");
    await page.screenshot({ path: path.join(OUT, 'skips.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('draws a two-parameter sweep with failed runs and no score', async () => {
    const dir = path.join(OUT, 'grid');
    const scenario = makeScenario({ sweep: { 'policy.params.idkLimit': [2, 3, 4], 'ladder.coolDownHours': [24, 72] } });
    const records = makeRecords({
      points: 6,
      replicates: 3,
      score: false,
      failures: [[1, 0]],
      param: (p) => ({ 'policy.params.idkLimit': 2 + (p >> 1), 'ladder.coolDownHours': p % 2 ? 72 : 24 }),
    });
    writeReports(dir, buildResults(scenario, records, META, { partial: true }));
    const { page, problems } = await open(dir);
    const counts = await marks(page);
    for (const chart of CHARTS.filter((c) => c !== 'score')) expect(counts[chart]).toBeGreaterThan(0);
    expect(await page.locator('[data-chart="score"] .empty').textContent()).toContain('no score');
    await page.selectOption('#sweep-controls [data-param="ladder.coolDownHours"] select', '72');
    expect((await marks(page)).vs).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(OUT, 'grid.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('draws a single point with one replicate (no sweep, no intervals)', async () => {
    const dir = path.join(OUT, 'single');
    const scenario = makeScenario({ sweep: {}, replicates: 1, expect: { precision: '>= 0' } });
    writeReports(dir, buildResults(scenario, makeRecords({ points: 1, replicates: 1, param: () => ({}) }), META, { partial: false }));
    const { page, problems } = await open(dir);
    const pointCharts = CHARTS.filter((c) => c !== 'pr' && c !== 'vs');
    const counts = await marks(page, pointCharts);
    for (const chart of pointCharts) expect(counts[chart]).toBeGreaterThan(0);
    expect(await page.locator('.badge').textContent()).toBe('All checks passed');
    // Precision pools its counts (a Wilson interval even for one replicate); F1 is a t interval on the mean, which needs two.
    expect(await page.locator('#headline-cards .card-ci').first().textContent()).toMatch(/^95% CI \(Wilson\)\[/);
    expect(await page.locator('#headline-cards .card-ci').nth(2).textContent()).toBe('no CI (< 2 values)');
    await page.screenshot({ path: path.join(OUT, 'single.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('explains instead of drawing when every run failed', async () => {
    const dir = path.join(OUT, 'failed');
    writeReports(dir, buildResults(makeScenario(), makeRecords({ points: 2, replicates: 1, failures: [[0, 0], [1, 0]] }), META, { partial: false }));
    const { page, problems } = await open(dir);
    expect(await page.locator('.badge').textContent()).toBe('2 runs failed');
    expect(await page.locator('.plot .empty').count()).toBe(CHARTS.length);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('draws a load test on its own page (no run in the folder)', async () => {
    const dir = path.join(OUT, 'load-only');
    writeLoadFiles(dir, makeLoadFile({ scenario: 'load </script><script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">' }));
    fs.writeFileSync(path.join(dir, 'report.html'), loadReportHtml(buildLoadSection(readLoadFile(dir)!)));
    const { page, problems } = await open(dir, [LOAD_RENDERED]);

    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator('h1').textContent()).toContain('</script><script>window.pwned = 1</script>');
    expect(await page.locator('#load-cards .card').count()).toBe(9);
    // The driver's lag, the warm-up, the errors.
    expect(await page.locator('#load-notes li').count()).toBe(3);
    expect(await page.locator('ul.gates li.fail').count()).toBe(1);
    expect(await page.locator('#headline-cards').count()).toBe(0);

    const m = await loadMarks(page);
    // One path per percentile; the second answered by nothing splits each in two.
    expect(m.latency).toEqual({ p50: 2, p90: 2, p99: 2, max: 2 });
    expect(m.throughput).toEqual({ target: 1, throughput: 1 });
    expect(m.targetDash).toBeTruthy();
    expect(m.bars).toBe(3);
    // The stall puts max 1000 ms against p50 near 1 ms: a log axis, labelled so.
    expect(m.yLabel).toBe('latency (ms, log scale)');
    // The last half second holds half the requests, drawn as the same rate: the target line is flat to the end.
    expect(m.targetYs.length).toBe(31);
    expect(new Set(m.targetYs).size).toBe(1);
    expect(m.warmup).toBe(2);
    // The HDR plot: a step line through the quantiles below 100% (the max is a rule), rising.
    expect(m.distributionYs.length).toBeGreaterThanOrEqual(6);
    expect(m.distributionYs).toEqual([...m.distributionYs].sort((a, b) => b - a));

    // Hover shows the second's values.
    await page.locator('[data-chart="latency"] rect.overlay').hover({ position: { x: 5, y: 40 } });
    expect(await page.locator('#tooltip').textContent()).toMatch(/^second 0 .*p50 1 ms.*max 9 ms/);
    await page.locator('[data-chart="throughput"] rect.overlay').hover({ position: { x: 5, y: 40 } });
    expect(await page.locator('#tooltip').textContent()).toContain('target 200 requests due');

    await page.screenshot({ path: path.join(OUT, 'load-only.png'), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: path.join(OUT, 'load-only-print.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('explains the latency chart of a load test that nothing answered', async () => {
    const dir = path.join(OUT, 'load-errors');
    const file = makeLoadFile({ seconds: 1 });
    file.result.perSecond = [{ second: 0, span: 1, warmup: false, due: 10, ok: 0, errors: 10, timeouts: 0, p50Ms: null, p90Ms: null, p99Ms: null, maxMs: null }];
    file.result.latencyMs = { p50: null, p90: null, p99: null, p999: null, max: null, mean: null };
    file.result.latencyDistribution = [];
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'report.html'), loadReportHtml(buildLoadSection(file)));
    const { page, problems } = await open(dir, [LOAD_RENDERED]);
    expect(await page.locator('[data-chart="latency"] .empty').textContent()).toContain('no latency to chart');
    expect(await page.locator('[data-chart="distribution"] .empty').textContent()).toContain('no latency distribution');
    expect((await marks(page, LOAD_CHARTS)).throughput).toBeGreaterThan(0);
    expect(await page.locator('#load-cards .card-value').first().textContent()).toBe('–');
    expect(problems).toEqual([]);
    await page.close();
  });

  it("draws a run's report with the folder's load test after it", async () => {
    const dir = path.join(OUT, 'with-load');
    writeLoadFiles(dir, makeLoadFile({ seconds: 120, expect: { p99LatencyMs: '< 50' } }));
    writeReports(dir, buildResults(makeScenario(), makeRecords({ points: 3, replicates: 4 }), META, { partial: false }));
    const { page, problems } = await open(dir, [RENDERED, LOAD_RENDERED]);
    const counts = await marks(page, [...CHARTS, ...LOAD_CHARTS]);
    for (const chart of [...CHARTS, ...LOAD_CHARTS]) expect({ chart, marks: counts[chart] > 0 }).toEqual({ chart, marks: true });
    const m = await loadMarks(page);
    expect(Object.keys(m.latency)).toEqual(['p50', 'p90', 'p99', 'max']);
    expect(m.throughput).toEqual({ target: 1, throughput: 1 });
    expect(await page.locator('#headline-cards .card').count()).toBe(HEADLINE_METRICS.length);
    expect(await page.locator('#load-cards .card').count()).toBe(9);
    await page.screenshot({ path: path.join(OUT, 'with-load.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});
