/**
 * report.html as text: hostile scenario strings stay inert (escaped text, JSON that cannot
 * close its script), nothing is fetched from the network, and a 10,000-run sweep stays
 * under the 5 MB budget. The browser test checks that it draws.
 */
import { buildResults, reportHtml, type ResultsFile } from '../../reports';
import { junitXml } from '../../reports/junit';
import { summaryMarkdown } from '../../reports/summary';
import { META, makeRecords, makeScenario } from './fixtures';

const HOSTILE = '</script><script>alert(1)</script><!-- <img src=x onerror=alert(2)> & "quotes" \u2028';

function embedded(html: string): unknown {
  const m = /<script type="application\/json" id="invitesim-data">([\s\S]*?)<\/script>/.exec(html);
  return JSON.parse(m![1]);
}

describe('report.html safety', () => {
  const scenario = makeScenario({ name: 'x<b>y', description: HOSTILE, sources: [HOSTILE], sweep: { [`policy.params.${HOSTILE}`]: [1, 2] } });
  const records = makeRecords({ points: 2, replicates: 2, failures: [[1, 1]], param: (p) => ({ [`policy.params.${HOSTILE}`]: p + 1 }) }).map((r) =>
    r.error ? { ...r, error: HOSTILE } : r,
  );
  const results = buildResults(scenario, records, META, { partial: false });
  const html = reportHtml(results);

  it('escapes every scenario string in the markup', () => {
    // Outside the inlined d3 and page script, no tag or comment from the input survives.
    const markup = html.replace(/<script>[\s\S]*?<\/script>/g, '').replace(/<script type="application\/json"[\s\S]*?<\/script>/, '');
    expect(markup).not.toContain('<script>alert');
    expect(markup).not.toContain('<img');
    expect(markup).not.toContain('<b>');
    expect(markup).not.toContain('<!--');
    expect(markup).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(markup).toContain('<h1>x&lt;b&gt;y</h1>');
  });

  it('embeds JSON that cannot close its script tag and parses back to the page data', () => {
    const script = /<script type="application\/json" id="invitesim-data">([\s\S]*?)<\/script>/.exec(html)![1];
    expect(script).not.toMatch(/<\/?script|<!--/i);
    expect(script).not.toContain('<');
    const data = embedded(html) as { params: Array<{ path: string }> };
    expect(data.params[0].path).toBe(`policy.params.${HOSTILE}`);
  });

  it('holds exactly four scripts (data, d3, tooltip, report) and forbids network access', () => {
    expect(html.match(/<script/g)).toHaveLength(4);
    expect(html).toContain(`content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).not.toMatch(/\s(src|href)="(https?:)?\/\//);
  });
});

describe('report.html metadata', () => {
  it('shows each swept path with its values or range', () => {
    const scenario = makeScenario({ sweep: { 'policy.params.idkLimit': [2, 3], 'ladder.coolDownHours': { from: 24, to: 72, step: 24 } } });
    const html = reportHtml(buildResults(scenario, makeRecords({ points: 1, replicates: 2 }), META, { partial: true }));
    expect(html).toContain('<code>policy.params.idkLimit</code> ∈ {2, 3}<br><code>ladder.coolDownHours</code> from 24 to 72 step 24');
    expect(html).toContain('<strong>partial</strong>: not every planned run is included');
  });
});

describe('size budgets for a 10,000-run sweep', () => {
  let results: ResultsFile;
  beforeAll(() => {
    const scenario = makeScenario({ sweep: { 'policy.params.idkLimit': Array.from({ length: 1000 }, (_, i) => i) }, expect: { precision: '>= 0.9', recall: 'ci_low >= 0.5' } });
    results = buildResults(scenario, makeRecords({ points: 1000, replicates: 10, days: 90 }), META, { partial: false });
  });

  it('report.html is under 5 MB with per-point detail sampled, and every point on the sweep charts', () => {
    const html = reportHtml(results);
    const bytes = Buffer.byteLength(html);
    console.log(`1000 points x 10 replicates x 90 days: report.html ${(bytes / 1e6).toFixed(2)} MB`);
    expect(bytes).toBeLessThan(5e6);
    const data = embedded(html) as { points: unknown[]; details: Array<{ point: number }>; defaultPoint: number };
    expect(data.points).toHaveLength(1000);
    expect(data.details.length).toBeGreaterThan(10);
    expect(data.details.length).toBeLessThan(1000);
    expect(data.details.map((d) => d.point)).toContain(data.defaultPoint);
    expect(data.details.map((d) => d.point)).toEqual(expect.arrayContaining([0, 999]));
  });

  it('summary.md stays under 1 MiB and junit.xml holds a testcase per gate per point', () => {
    const md = summaryMarkdown(results);
    const xml = junitXml(results);
    console.log(`summary.md ${(Buffer.byteLength(md) / 1024).toFixed(0)} KiB, junit.xml ${(Buffer.byteLength(xml) / 1e6).toFixed(2)} MB`);
    expect(Buffer.byteLength(md)).toBeLessThan(1024 * 1024);
    expect(xml.match(/<testcase /g)).toHaveLength(2 * 1000 + 1000);
  });
});
