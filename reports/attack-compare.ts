/**
 * Policies compared by their worst case: one row per `invitesim attack` folder (a policy
 * searched by an attacker), with the harm the scenario's default attacker did, the harm of
 * the most harmful strategy found, and the policy's recall against each. The table is the
 * question a policy designer asks of a red team: which defence holds when the attacker
 * adapts? Rows stay in the order given; the page and comparison.md say when the searches
 * are not comparable (different attacker, objective or world).
 */
import { escapeHtml as h, escapeMarkdownCell as md } from './escape';
import { pageStart, type PageAssets, loadAssets } from './html';
import type { AttackResults, CandidateSummary } from './attack';
import { intervalChartSvg } from './interval-chart';
import type { Estimate } from './stats';

export const COMPARISON_MD = 'comparison.md';
export const COMPARISON_HTML = 'comparison.html';
export const COMPARISON_FILES = [COMPARISON_MD, COMPARISON_HTML] as const;

export interface ComparisonRow {
  /** The attack folder, as given. */
  folder: string;
  scenario: string;
  policy: string;
  attacker: string;
  objective: string;
  runs: string;
  partial: boolean;
  defaultHarm: Estimate | null;
  defaultRecall: Estimate | null;
  bestHarm: Estimate | null;
  worstCaseRecall: Estimate;
  harmRatio: number | null;
}

export function comparisonRow(folder: string, r: AttackResults): ComparisonRow {
  const find = (k: number | null): CandidateSummary | undefined => r.candidates.find((c) => c.candidate === k);
  const own = find(0);
  const best = find(r.best);
  const p = r.scenario.policy as { name?: unknown; module?: unknown } | undefined;
  return {
    folder,
    scenario: String(r.scenario.name ?? ''),
    policy: String(p?.name ?? p?.module ?? ''),
    attacker: r.attack.attacker,
    objective: r.attack.objective,
    runs: `${r.attack.runsDone} of ${r.attack.budget}`,
    partial: r.partial,
    defaultHarm: own?.harm ?? null,
    defaultRecall: own?.recall ?? null,
    bestHarm: best?.harm ?? null,
    worstCaseRecall: r.worstCaseRecall,
    harmRatio: r.harmRatio,
  };
}

/** Why the rows do not compare like with like (empty when they do). */
export function comparabilityNotes(rows: ComparisonRow[]): string[] {
  const notes: string[] = [];
  for (const [key, label] of [['attacker', 'attackers'], ['objective', 'objectives'], ['scenario', 'scenarios']] as const) {
    const seen = [...new Set(rows.map((r) => r[key]))];
    if (seen.length > 1) notes.push(`the searches differ in ${label} (${seen.join(', ')}): their harms measure different things`);
  }
  const partial = rows.filter((r) => r.partial).map((r) => r.folder);
  if (partial.length) notes.push(`partial searches (stopped before their last round): ${partial.join(', ')}`);
  return notes;
}

const num = (x: number | null) => (x === null ? '–' : String(Number(x.toPrecision(3))));
const share = (x: number | null) => (x === null ? '–' : x.toFixed(3));

function withCi(e: Estimate | null, f: (x: number | null) => string): string {
  if (e === null) return '–';
  return e.ciLow === null || e.ciHigh === null ? f(e.mean) : `${f(e.mean)} [${f(e.ciLow)}, ${f(e.ciHigh)}]`;
}

const HEADER = ['policy', 'attacker', 'harm: default', 'harm: best found', 'best / default', 'recall: default', 'worst-case recall', 'runs', 'folder'];

function cells(r: ComparisonRow): string[] {
  return [
    r.policy,
    r.attacker,
    withCi(r.defaultHarm, num),
    withCi(r.bestHarm, num),
    r.harmRatio === null ? '–' : `${num(r.harmRatio)}×`,
    withCi(r.defaultRecall, share),
    withCi(r.worstCaseRecall, share),
    r.runs + (r.partial ? ' (partial)' : ''),
    r.folder,
  ];
}

export function comparisonMarkdown(rows: ComparisonRow[]): string {
  const out = ['## invitesim: policies by their worst case', ''];
  const objectives = [...new Set(rows.map((r) => r.objective))].join(', ');
  out.push(`Harm: ${md(objectives)} per attacker account, mean [95% CI, Student t]; recall: share of the attacker's accounts restricted [95% CI, Wilson]; worst-case recall: against the most harmful strategy each search found.`, '');
  for (const n of comparabilityNotes(rows)) out.push(`> **Note:** ${md(n)}`, '');
  out.push(`| ${HEADER.join(' | ')} |`, `| ${HEADER.map(() => '---').join(' | ')} |`);
  for (const r of rows) out.push(`| ${cells(r).map(md).join(' | ')} |`);
  out.push('');
  return out.join('\n');
}

const WORST = '#b42318';
const DEFAULT = '#1f77b4';

function recallChart(rows: ComparisonRow[]): string {
  return intervalChartSvg({
    title: 'worst-case and default recall by policy, with 95% intervals',
    axis: "recall (share of the attacker's accounts restricted)",
    series: [{ name: 'worst case', color: WORST }, { name: 'default attacker', color: DEFAULT, hollow: true }],
    rows: rows.map((r) => ({ label: r.policy, values: [r.worstCaseRecall, r.defaultRecall] })),
    max: 1,
    format: (x) => String(Number(x.toFixed(2))),
  });
}

function harmChart(rows: ComparisonRow[]): string {
  return intervalChartSvg({
    title: 'best-found and default harm by policy, with 95% intervals',
    axis: 'harm per attacker account',
    series: [{ name: 'best found', color: WORST }, { name: 'default attacker', color: DEFAULT, hollow: true }],
    rows: rows.map((r) => ({ label: r.policy, values: [r.bestHarm, r.defaultHarm] })),
    format: (x) => num(x),
  });
}

export function comparisonHtml(rows: ComparisonRow[], assets: PageAssets = loadAssets()): string {
  const notes = comparabilityNotes(rows);
  const body = rows.map((r) => `<tr>${cells(r).map((c, i) => (i === 0 ? `<th>${h(c)}</th>` : `<td>${h(c)}</td>`)).join('')}</tr>`).join('\n');
  return `${pageStart('policies by their worst case', 'invitesim attack', assets)}
    <h1>Policies by their worst case</h1>
    <p class="lede">${rows.length} red-team searches: the harm the scenario's default attacker did against each policy, the harm of the most harmful strategy found, and each policy's recall against both.</p>
  </div>
</header>
<main>
<section id="comparison" aria-labelledby="comparison-title">
  <h2 id="comparison-title">Worst case found, by policy</h2>
  <p class="note">Harm: ${h([...new Set(rows.map((r) => r.objective))].join(', '))} per attacker account, mean over replicates [95% CI, Student t]. Recall: the attacker's accounts the policy restricted, pooled [95% CI, Wilson]. Worst-case recall: against the most harmful strategy of each search's final round.</p>
  ${notes.map((n) => `<p class="note warn">${h(n)}</p>`).join('\n  ')}
  <div class="charts">
    <figure class="chart" data-chart="worst-case-recall"><figcaption>Worst-case recall, by policy</figcaption>${recallChart(rows)}
      <p class="caption">The policy's recall against the most harmful strategy its search found (filled) and against the scenario's default attacker (ring); whiskers: 95% CI (Wilson). Higher holds better.</p></figure>
    <figure class="chart" data-chart="harm"><figcaption>Harm per attacker account, by policy</figcaption>${harmChart(rows)}
      <p class="caption">Mean harm (${h([...new Set(rows.map((r) => r.objective))].join(', '))} per account) of the best strategy found (filled) and of the default attacker (ring); whiskers: 95% CI (Student t). Lower holds better.</p></figure>
  </div>
  <div class="table-scroll"><table class="kv grid"><tr>${HEADER.map((c) => `<th>${h(c)}</th>`).join('')}</tr>
${body}
  </table></div>
</section>
</main>
<footer>Generated by invitesim from the attack.json of each folder listed.</footer>
</body>
</html>
`;
}
