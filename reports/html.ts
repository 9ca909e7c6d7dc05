/**
 * report.html: one self-contained page. Text parts (metadata, checks) are rendered here and
 * HTML-escaped; the charts are drawn in the page by page/report.js (and page/load.js for a
 * load test) with d3, all inlined along with the data as JSON that cannot close its script
 * tag. A CSP forbids every network fetch, so the file behaves the same from a CI artifact,
 * offline, or file://. A folder with only a load test gets a page of its load section alone.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../scenarios/package-root';
import type { LoadSection } from '../load/report-data';
import { describeParams } from './baseline';
import { escapeHtml as h, jsonForScript } from './escape';
import { exitCode } from './exit-code';
import { loadBadge, loadScriptsHtml, loadSectionHtml } from './load-html';
import type { ResultsFile } from './results';
import { pageData, type PageData } from './view-model';
import { offlineBadge, offlineSectionHtml } from './offline';
import { formatEstimate, formatValue } from './format';
import { HEADLINE_METRICS, type MetricName } from './metrics';
import { pairedRows, type PairedDifference } from './paired';

export interface PageAssets {
  /** The d3 modules the page uses, their UMD builds in dependency order (each adds to the global `d3`). */
  d3: string;
  /** The hover tooltip both page scripts use. */
  tooltip: string;
  script: string;
  /** Draws the load-test section. */
  loadScript: string;
  style: string;
}

/**
 * The d3 modules page/*.js call (selection, scales, shapes, axes, formats, array helpers) and
 * what those need, each after its dependencies. Only these are inlined, not the whole d3
 * bundle: 122 KB instead of 281 KB.
 */
export const D3_MODULES = ['d3-array', 'd3-color', 'd3-interpolate', 'd3-format', 'd3-time', 'd3-time-format', 'd3-scale', 'd3-path', 'd3-shape', 'd3-selection', 'd3-axis'] as const;

/** The UMD builds of D3_MODULES, concatenated. */
function d3Modules(): string {
  const root = packageRoot();
  // Dependencies of d3-scale and d3-shape may sit inside their folders rather than beside them.
  const from = [root, ...['d3-scale', 'd3-shape'].map((m) => path.dirname(require.resolve(m, { paths: [root] })))];
  return D3_MODULES.map((m) => {
    // Package exports hide dist/ from require.resolve, so resolve the entry (dist/<m>.mjs) and look beside it.
    const file = path.join(path.dirname(require.resolve(m, { paths: from })), `${m}.min.js`);
    return fs.readFileSync(file, 'utf8');
  }).join('\n');
}

/** Reads the d3 modules and the page's script and style from the installed package. */
export function loadAssets(): PageAssets {
  const page = path.join(packageRoot(), 'reports', 'page');
  const assets = {
    d3: d3Modules(),
    tooltip: fs.readFileSync(path.join(page, 'tooltip.js'), 'utf8'),
    script: fs.readFileSync(path.join(page, 'report.js'), 'utf8'),
    loadScript: fs.readFileSync(path.join(page, 'load.js'), 'utf8'),
    style: fs.readFileSync(path.join(page, 'report.css'), 'utf8'),
  };
  for (const [name, text] of Object.entries(assets)) {
    if (/<\/(script|style)/i.test(text)) throw new Error(`reportHtml: asset ${name} contains a closing tag and cannot be inlined`);
  }
  return assets;
}

const CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

/** The page's head, through the opening of the header's text column. */
export function pageStart(title: string, eyebrow: string, assets: PageAssets): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${h(title)} · ${eyebrow}</title>
<style>${assets.style}</style>
</head>
<body>
<header class="top">
  <div>
    <div class="eyebrow">${eyebrow}</div>`;
}

/** `load`: the folder's load test (load.json), drawn after the run's sections. */
export function reportHtml(results: ResultsFile, assets: PageAssets = loadAssets(), load?: LoadSection): string {
  const s = results.scenario;
  const name = String(s.name ?? 'scenario');
  const data = pageData(results);
  return `${pageStart(name, results.offline ? 'invitesim offline backtest' : 'invitesim report', assets)}
    <h1>${h(name)}</h1>
    ${typeof s.description === 'string' && s.description ? `<p class="lede">${h(s.description)}</p>` : ''}
  </div>
  <div class="badges">${statusBadge(results)}${fallbackBadge(data.fallbacks)}${results.offline ? offlineBadge() : ''}</div>
</header>
<main>
${metadataSection(results)}
${checksSection(results)}${results.offline ? '\n' + offlineSectionHtml(results.offline) : ''}
<section id="headline" aria-labelledby="headline-title">
  <div class="section-head">
    <h2 id="headline-title">Headline</h2>
    <label class="control">Point <select id="point-select"></select></label>
  </div>
  <p class="note">Estimates over replicates with 95% confidence intervals: precision, recall and false-positive rate pool the replicates' counts (Wilson), the rest are means (Student t); each card names its method. <span id="detail-note"></span></p>
  <div id="headline-cards" class="cards"></div>
</section>
${results.points.length > 1 ? sweepSection() : ''}${results.paired?.length ? '\n' + pairedSection(results.paired) : ''}
<section id="point" aria-labelledby="point-title">
  <h2 id="point-title">At the selected point <span id="point-label" class="muted"></span></h2>
  <div class="charts">
    <figure class="chart" data-chart="score"><figcaption>Precision–recall from the policy's score</figcaption><div class="plot"></div>
      <p class="caption">At each recall level 0, 0.02, …, 1, each replicate's operating point (the highest score threshold whose recall reaches the level), pooled over replicates: precision = Σ true positives ÷ Σ restricted, band: 95% CI (Wilson). Marks: the threshold (t, mean over replicates) with the most recall at precision ≥ 0.99, 0.95, 0.9 and 0.8, where the curve reaches them. Dashed: chance (share of abusive members).</p></figure>
    <figure class="chart" data-chart="cdf"><figcaption>Time to restriction by abusive archetype</figcaption><div class="plot"></div>
      <p class="caption">Share of each archetype's abusive members restricted within x hours of their first abusive invitation (quantiles averaged over replicates).</p></figure>
    <figure class="chart wide" data-chart="timeline"><figcaption>Invitations by outcome per day, and restrictions</figcaption><div class="plot"></div>
      <p class="caption">Mean over replicates. Responses and withdrawals count on the day they happen.</p></figure>
    <figure class="chart wide" data-chart="fpr"><figcaption>Who pays: false-positive rate by honest archetype</figcaption><div class="plot"></div>
      <p class="caption">Share of each honest archetype's members ever restricted, with 95% CI; dashed: all honest members.</p></figure>
  </div>
</section>${load ? '\n' + loadSectionHtml(load, name) : ''}
</main>
<footer>Generated by invitesim ${h(results.invitesimVersion)}. Data: results.json, points.csv, runs.csv, timeline.csv${results.paired?.length ? ', paired.csv' : ''}${load ? ', load.json, load.csv' : ''} in the same folder.</footer>
<div id="tooltip" class="tooltip" role="status" hidden></div>
<script type="application/json" id="invitesim-data">${jsonForScript(data)}</script>
<script>${assets.d3}</script>
<script>${assets.tooltip}</script>
<script>${assets.script}</script>${load ? '\n' + loadScriptsHtml(load, assets) : ''}
</body>
</html>
`;
}

/** report.html for a folder with a load test and no run: the header and the load section (no report.js, which needs a run's data). */
export function loadReportHtml(load: LoadSection, assets: PageAssets = loadAssets()): string {
  return `${pageStart(load.scenario, 'invitesim load test', assets)}
    <h1>${h(load.scenario)}</h1>
  </div>
  ${loadBadge(load)}
</header>
<main>
${loadSectionHtml(load)}
</main>
<footer>Generated by invitesim ${h(load.meta.invitesimVersion)}. Data: load.json, load.csv in the same folder.</footer>
<div id="tooltip" class="tooltip" role="status" hidden></div>
<script>${assets.d3}</script>
<script>${assets.tooltip}</script>
${loadScriptsHtml(load, assets)}
</body>
</html>
`;
}

/**
 * Under common random numbers, each point against point 0 run by run (reports/paired.ts): the
 * headline metrics' mean differences with their paired 95% intervals, and the width the same
 * runs' interval would have unpaired.
 */
function pairedSection(paired: PairedDifference[]): string {
  const { metrics, rows } = pairedRows(paired, HEADLINE_METRICS);
  const cell = (d: PairedDifference | undefined, m: MetricName) => {
    if (!d) return '–';
    const unpaired = d.unpairedCiLow === null || d.unpairedCiHigh === null ? '' : `<br><small class="muted">unpaired ±${h(formatValue(m, (d.unpairedCiHigh - d.unpairedCiLow) / 2))}</small>`;
    return `${h(formatEstimate(m, { ...d, n: d.pairs, method: 'student-t' }))}${unpaired}`;
  };
  return `<section id="paired" aria-labelledby="paired-title">
  <h2 id="paired-title">Paired differences against point 0</h2>
  <p class="note">Every point ran on the same seeds (common random numbers), so each difference (this point − point 0) is taken run by run: mean over the seeds both ran, with the 95% interval of a paired Student t; below it, half the width the same runs' Welch interval would have unpaired. paired.csv has every directional metric.</p>
  <div class="table-scroll"><table class="kv grid"><tr><th>point</th><th>pairs</th>${metrics.map((m) => `<th>${h(m)}</th>`).join('')}</tr>
  ${rows.map((r) => `<tr><td>${r.point}${h(describeParams(r.params))}</td><td>${r.pairs}</td>${metrics.map((m) => `<td>${cell(r.by.get(m), m)}</td>`).join('')}</tr>`).join('\n  ')}</table></div>
</section>`;
}

/** Charts across the sweep and the threshold picker: only for a run of two points or more (one point would be one dot). */
function sweepSection(): string {
  return `<section id="sweep" aria-labelledby="sweep-title">
  <div class="section-head">
    <h2 id="sweep-title">Across the sweep</h2>
    <div id="sweep-controls" class="controls"></div>
  </div>
  <div class="charts">
    <figure class="chart" data-chart="pr"><figcaption>Precision–recall across sweep points</figcaption><div class="plot"></div>
      <p class="caption">Each dot is a sweep point (labelled with its parameter value); bars and band: 95% CI.</p></figure>
    <figure class="chart" data-chart="vs"><figcaption>Precision and recall against the swept parameter</figcaption><div class="plot"></div>
      <p class="caption">Lines: means over replicates; bands: 95% CI.</p></figure>
  </div>
  <div id="picker" class="picker">
    <h3>Threshold picker</h3>
    <p>Highest recall with precision ≥ <input id="picker-x" type="number" min="0" max="1" step="0.01" value="0.9" aria-label="minimum precision">
      <label><input id="picker-ci" type="checkbox"> on the CI's lower bound</label></p>
    <p id="picker-result" class="picker-result"></p>
    <div id="picker-skipped" class="picker-skipped note" hidden></div>
  </div>
</section>`;
}

/**
 * A warning when a policy service's onError fallback decided some of the decisions: the
 * metrics then describe the fallback as much as the policy, whatever the checks say.
 */
function fallbackBadge(f: PageData['fallbacks']): string {
  if (f.decisions === 0) return '';
  const rate = f.maxRate === null ? '' : `, up to ${(f.maxRate * 100).toPrecision(3)}% of a run's decisions`;
  return `<div class="badge warn" title="policy.http.onError decided these instead of the service; see fallbackDecisions and fallbackRate in runs.csv">⚠ ${f.decisions.toLocaleString('en-US')} fallback decision${f.decisions === 1 ? '' : 's'} in ${plural(f.runs, 'run')}${rate}</div>`;
}

function statusBadge(results: ResultsFile): string {
  const code = exitCode(results);
  const failed = results.gates.filter((g) => !g.passed).length + (results.baseline?.regressions.length ?? 0);
  const checks = results.gates.length + (results.baseline ? results.baseline.compared.length : 0);
  const text =
    code === 3 ? plural(results.runs.filter((r) => r.error !== undefined).length, 'run') + ' failed'
    : code === 1 ? `${plural(failed, 'check')} failed`
    : checks === 0 ? 'No checks defined'
    : 'All checks passed';
  const cls = code === 0 ? 'pass' : 'fail';
  return `<div class="badge ${cls}">${text}${results.partial ? '<br><small>partial results</small>' : ''}</div>`;
}

function metadataSection(results: ResultsFile): string {
  const s = results.scenario;
  const m = results.meta;
  const sweep = (s.sweep && typeof s.sweep === 'object' ? Object.entries(s.sweep as Record<string, unknown>) : []) as Array<[string, unknown]>;
  const policy = s.policy as { name?: unknown; module?: unknown } | undefined;
  const rows: Array<[string, string]> = [
    ['Policy', h(String(policy?.name ?? policy?.module ?? '–'))],
    ['Sweep', sweep.length ? sweep.map(([k, v]) => `<code>${h(k)}</code> ${h(sweepValues(v))}`).join('<br>') : 'none (one point)'],
    ['Runs', `${results.runs.length} (${plural(results.points.length, 'point')} × ${plural(Math.max(0, ...results.points.map((p) => p.replicates + p.failed)), 'replicate')})`],
    ['Seed', h(String(s.seed ?? '–'))],
    ['Horizon', `${h(String(s.days ?? '?'))} days`],
    ['Members', h(String((s.population as { members?: unknown } | undefined)?.members ?? '–'))],
    ['Completeness', results.partial ? '<strong>partial</strong>: not every planned run is included' : 'complete'],
    ['invitesim', h(results.invitesimVersion)],
    ['Date', h(m.date)],
    ['Duration', `${(m.durationMs / 1000).toFixed(1)} s on ${h(m.host)}, ${plural(m.threads, 'thread')}`],
  ];
  const sources = Array.isArray(s.sources) && s.sources.length ? `<p class="note">Sources: ${s.sources.map((x) => h(String(x))).join('; ')}</p>` : '';
  return `<section id="meta" aria-labelledby="meta-title">
  <h2 id="meta-title">Run</h2>
  <div class="table-scroll"><table class="kv">${rows.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('')}</table></div>
  ${sources}
  <details><summary>Every scenario parameter</summary>
  <div class="table-scroll"><table class="kv params">${flatten(s).map(([k, v]) => `<tr><th><code>${h(k)}</code></th><td>${h(v)}</td></tr>`).join('')}</table></div>
  </details>
</section>`;
}

/** A swept path's values as written: a list, or a `{from, to, step}` range. */
function sweepValues(v: unknown): string {
  if (Array.isArray(v)) return `∈ {${v.map(String).join(', ')}}`;
  const r = v as { from?: unknown; to?: unknown; step?: unknown };
  return r && typeof r === 'object' && 'from' in r ? `from ${r.from} to ${r.to} step ${r.step}` : JSON.stringify(v);
}

/** Scenario leaves as `path → value` rows; arrays of scalars stay on one row. */
function flatten(value: unknown, prefix = ''): Array<[string, string]> {
  if (value !== null && typeof value === 'object' && !(Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object'))) {
    return Object.entries(value).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
  }
  return [[prefix, Array.isArray(value) ? value.map(String).join(', ') : String(value)]];
}

function checksSection(results: ResultsFile): string {
  const failedGates = results.gates.filter((g) => !g.passed);
  const regressions = results.baseline?.regressions ?? [];
  const failedRuns = results.runs.filter((r) => r.error !== undefined);
  const parts: string[] = [];
  if (results.gates.length === 0) parts.push('<p class="note">No gates: the scenario has no <code>expect</code> block.</p>');
  else {
    parts.push(`<p><strong>Gates:</strong> ${results.gates.length - failedGates.length} of ${results.gates.length} checks passed.</p>`);
    if (failedGates.length) parts.push(list(failedGates.slice(0, 50).map((g) => `<code>${h(g.name)}</code> at point ${g.point}${h(describeParams(g.params))}: ${h(g.message)}`), failedGates.length, 'fail'));
  }
  if (results.baseline) {
    parts.push(`<p><strong>Baseline:</strong> ${regressions.length === 0 ? 'no regressions' : `${regressions.length} regression${regressions.length > 1 ? 's' : ''}`} beyond tolerance ${results.baseline.tolerance} over ${results.baseline.compared.length} matching points.</p>`);
    if (regressions.length) parts.push(list(regressions.slice(0, 50).map((r) => h(r.message)), regressions.length, 'fail'));
  }
  if (failedRuns.length) {
    parts.push(`<p><strong>Failed runs:</strong> ${failedRuns.length}; the charts and checks use the finished ones.</p>`);
    parts.push(list(failedRuns.slice(0, 20).map((r) => `run ${r.index} (point ${r.point}, replicate ${r.replicate}, seed ${h(r.seed)}): ${h(r.error ?? '')}`), failedRuns.length, 'fail'));
  }
  return `<section id="checks" aria-labelledby="checks-title"><h2 id="checks-title">Checks</h2>${parts.join('\n')}</section>`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function list(items: string[], total: number, cls: string): string {
  const more = total > items.length ? `<li class="muted">… and ${total - items.length} more (see junit.xml)</li>` : '';
  return `<ul class="${cls}">${items.map((i) => `<li>${i}</li>`).join('')}${more}</ul>`;
}
