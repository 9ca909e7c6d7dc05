/**
 * report.html in a real browser: Chromium opens it from file:// with every non-file request
 * aborted; any console error, page error or blocked request fails the test, and each chart
 * must have drawn marks. Needs /usr/bin/chromium (`.ci/run` installs it); screenshots go to test-output/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildResults, writeReports } from '../../reports';
import { META, makeRecords, makeScenario } from './fixtures';

const CHROMIUM = '/usr/bin/chromium';
const OUT = path.join(__dirname, '..', '..', 'test-output', 'reports');
const CHARTS = ['pr', 'vs', 'score', 'cdf', 'timeline', 'fpr'];

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
  async function open(dir: string): Promise<{ page: Page; problems: string[] }> {
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
    await page.waitForSelector('body[data-rendered="true"]', { timeout: 10_000 });
    return { page, problems };
  }

  async function marks(page: Page): Promise<Record<string, number>> {
    return page.evaluate((charts) => Object.fromEntries(charts.map((c) => [c, document.querySelectorAll(`[data-chart="${c}"] svg .mark`).length])), CHARTS);
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
    expect(await page.locator('#headline-cards .card-ci').first().textContent()).toBe('no CI (< 2 values)');
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
});
