/**
 * The red team's report: report.html's attack section and summary.md. The page is drawn
 * here, server-side (cards, tables and one SVG scatter of every candidate's harm against
 * the policy's recall), so it needs no script and reads the same from file:// or a CI
 * artifact; it shares report.html's style and header. Text from the scenario is escaped.
 */
import { escapeHtml as h, escapeMarkdownCell as md } from './escape';
import { fmt } from './gates';
import { loadAssets, pageStart, type PageAssets } from './html';
import { attackExitCode, type AttackResults, type CandidateSummary } from './attack';
import type { Estimate } from './stats';

const num = (x: number | null) => (x === null ? '–' : String(Number(x.toPrecision(3))));
const share = (x: number | null) => (x === null ? '–' : x.toFixed(3));

/** `12.3 [10.1, 14.5]`, or the mean alone without an interval. */
function withCi(e: Estimate, f: (x: number | null) => string): string {
  return e.ciLow === null || e.ciHigh === null ? f(e.mean) : `${f(e.mean)} [${f(e.ciLow)}, ${f(e.ciHigh)}]`;
}

function verdict(r: AttackResults): string {
  const code = attackExitCode(r);
  const failed = r.gates.filter((g) => !g.passed).length;
  if (code === 3) return `${r.candidates.reduce((n, c) => n + c.failed, 0)} runs failed`;
  if (code === 1) return `${failed} of ${r.gates.length} gate checks failed`;
  return r.gates.length ? `${r.gates.length} gate checks passed` : 'no gates defined';
}

function pick(r: AttackResults): { best: CandidateSummary | undefined; own: CandidateSummary | undefined } {
  return { best: r.candidates.find((c) => c.candidate === r.best), own: r.candidates.find((c) => c.candidate === 0) };
}

function describe(r: AttackResults): string {
  const a = r.attack;
  return `${a.attacker} against ${policyName(r)}: ${r.candidates.length} candidates in ${r.rounds.length} rounds of an iterated race, ${a.runsDone} runs of at most ${a.budget}; harm = ${a.objective} per ${a.attacker} account`;
}

function policyName(r: AttackResults): string {
  const p = r.scenario.policy as { name?: unknown; module?: unknown } | undefined;
  return String(p?.name ?? p?.module ?? 'the policy');
}

export function attackSummaryMarkdown(r: AttackResults): string {
  const { best, own } = pick(r);
  const ok = attackExitCode(r) === 0;
  const out = [`## ${ok ? '✅' : '❌'} invitesim attack \`${String(r.scenario.name ?? '').replace(/`/g, "'")}\`: ${verdict(r)}`, ''];
  out.push(`${md(describe(r))}${r.partial ? ' · **partial: the search did not finish**' : ''}`, '');
  out.push(`**Worst-case recall** (the policy's recall against the most harmful strategy found, on its ${best?.replicates ?? 0} replicates): ${withCi(r.worstCaseRecall, share)} (Wilson)`, '');
  out.push('| strategy | candidate | replicates | harm [95% CI, Student t] | recall [95% CI, Wilson] |', '| --- | --- | --- | --- | --- |');
  for (const [label, c] of [['scenario default', own], ['best found', best]] as const) {
    if (c) out.push(`| ${label} | ${c.candidate} | ${c.replicates} | ${withCi(c.harm, num)} | ${withCi(c.recall, share)} |`);
  }
  out.push('', `Harm of the best found / the default: ${r.harmRatio === null ? '–' : `${num(r.harmRatio)}×`}`, '');
  if (best && own) {
    out.push('| parameter | default | best found |', '| --- | --- | --- |');
    for (const col of r.attack.searched) out.push(`| ${md(col.name)} | ${md(String(own.params[col.name] ?? ''))} | ${md(String(best.params[col.name] ?? ''))} |`);
    out.push('');
  }
  if (r.gates.length) {
    out.push(`### Gates: ${r.gates.filter((g) => g.passed).length} of ${r.gates.length} passed`, '', '| | check | detail |', '| --- | --- | --- |');
    for (const g of r.gates) out.push(`| ${g.passed ? '✅' : '❌'} | ${md(g.name)} | ${md(g.message)} |`);
    out.push('');
  }
  out.push(`<sub>Files: attack.csv (every candidate), attack.json, report.html.</sub>`, '');
  return out.join('\n');
}

export function attackReportHtml(r: AttackResults, assets: PageAssets = loadAssets()): string {
  const name = String(r.scenario.name ?? 'scenario');
  const { best, own } = pick(r);
  const code = attackExitCode(r);
  const card = (title: string, value: string, ci: string) => `<div class="card"><div class="card-title">${title}</div><div class="card-value">${value}</div><div class="card-ci">${ci}</div></div>`;
  const ci = (e: Estimate, f: (x: number | null) => string, method: string) => (e.ciLow === null ? `no interval (${e.n} replicate${e.n === 1 ? '' : 's'})` : `<span class="interval">[${f(e.ciLow)}, ${f(e.ciHigh)}]</span> 95% ${method}`);
  const cards = [
    card('Worst-case recall', share(r.worstCaseRecall.mean), ci(r.worstCaseRecall, share, 'Wilson')),
    best ? card(`Harm, best found (#${best.candidate})`, num(best.harm.mean), ci(best.harm, num, 'Student t')) : '',
    own ? card('Harm, scenario default', num(own.harm.mean), ci(own.harm, num, 'Student t')) : '',
    own ? card('Recall, scenario default', share(own.recall.mean), ci(own.recall, share, 'Wilson')) : '',
    card('Best / default harm', r.harmRatio === null ? '–' : `${num(r.harmRatio)}×`, ''),
  ].join('');
  const params = best && own
    ? `<div class="table-scroll"><table class="kv grid"><tr><th>parameter</th><th>bounds</th><th>default</th><th>best found</th></tr>${r.attack.searched
        .map((c) => `<tr><th><code>${h(c.name)}</code></th><td>${h(c.bound ? `[${c.bound.join(', ')}]` : (c.choices ?? []).join(', '))}</td><td>${h(String(own.params[c.name] ?? ''))}</td><td>${h(String(best.params[c.name] ?? ''))}</td></tr>`)
        .join('')}</table></div>`
    : '';
  const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const rounds = r.rounds.map((x, k) => `<tr><th>round ${k}</th><td>${plural(x.fresh, 'new candidate')}, ${plural(x.replicated, 'earlier one')} replicated: ${plural(x.runs, 'run')}</td></tr>`).join('');
  const gates = r.gates.length
    ? `<ul class="${code === 1 ? 'fail' : ''}">${r.gates.map((g) => `<li>${g.passed ? '✅' : '❌'} <code>${h(g.name)}</code>: ${h(g.message)}</li>`).join('')}</ul>`
    : '<p class="note">No gates: the scenario\'s <code>expect</code> block has no <code>worstCaseRecall</code>.</p>';
  return `${pageStart(name, 'invitesim attack', assets)}
    <h1>${h(name)}: red team</h1>
    <p class="lede">${h(describe(r))}</p>
  </div>
  <div class="badges"><div class="badge ${code === 0 ? 'pass' : 'fail'}">${h(verdict(r))}${r.partial ? '<br><small>partial results</small>' : ''}</div></div>
</header>
<main>
<section id="attack" aria-labelledby="attack-title">
  <h2 id="attack-title">Worst case found</h2>
  <p class="note">Harm: ${h(r.attack.objective)} per ${h(r.attack.attacker)} account, mean over replicates (Student t). Recall: the ${h(r.attack.attacker)} accounts the policy restricted, pooled over replicates (Wilson). Worst-case recall is the recall against the most harmful strategy among those run the most, on its replicates; the default attacker ran as many.</p>
  <div class="cards">${cards}</div>
  <h3>Checks</h3>
  ${gates}
</section>
<section id="attack-strategy" aria-labelledby="strategy-title">
  <h2 id="strategy-title">The strategy</h2>
  ${params}
</section>
<section id="attack-candidates" aria-labelledby="candidates-title">
  <h2 id="candidates-title">Every candidate</h2>
  <figure class="chart wide">${scatter(r)}<p class="caption">Each dot a candidate (larger: more replicates); ring: the scenario default; filled dark: the best found. Whiskers: 95% CI of its recall (across, Wilson) and of its harm (up and down, Student t); a candidate of one replicate has no harm interval.</p></figure>
  <div class="table-scroll"><table class="kv">${rounds}</table></div>
</section>
</main>
<footer>Generated by invitesim ${h(r.invitesimVersion)}. Data: attack.json, attack.csv in the same folder.</footer>
</body>
</html>
`;
}

/** Harm (y) against recall (x) of every candidate with a value, as inline SVG. */
function scatter(r: AttackResults): string {
  const W = 640;
  const H = 300;
  const pad = { l: 56, r: 16, t: 12, b: 40 };
  const pts = r.candidates.filter((c) => c.harm.mean !== null && c.recall.mean !== null);
  // The axis reaches the highest interval, so every whisker is drawn whole.
  const top = Math.max(1e-9, ...pts.map((c) => c.harm.ciHigh ?? c.harm.mean!));
  const x = (v: number) => pad.l + v * (W - pad.l - pad.r);
  const y = (v: number) => H - pad.b - (v / top) * (H - pad.t - pad.b);
  const maxReps = Math.max(1, ...pts.map((c) => c.replicates));
  const dots = pts
    .map((c) => {
      const rad = 3 + 4 * Math.sqrt(c.replicates / maxReps);
      const cls = c.candidate === 0 ? 'fill="none" stroke="#b42318" stroke-width="2"' : c.candidate === r.best ? 'fill="#1d2433"' : 'fill="#1f77b4" fill-opacity="0.5"';
      const cx = fmt(x(c.recall.mean!));
      const cy = fmt(y(c.harm.mean!));
      const whiskers =
        (c.recall.ciLow === null || c.recall.ciHigh === null ? '' : `<line class="whisker" x1="${fmt(x(c.recall.ciLow))}" x2="${fmt(x(c.recall.ciHigh))}" y1="${cy}" y2="${cy}" stroke-opacity="0.55"/>`) +
        (c.harm.ciLow === null || c.harm.ciHigh === null ? '' : `<line class="whisker" x1="${cx}" x2="${cx}" y1="${fmt(y(c.harm.ciLow))}" y2="${fmt(y(c.harm.ciHigh))}" stroke-opacity="0.55"/>`);
      return `${whiskers}<circle cx="${cx}" cy="${cy}" r="${fmt(rad)}" ${cls}><title>candidate ${c.candidate}: harm ${num(c.harm.mean)}, recall ${share(c.recall.mean)}, ${c.replicates} replicates</title></circle>`;
    })
    .join('');
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((v) => `<text x="${fmt(x(v))}" y="${H - pad.b + 16}" text-anchor="middle" font-size="11">${v}</text>`).join('');
  const yTicks = [0, 0.5, 1].map((f) => `<text x="${pad.l - 6}" y="${fmt(y(f * top) + 4)}" text-anchor="end" font-size="11">${num(f * top)}</text>`).join('');
  return `<svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="harm against recall of every candidate">
<line x1="${pad.l}" y1="${H - pad.b}" x2="${W - pad.r}" y2="${H - pad.b}" stroke="#5b6475"/><line x1="${pad.l}" y1="${pad.t}" x2="${pad.l}" y2="${H - pad.b}" stroke="#5b6475"/>
${ticks}${yTicks}<text x="${fmt((W + pad.l) / 2)}" y="${H - 6}" text-anchor="middle" font-size="12">policy's recall against the candidate</text>
<text transform="translate(14 ${fmt((H - pad.b) / 2)}) rotate(-90)" text-anchor="middle" font-size="12">harm per account</text>
${dots}</svg>`;
}
