/**
 * Chromium for the page tests: Debian's /usr/bin/chromium driven by playwright-core, pages
 * opened from file:// with every other request aborted, and every console error or warning,
 * page error and blocked request collected as a problem the test asserts is absent.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * `describe` for page tests. Without Chromium they fail with how to install it rather than
 * pass unrun: a page nobody opened is not a page that works (`.ci/run` installs it).
 */
export function describeInChromium(name: string, fn: () => void): void {
  if (fs.existsSync(CHROMIUM)) return describe(name, fn);
  describe(name, () => {
    it('needs Chromium', () => {
      throw new Error(`${CHROMIUM} not found: install Debian's Chromium (apt-get install -y chromium) to run the page tests`);
    });
  });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** Opens dir/report.html at `width` px and waits for each `ready` selector. */
export async function openReport(browser: Browser, dir: string, width: number, ready: readonly string[] = []): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
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
