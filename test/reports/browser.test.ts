/**
 * report.html in a real browser: Chromium opens it from file:// with every non-file request
 * aborted; any console error, page error or blocked request fails the test, and each chart
 * must have drawn marks: a run's report, a load test's page alone, and a run's report with
 * its load test. Needs /usr/bin/chromium (`.ci/run` installs it); screenshots go to test-output/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildResults, loadReportHtml, writeReports } from '../../reports';
import { buildLoadSection, readLoadFile, writeLoadFiles } from '../../sim/load';
import { META, makeRecords, makeScenario } from './fixtures';
import { makeLoadFile } from './load-fixture';

const CHROMIUM = '/usr/bin/chromium';
const OUT = path.join(__dirname, '..', '..', 'test-output', 'reports');
const CHARTS = ['pr', 'vs', 'score', 'cdf', 'timeline', 'fpr'];
const LOAD_CHARTS = ['latency', 'throughput'];
const RENDERED = 'body[data-rendered="true"]';
const LOAD_RENDERED = 'body[data-load-rendered="true"]';

const describeIfChromium = fs.existsSync(CHROMIUM) ? describe : describe.skip;
if (!fs.existsSync(CHROMIUM)) console.warn(`browser test skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);

describeIfChromium('report.html in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Opens a report offline, collecting every console error, page error and attempted network request. */
  async function open(dir: string, ready: string[] = [RENDERED]): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.route('**/*', (route) => {
      if (route.request().url().startsWith('file:')) return route.continue();
      problems.push(`network request: ${route.request().url()}`);
      return route.abort();
    });
    await page.goto('file://' + path.join(dir, 'report.html'));
    for (const selector of ready) await page.waitForSelector(selector, { timeout: 10_000 });
    return { page, problems };
  }

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
      return {
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
    expect(await page.locator('#headline-cards .card').count()).toBe(7);

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
    const counts = await marks(page);
    for (const chart of CHARTS) expect(counts[chart]).toBeGreaterThan(0);
    expect(await page.locator('.badge').textContent()).toBe('All checks passed');
    // Precision pools its counts (a Wilson interval even for one replicate); F1 is a t interval on the mean, which needs two.
    expect(await page.locator('#headline-cards .card-ci').first().textContent()).toMatch(/^95% CI\[/);
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
    expect(await page.locator('#load-notes li').count()).toBe(2);
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
    file.result.perSecond = [{ second: 0, due: 10, ok: 0, errors: 10, timeouts: 0, p50Ms: null, p90Ms: null, p99Ms: null, maxMs: null }];
    file.result.latencyMs = { p50: null, p90: null, p99: null, p999: null, max: null, mean: null };
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'report.html'), loadReportHtml(buildLoadSection(file)));
    const { page, problems } = await open(dir, [LOAD_RENDERED]);
    expect(await page.locator('[data-chart="latency"] .empty').textContent()).toContain('no latency to chart');
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
    expect(await page.locator('#headline-cards .card').count()).toBe(7);
    expect(await page.locator('#load-cards .card').count()).toBe(9);
    await page.screenshot({ path: path.join(OUT, 'with-load.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});
