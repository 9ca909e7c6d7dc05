/**
 * summary.md: Markdown for a CI job summary (e.g. $GITHUB_STEP_SUMMARY): the verdict, the
 * headline per point, and every failed check; long lists fold into <details> and are cut
 * at fixed row counts so the file stays far below the 1 MiB summary limit.
 */
import { describeParams } from './baseline';
import { escapeMarkdownCell as text } from './escape';
import { exitCode } from './exit-code';
import { formatEstimate } from './format';
import { HEADLINE_METRICS } from './metrics';
import type { ResultsFile } from './results';
import { PAIRED_METHOD, pairedRows } from './paired';

/** Rows shown before folding, and the most rows any table holds. */
const SHOWN = 20;
const MAX_ROWS = 500;

export function summaryMarkdown(results: ResultsFile): string {
  const s = results.scenario;
  const failedGates = results.gates.filter((g) => !g.passed);
  const regressions = results.baseline?.regressions ?? [];
  const failedRuns = results.runs.filter((r) => r.error !== undefined);
  const out: string[] = [`## ${verdict(results, failedGates.length, regressions.length, failedRuns.length)}`, ''];
  if (typeof s.description === 'string' && s.description !== '') out.push(`> ${text(s.description.slice(0, 500))}`, '');
  const replicates = Math.max(0, ...results.points.map((p) => p.replicates + p.failed));
  out.push(
    [
      `**${results.runs.length} runs** (${results.points.length} point${results.points.length === 1 ? '' : 's'} × up to ${replicates} replicates)`,
      `seed ${text(String(s.seed ?? ''))}`,
      `${text(String(s.days ?? '?'))} days`,
      `invitesim ${text(results.invitesimVersion)}`,
      `${(results.meta.durationMs / 1000).toFixed(1)} s`,
      results.partial ? '**partial results**' : 'complete',
    ].join(' · '),
    '',
  );

  const paramNames = [...new Set(results.points.flatMap((p) => Object.keys(p.params)))];
  out.push('### Headline: estimate [95% CI] over replicates', '', intervalNote(results), '');
  out.push(
    ...foldedTable(
      ['point', ...paramNames, ...HEADLINE_METRICS],
      results.points.map((p) => [String(p.point), ...paramNames.map((k) => String(p.params[k] ?? '')), ...HEADLINE_METRICS.map((m) => new Markdown(formatEstimate(m, p.metrics[m])))]),
      'more points',
      'points.csv',
    ),
  );

  const paired = results.paired ?? [];
  if (paired.length > 0) {
    const { metrics, rows } = pairedRows(paired, HEADLINE_METRICS);
    out.push(
      '### Paired differences against point 0: mean [95% CI] over the seeds both ran',
      '',
      `Every point ran on the same seeds (common random numbers), so each difference is taken run by run (${PAIRED_METHOD}); paired.csv has every directional metric, with the wider interval the same runs give unpaired.`,
      '',
    );
    out.push(
      ...foldedTable(
        ['point', ...paramNames, 'pairs', ...metrics],
        rows.map((row) => [
          String(row.point),
          ...paramNames.map((k) => String(row.params[k] ?? '')),
          String(row.pairs),
          ...metrics.map((m) => {
            const x = row.by.get(m);
            return new Markdown(x ? formatEstimate(m, { ...x, n: x.pairs, method: 'student-t' }) : '–');
          }),
        ]),
        'more points',
        'paired.csv',
      ),
    );
  }

  const fallbacks = results.points.filter((p) => (p.metrics.fallbackDecisions?.mean ?? 0) > 0);
  if (fallbacks.length > 0) {
    out.push(
      `### ⚠️ Policy service fallbacks at ${fallbacks.length} point${fallbacks.length > 1 ? 's' : ''}`,
      '',
      'The policy service failed to answer some decisions; the `onError` fallback made them, so these results are not only the policy\'s. Gate on `fallbackRate` to fail such runs.',
      '',
    );
    out.push(
      ...foldedTable(
        ['point', 'fallbackDecisions (mean)', 'fallbackRate'],
        fallbacks.map((p) => [`${p.point}${describeParams(p.params)}`, formatEstimate('fallbackDecisions', p.metrics.fallbackDecisions), formatEstimate('fallbackRate', p.metrics.fallbackRate)]),
        'more points',
        'points.csv',
      ),
    );
  }

  if (results.gates.length > 0) {
    out.push(`### Gates: ${results.gates.length - failedGates.length} of ${results.gates.length} passed`, '');
    const row = (g: (typeof results.gates)[number]) => [g.passed ? '✅' : '❌', g.name, `${g.point}${describeParams(g.params)}`, g.message];
    const passed = results.gates.filter((g) => g.passed);
    if (failedGates.length > 0) out.push(...foldedTable(['', 'check', 'point', 'detail'], failedGates.map(row), 'more failures', 'junit.xml'));
    if (passed.length > 0) out.push(...folded(`${passed.length} passing checks`, table(['', 'check', 'point', 'detail'], passed.slice(0, MAX_ROWS).map(row), passed.length, 'junit.xml')));
  }

  if (results.baseline) {
    const b = results.baseline;
    const untested = b.untested ? `, ${b.untested} not testable (fewer than 2 replicates with a value)` : '';
    out.push(
      `### Baseline: ${regressions.length === 0 ? 'no regressions' : `${regressions.length} regression${regressions.length > 1 ? 's' : ''}`} (${b.test}, family-wise ${b.alpha} over ${b.tests} tests${untested}; tolerance ${b.tolerance}; ${b.compared.length} points compared${b.unmatched.length ? `, ${b.unmatched.length} new` : ''})`,
      '',
    );
    if (regressions.length > 0) out.push(...foldedTable(['metric', 'point', 'detail'], regressions.map((r) => [r.metric, `${r.point}${describeParams(r.params)}`, r.message]), 'more regressions', 'junit.xml'));
  }

  if (failedRuns.length > 0) {
    out.push(`### Failed runs: ${failedRuns.length}`, '', 'Results of finished runs are kept; the checks above use them only.', '');
    out.push(...foldedTable(['run', 'point', 'replicate', 'seed', 'error'], failedRuns.map((r) => [String(r.index), String(r.point), String(r.replicate), r.seed, r.error ?? '']), 'more failures', 'runs.csv'));
  }
  out.push(`<sub>Files: report.html (charts), points.csv, runs.csv, timeline.csv, results.json, junit.xml.</sub>`, '');
  return out.join('\n');
}

/** Which interval each headline metric has (from the first point: a metric's method is the same at every point). */
function intervalNote(results: ResultsFile): string {
  const first = results.points[0];
  if (!first) return '';
  const by = (method: string) => HEADLINE_METRICS.filter((m) => first.metrics[m]?.method === method);
  const wilson = by('wilson');
  const t = HEADLINE_METRICS.filter((m) => !wilson.includes(m));
  return [
    wilson.length ? `${wilson.join(', ')}: pooled over replicates (Σ successes / Σ trials), Wilson score interval` : '',
    t.length ? `${t.join(', ')}: mean of the replicates, Student t interval` : '',
  ].filter(Boolean).join('; ') + '.';
}

function verdict(results: ResultsFile, gates: number, regressions: number, runs: number): string {
  const name = `invitesim \`${String(results.scenario.name ?? 'scenario').replace(/`/g, "'")}\``;
  if (exitCode(results) === 0) {
    const fallbacks = results.runs.reduce((n, r) => n + (r.result?.metrics.fallbackDecisions ?? 0), 0);
    const checks = [
      results.gates.length ? `${results.gates.length} gate checks passed` : 'no gates defined',
      results.baseline ? 'no baseline regressions' : '',
      fallbacks ? `⚠️ ${fallbacks} decisions by the policy service's fallback` : '',
    ];
    return `✅ ${name}: ${checks.filter(Boolean).join(', ')}`;
  }
  const problems = [
    gates && `${gates} of ${results.gates.length} gate checks failed`,
    regressions && `${regressions} baseline regression${regressions > 1 ? 's' : ''}`,
    runs && `${runs} run${runs > 1 ? 's' : ''} failed`,
  ].filter(Boolean);
  return `❌ ${name}: ${problems.join(', ')}`;
}

/** A cell invitesim wrote itself (an estimate such as `0.912 [0.9, 0.93]`), written as it is. */
class Markdown {
  constructor(readonly md: string) {}
}

type Cell = string | Markdown;

/** The first SHOWN rows as a table, the rest (up to MAX_ROWS) folded below it. */
function foldedTable(header: string[], rows: Cell[][], more: string, file: string): string[] {
  const head = table(header, rows.slice(0, SHOWN), Math.min(rows.length, SHOWN), file);
  if (rows.length <= SHOWN) return head;
  return [...head, ...folded(`${rows.length - SHOWN} ${more}`, table(header, rows.slice(SHOWN, MAX_ROWS), rows.length - SHOWN, file))];
}

function folded(title: string, body: string[]): string[] {
  return ['<details>', `<summary>${text(title)}</summary>`, '', ...body, '</details>', ''];
}

/** A Markdown table of `rows`; `total` beyond the rows given is noted as cut, pointing at the full `file`. */
function table(header: string[], rows: Cell[][], total: number, file: string): string[] {
  const line = (cells: Cell[]) => `| ${cells.map((c) => (c instanceof Markdown ? c.md : text(c))).join(' | ')} |`;
  const out = [line(header), `|${header.map(() => ' --- ').join('|')}|`, ...rows.map(line), ''];
  if (total > rows.length) out.push(`_${total - rows.length} more rows not shown; see ${file}._`, '');
  return out;
}
