/**
 * Every page at a phone's 390 px and a desktop's 1440 px, in Chromium: the run report, the
 * red team's attack page, the compare page and the load test's page. The document is no wider than the window;
 * every chart is drawn, visible and inside the window; a table wider than its box scrolls
 * inside a box of its own instead of widening the page; no table cell breaks a word across
 * lines ("wee kly- cap"), and cells stand apart ("0.929]0.217"). The score curve's
 * threshold marks are labelled, apart from each other and inside the chart. Needs
 * /usr/bin/chromium; screenshots go to test-output/pages/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describeInChromium, launchChromium, openReport } from '../helpers/browser';
import { buildResults, loadReportHtml, writeReports } from '../../reports';
import { buildLoadSection, readLoadFile, writeLoadFiles } from '../../load';
import { makeLoadFile } from './load-fixture';
import { buildAttackResults, type AttackSettings } from '../../reports/attack';
import { attackReportHtml } from '../../reports/attack-page';
import { comparisonHtml, comparisonRow } from '../../reports/attack-compare';
import type { RunRecord } from '../../sim/result';
import { META, makeRecords, makeScenario } from './fixtures';

const OUT = path.join(__dirname, '..', '..', 'test-output', 'pages');

const settings: AttackSettings = {
  attacker: 'bulkSpammer',
  objective: 'abusiveConnections',
  budget: 12,
  seed: 1,
  shape: { screen: 2, offspring: 2, climb: 4, replicates: 3 },
  searched: [
    { name: 'sendsPerDay', path: 'archetypes.bulkSpammer.sendsPerDay', bound: [1, 200] },
    { name: 'onRestrictedStrategyWithALongName', path: 'archetypes.bulkSpammer.onRestricted', choices: ['quit', 'continue', 'rotate-accounts'] },
  ],
};

/** A red-team search against `policy`: candidate 0 is the default, 2 the most harmful. */
function attackResults(policy: string, scale: number) {
  const candidates = [0, 1, 2].map((index) => ({ index, parent: null, params: { 'archetypes.bulkSpammer.sendsPerDay': 10 * (index + 1), 'archetypes.bulkSpammer.onRestricted': ['quit', 'continue', 'rotate-accounts'][index] } }));
  const run = (index: number, candidate: number, replicate: number, connections: number, caught: number) =>
    ({ index, point: candidate, replicate, seed: `s${index}`, params: {}, result: { byArchetype: { bulkSpammer: { abusiveMembers: 10, truePositives: caught, abusiveConnections: connections * scale, abusiveDelivered: 0 } } } }) as unknown as RunRecord;
  const records = [run(0, 0, 0, 10, 4), run(1, 1, 0, 5, 0), run(2, 2, 0, 20, 3), run(3, 0, 1, 20, 4), run(4, 0, 2, 30, 4), run(5, 2, 1, 40, 5), run(6, 2, 2, 60, 4)];
  const scenario = { name: `${policy}-against-bulk-spammers`, policy: { name: policy }, expect: { worstCaseRecall: '>= 0.3' } };
  return buildAttackResults({ scenario, settings, candidates, reached: new Map([[0, 1], [1, 0], [2, 1]]), rounds: [{ fresh: 3, replicated: 0, runs: 3 }, { fresh: 0, replicated: 2, runs: 4 }], records, partial: false, meta: META });
}

function writePage(dir: string, html: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'report.html'), html);
}

describeInChromium('every page at 390 and 1440 px', () => {
  let browser: Browser;
  const dirs = { run: path.join(OUT, 'run'), attack: path.join(OUT, 'attack'), compare: path.join(OUT, 'compare'), load: path.join(OUT, 'load') };

  beforeAll(async () => {
    browser = await launchChromium();
    const scenario = makeScenario({ description: 'A sweep whose swept parameter has a long name, on a phone.' });
    const records = makeRecords({ points: 5, replicates: 4, param: (p) => ({ 'policy.params.idkLimitWithAVeryLongName': 2 + p }) });
    writeReports(dirs.run, buildResults(scenario, records, META, { partial: false }));
    writePage(dirs.attack, attackReportHtml(attackResults('weekly-cap', 1)));
    const rows = ['weekly-cap', 'acceptance-ratio', 'all-of'].map((p, k) => comparisonRow(`out/${p}-attack`, attackResults(p, k + 1)));
    writePage(dirs.compare, comparisonHtml(rows));
    fs.mkdirSync(dirs.load, { recursive: true });
    writeLoadFiles(dirs.load, makeLoadFile({ seconds: 60 }));
    writePage(dirs.load, loadReportHtml(buildLoadSection(readLoadFile(dirs.load)!)));
  });
  afterAll(async () => {
    await browser?.close();
  });

  const open = (dir: string, width: number) => openReport(browser, dir, width);

  /** What the page's layout shows: its width, its charts' boxes, and its tables against their boxes. */
  function layout(page: Page) {
    return page.evaluate(() => {
      const box = (e: Element) => e.getBoundingClientRect();
      /** Text of a cell whose words break across lines: a word that wraps has more than one line box. */
      const brokenWords = (cell: Element): string[] => {
        const broken: string[] = [];
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent ?? '';
          for (const m of text.matchAll(/\S+/g)) {
            const range = document.createRange();
            range.setStart(node, m.index!);
            range.setEnd(node, m.index! + m[0].length);
            const lines = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
            if (lines.size > 1) broken.push(m[0]);
          }
        }
        return broken;
      };
      return {
        scrollWidth: document.scrollingElement!.scrollWidth,
        innerWidth: window.innerWidth,
        charts: Array.from(document.querySelectorAll('figure.chart svg')).map((svg) => {
          const r = box(svg);
          const fig = svg.closest('figure')!;
          // Text the SVG clips (outside its box), a legend row drawn over another: what a reader cannot read.
          const texts = Array.from(svg.querySelectorAll('text')).filter((t) => (t.textContent ?? '').trim() !== '' && getComputedStyle(t).display !== 'none');
          const clipped = texts.filter((t) => {
            const b = box(t);
            return b.top < r.top - 1 || b.bottom > r.bottom + 1 || b.left < r.left - 1 || b.right > r.right + 1;
          }).map((t) => t.textContent);
          const legend = Array.from(svg.querySelectorAll('.legend text')).map((t) => ({ text: t.textContent, b: box(t) }));
          const overlapping = legend.flatMap((a, i) => legend.slice(i + 1).filter((c) => a.b.left < c.b.right && c.b.left < a.b.right && a.b.top < c.b.bottom && c.b.top < a.b.bottom).map((c) => `${a.text} / ${c.text}`));
          return { chart: fig.getAttribute('data-chart') ?? fig.id, width: r.width, height: r.height, left: r.left, right: r.right, marks: svg.querySelectorAll('.mark, circle').length, clipped, overlapping };
        }),
        tables: Array.from(document.querySelectorAll('main table')).map((t) => {
          const holder = t.parentElement!;
          const style = getComputedStyle(holder);
          return {
            table: t.closest('section')?.id ?? '?',
            fits: box(t).width <= holder.clientWidth + 0.5,
            scrolls: ['auto', 'scroll'].includes(style.overflowX) && holder.clientWidth <= (holder.parentElement?.clientWidth ?? Infinity) + 0.5,
            broken: Array.from(t.querySelectorAll('td, th')).flatMap(brokenWords),
            // Adjacent cells of a row: the gap between one's text and the next's.
            minGap: Math.min(
              Infinity,
              ...Array.from(t.querySelectorAll('tr')).flatMap((tr) => {
                const cells = Array.from(tr.children) as HTMLElement[];
                return cells.slice(1).map((c, i) => {
                  const range = document.createRange();
                  range.selectNodeContents(cells[i]);
                  const right = Math.max(...Array.from(range.getClientRects()).map((r) => r.right));
                  range.selectNodeContents(c);
                  const left = Math.min(...Array.from(range.getClientRects()).map((r) => r.left));
                  return Number.isFinite(right) && Number.isFinite(left) ? left - right : Infinity;
                });
              }),
            ),
          };
        }),
      };
    });
  }

  describe.each([390, 1440])('at %i px wide', (width) => {
    it.each(['run', 'attack', 'compare', 'load'] as const)('the %s page is no wider than the window, its charts show inside it and its tables scroll in their box', async (kind) => {
      const { page, problems } = await open(dirs[kind], width);
      if (kind === 'run') await page.waitForSelector('body[data-rendered="true"]', { timeout: 10_000 });
      if (kind === 'load') await page.waitForSelector('body[data-load-rendered="true"]', { timeout: 10_000 });
      const l = await layout(page);
      await page.screenshot({ path: path.join(OUT, `${kind}-${width}.png`), fullPage: true });
      expect(l.innerWidth).toBe(width);
      expect(l.scrollWidth).toBeLessThanOrEqual(width);
      expect(l.charts.length).toBeGreaterThan(0);
      for (const c of l.charts) {
        expect({ chart: c.chart, visible: c.width > 100 && c.height > 100 && c.marks > 0 }).toEqual({ chart: c.chart, visible: true });
        expect({ chart: c.chart, inside: c.left >= 0 && c.right <= width + 0.5 }).toEqual({ chart: c.chart, inside: true });
        expect({ chart: c.chart, clipped: c.clipped, overlapping: c.overlapping }).toEqual({ chart: c.chart, clipped: [], overlapping: [] });
      }
      for (const t of l.tables) {
        expect({ table: t.table, contained: t.fits || t.scrolls }).toEqual({ table: t.table, contained: true });
        expect({ table: t.table, broken: t.broken }).toEqual({ table: t.table, broken: [] });
        expect({ table: t.table, apart: t.minGap >= 6 }).toEqual({ table: t.table, apart: true });
      }
      expect(problems).toEqual([]);
      await page.close();
    });

    it('the score curve marks the thresholds a designer would pick, labelled apart from each other inside the chart', async () => {
      const { page, problems } = await open(dirs.run, width);
      await page.waitForSelector('body[data-rendered="true"]', { timeout: 10_000 });
      const m = await page.evaluate(() => {
        const svg = document.querySelector('[data-chart="score"] svg')!;
        const frame = svg.getBoundingClientRect();
        const labels = Array.from(svg.querySelectorAll('text.threshold-label')).map((t) => {
          const r = t.getBoundingClientRect();
          return { text: t.textContent ?? '', left: r.left, right: r.right, top: r.top, bottom: r.bottom };
        });
        const at = (c: Element) => `${c.getAttribute('cx')},${c.getAttribute('cy')}`;
        const curve = new Set(Array.from(svg.querySelectorAll('circle.hit')).map(at));
        const marks = Array.from(svg.querySelectorAll('circle.threshold-mark')).map(at);
        const data = JSON.parse(document.getElementById('invitesim-data')!.textContent!);
        return { frame: { left: frame.left, right: frame.right, top: frame.top, bottom: frame.bottom }, labels, marks, onCurve: marks.filter((k) => curve.has(k)).length, caption: document.querySelector('[data-chart="score"] .caption')!.textContent, details: data.details.length };
      });
      expect(m.labels.length).toBeGreaterThanOrEqual(1);
      expect(m.labels.length).toBe(m.marks.length);
      // Each mark sits on a point of the curve.
      expect(m.onCurve).toBe(m.marks.length);
      for (const l of m.labels) {
        expect(l.text).toMatch(/^t \d[\d.]* \(P ≥ 0\.\d+\)$/);
        expect(l.left >= m.frame.left && l.right <= m.frame.right + 0.5 && l.top >= m.frame.top && l.bottom <= m.frame.bottom + 0.5).toBe(true);
      }
      for (let i = 0; i < m.labels.length; i++) {
        for (let j = i + 1; j < m.labels.length; j++) {
          const [a, b] = [m.labels[i], m.labels[j]];
          const overlap = a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
          expect({ labels: [a.text, b.text], overlap }).toEqual({ labels: [a.text, b.text], overlap: false });
        }
      }
      // The caption says what the marks are and defines the curve as docs/outputs.md does (pooled operating points), not "interpolated".
      expect(m.caption).toMatch(/Marks: the threshold .* precision ≥ 0\.99, 0\.95, 0\.9 and 0\.8/);
      expect(m.caption).toMatch(/operating point .* pooled over replicates/);
      expect(m.caption).not.toMatch(/[Ii]nterpolated/);
      await page.locator('[data-chart="score"]').screenshot({ path: path.join(OUT, `score-${width}.png`) });
      expect(problems).toEqual([]);
      await page.close();
    });
  });
});
