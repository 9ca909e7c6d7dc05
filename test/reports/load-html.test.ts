/**
 * The load section of report.html as text: on its own page (no run) and appended to a run's
 * report; hostile strings stay inert; gates are listed pass and fail. The browser test checks
 * that it draws.
 */
import { buildLoadSection } from '../../load';
import { buildResults, loadReportHtml, reportHtml } from '../../reports';
import { META, makeRecords, makeScenario } from './fixtures';
import { makeLoadFile } from './load-fixture';

const HOSTILE = '</script><script>alert(1)</script><!-- <img src=x onerror=alert(2)> & "quotes" \u2028';

function json(html: string, id: string): unknown {
  const m = new RegExp(`<script type="application/json" id="${id}">([\\s\\S]*?)</script>`).exec(html);
  return m ? JSON.parse(m[1]) : null;
}
/** The page without its inlined scripts and embedded JSON. */
function markup(html: string): string {
  return html.replace(/<script>[\s\S]*?<\/script>/g, '').replace(/<script type="application\/json"[\s\S]*?<\/script>/g, '');
}

describe('load-only report.html', () => {
  const file = makeLoadFile({ scenario: HOSTILE, expect: { p99LatencyMs: '< 50', errorRate: '<= 0.001' } });
  file.result.errorSamples = [HOSTILE];
  const section = buildLoadSection(file);
  const html = loadReportHtml(section);

  it('escapes the scenario name and error samples, and embeds JSON that cannot close its script', () => {
    const text = markup(html);
    expect(text).not.toContain('<script>alert');
    expect(text).not.toContain('<img');
    expect(text).not.toContain('<!--');
    expect(text).toContain('<h1>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    const script = /<script type="application\/json" id="invitesim-load">([\s\S]*?)<\/script>/.exec(html)![1];
    expect(script).not.toContain('<');
    expect(json(html, 'invitesim-load')).toEqual(JSON.parse(JSON.stringify(section)));
  });

  it("holds d3, the tooltip, the section's data and load.js, not report.js or a run's data, and forbids network access", () => {
    expect(html.match(/<script/g)).toHaveLength(4);
    expect(json(html, 'invitesim-data')).toBeNull();
    expect(html).not.toContain('id="headline-cards"');
    expect(html).toContain('<section id="load"');
    expect(html).toContain(`content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).not.toMatch(/\s(src|href)="(https?:)?\/\//);
  });

  it('lists the load gates, passed and failed, and the badge counts the failures', () => {
    expect(html).toContain('<strong>Load gates:</strong> 1 of 2 passed.');
    expect(html).toMatch(/<li class="pass">✓ <code>p99LatencyMs &lt; 50<\/code> \(expect\.p99LatencyMs\): p99LatencyMs 6\.3 satisfies &lt; 50<\/li>/);
    expect(html).toMatch(/<li class="fail">✗ <code>errorRate &lt;= 0\.001<\/code>/);
    expect(html).toContain('<div class="badge fail">1 load gate failed</div>');
    const none = loadReportHtml(buildLoadSection(makeLoadFile({ expect: {} })));
    expect(none).toContain('No load gates');
    expect(none).toContain('<div class="badge pass">No load gates defined</div>');
  });
});

describe('report.html with a load section', () => {
  const results = buildResults(makeScenario(), makeRecords({ points: 2, replicates: 2 }), META, { partial: false });

  it('appends the section, its data and load.js after the run', () => {
    const section = buildLoadSection(makeLoadFile());
    const html = reportHtml(results, undefined, section);
    expect(html.match(/<script/g)).toHaveLength(6);
    expect(json(html, 'invitesim-data')).not.toBeNull();
    expect(json(html, 'invitesim-load')).toEqual(JSON.parse(JSON.stringify(section)));
    expect(html.indexOf('<section id="point"')).toBeLessThan(html.indexOf('<section id="load"'));
    expect(html).toContain('load.json, load.csv in the same folder');
    // Same scenario: no pointer to another one.
    expect(html).not.toContain('Scenario replayed');
  });

  it('names the replayed scenario when it is not the run\'s', () => {
    const html = reportHtml(results, undefined, buildLoadSection(makeLoadFile({ scenario: 'other<b>' })));
    expect(markup(html)).toContain('Scenario replayed: <strong>other&lt;b&gt;</strong>.');
  });

  it('is unchanged without one', () => {
    const html = reportHtml(results);
    expect(html).not.toContain('id="load"');
    expect(html).not.toContain('invitesim-load');
    expect(html.match(/<script/g)).toHaveLength(4);
  });
});
