/**
 * The lines `run` ends with on stderr, as k6 and pytest end theirs: the headline figures with
 * their intervals (per point, the first few), the gates' verdict, and the page to open. A new
 * user's first `npm start` should answer "what happened, did it pass, where do I look" without
 * opening summary.md. --quiet keeps only the verdict line.
 */
import * as path from 'node:path';
import { describeParams } from '../reports/baseline';
import { exitCode } from '../reports';
import { formatEstimate } from '../reports/format';
import type { MetricName } from '../reports/metrics';
import type { ResultsFile } from '../reports/results';

/** The figures a terminal line has room for; summary.md and the page carry the rest. */
const TERMINAL_METRICS: MetricName[] = ['precision', 'recall', 'falsePositiveRate', 'abusiveDelivered'];
/** Points listed before "… N more points": a sweep of hundreds must not flood the terminal. */
const SHOWN_POINTS = 5;

/** The verdict: gate checks and baseline regressions, in the words summary.md uses. */
export function runVerdict(results: ResultsFile): string {
  const name = String(results.scenario.name ?? 'scenario');
  const failed = results.gates.filter((g) => !g.passed).length;
  const regressions = results.baseline?.regressions.length ?? 0;
  const parts = [
    results.gates.length === 0 ? 'no gates defined' : failed === 0 ? `${results.gates.length} of ${results.gates.length} gate checks passed` : `${failed} of ${results.gates.length} gate checks failed`,
    results.baseline ? (regressions === 0 ? 'no baseline regressions' : `${regressions} baseline regression${regressions > 1 ? 's' : ''}`) : '',
  ].filter(Boolean);
  return `${name}: ${exitCode(results) === 0 ? 'PASSED' : 'FAILED'}: ${parts.join(', ')}`;
}

/** Lines for stderr: each prefixed "invitesim: ", except the indented figures under their heading. */
export function forStderr(lines: readonly string[]): string {
  return lines.map((m) => (m.startsWith('  ') ? `${m}\n` : `invitesim: ${m}\n`)).join('');
}

/** Every line after the run, without the "invitesim: " prefix; quiet gives the verdict alone. */
export function runSummaryLines(results: ResultsFile, outDir: string, quiet: boolean): string[] {
  const verdict = runVerdict(results);
  if (quiet) return [verdict];
  const lines = results.points.slice(0, SHOWN_POINTS).map((p) => {
    const where = results.points.length === 1 ? '' : `point ${p.point}${describeParams(p.params)}: `;
    const figures = TERMINAL_METRICS.filter((m) => p.metrics[m] !== undefined).map((m) => `${m} ${formatEstimate(m, p.metrics[m])}`);
    return `  ${where}${figures.join(', ')}`;
  });
  if (results.points.length > SHOWN_POINTS) lines.push(`  … ${results.points.length - SHOWN_POINTS} more points in ${path.join(outDir, 'points.csv')}`);
  const replicates = Math.max(0, ...results.points.map((p) => p.replicates));
  return [
    `${String(results.scenario.name ?? 'scenario')}: ${results.runs.length} runs; estimate [95% CI] over ${replicates} replicate${replicates === 1 ? '' : 's'}:`,
    ...lines,
    verdict,
    `wrote ${outDir}; open ${path.join(outDir, 'report.html')}`,
  ];
}
