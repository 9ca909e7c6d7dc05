/**
 * The load-test section of report.html: its markup and gates rendered here (escaped), its
 * cards and charts drawn in the page by page/load.js from the LoadSection embedded as JSON.
 */
import type { LoadSection } from '../load/report-data';
import { escapeHtml as h, jsonForScript } from './escape';

/** `scenario`: the report's own scenario, so a load test of another one is pointed out. */
export function loadSectionHtml(section: LoadSection, scenario?: string): string {
  const m = section.meta;
  const other = scenario !== undefined && scenario !== section.scenario ? ` Scenario replayed: <strong>${h(section.scenario)}</strong>.` : '';
  return `<section id="load" aria-labelledby="load-title">
  <h2 id="load-title">Load test <span class="muted">— ${h(section.title)}</span></h2>
  <p class="note">Run ${h(m.date)} on ${h(m.host)} with invitesim ${h(m.invitesimVersion)}.${other} Latency counts from each request's intended send time (open loop), so waiting behind a slow answer is included.</p>
  <div id="load-cards" class="cards"></div>
  ${gatesHtml(section)}
  <ul id="load-notes" class="notes" hidden></ul>
  <div class="charts">
    <figure class="chart wide" data-chart="latency"><figcaption>Latency percentiles per second</figcaption><div class="plot"></div>
      <p class="caption">p50, p90, p99 and max latency of the requests due each second (timeouts at their full wait); gaps: seconds when nothing was answered; shaded: the warm-up, left out of the gates.</p></figure>
    <figure class="chart wide" data-chart="throughput"><figcaption>Throughput against the target rate</figcaption><div class="plot"></div>
      <p class="caption">Of the requests due each second: line, good answers; dashed, requests due (the target rate); bars, errors and timeouts. A last partial second is shown as a rate over its length.</p></figure>
    <figure class="chart wide" data-chart="distribution"><figcaption>Latency by percentile</figcaption><div class="plot"></div>
      <p class="caption">The measured requests' latency distribution from the HDR histogram (warm-up excluded): each step of the x axis adds a nine (90%, 99%, 99.9%), so the tail that p99 gates see is spread out; dashed: the maximum.</p></figure>
  </div>
</section>`;
}

function gatesHtml(section: LoadSection): string {
  const gates = section.gates;
  if (gates.length === 0) return '<p class="note">No load gates: the scenario\'s <code>expect</code> block has no latency, error-rate or throughput condition.</p>';
  const passed = gates.filter((g) => g.passed).length;
  const items = gates.map((g) => `<li class="${g.passed ? 'pass' : 'fail'}">${g.passed ? '✓' : '✗'} <code>${h(g.name)}</code> (${h(g.path)}): ${h(g.message)}</li>`);
  return `<p><strong>Load gates:</strong> ${passed} of ${gates.length} passed.</p>\n  <ul class="gates">${items.join('')}</ul>`;
}

/**
 * The section's data and the script that draws it; after d3. `assets` is the page's
 * (html.ts's PageAssets), typed by the one field read so that this module does not import html.ts,
 * which imports it.
 */
export function loadScriptsHtml(section: LoadSection, assets: { loadScript: string }): string {
  return `<script type="application/json" id="invitesim-load">${jsonForScript(section)}</script>
<script>${assets.loadScript}</script>`;
}

/** The load-only page's badge: its gates, as the report's badge shows a run's checks. */
export function loadBadge(section: LoadSection): string {
  const failed = section.gates.filter((g) => !g.passed).length;
  const text = section.gates.length === 0 ? 'No load gates defined' : failed ? `${failed} load gate${failed === 1 ? '' : 's'} failed` : 'All load gates passed';
  return `<div class="badge ${failed ? 'fail' : 'pass'}">${text}</div>`;
}
