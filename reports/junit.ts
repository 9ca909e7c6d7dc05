/**
 * junit.xml: one testsuite each for gates (a testcase per gate per point), the baseline
 * comparison (a testcase per compared point) and the runs (a testcase per point, an error
 * when a replicate failed), so a CI test panel shows which check failed and why.
 */
import { describeParams } from './baseline';
import { escapeXml } from './escape';
import type { ResultsFile } from './results';

interface Case {
  name: string;
  /** A failed check (`failure`) or a run that crashed (`error`). */
  problem?: { kind: 'failure' | 'error'; message: string; detail: string };
}

export function junitXml(results: ResultsFile): string {
  const name = String(results.scenario.name ?? 'scenario');
  const suites: Array<[string, Case[]]> = [
    ['gates', gateCases(results)],
    ['runs', runCases(results)],
  ];
  if (results.baseline) suites.splice(1, 0, ['baseline', baselineCases(results)]);
  const count = (cases: Case[], kind?: 'failure' | 'error') => cases.filter((c) => (kind ? c.problem?.kind === kind : true)).length;
  const all = suites.flatMap(([, cases]) => cases);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(`invitesim ${name}`)}" tests="${all.length}" failures="${count(all, 'failure')}" errors="${count(all, 'error')}">`,
  ];
  for (const [suite, cases] of suites) {
    lines.push(`  <testsuite name="${escapeXml(`${name}.${suite}`)}" tests="${cases.length}" failures="${count(cases, 'failure')}" errors="${count(cases, 'error')}" skipped="0">`);
    for (const c of cases) {
      const open = `    <testcase classname="${escapeXml(`invitesim.${name}.${suite}`)}" name="${escapeXml(c.name)}"`;
      if (!c.problem) {
        lines.push(`${open}/>`);
        continue;
      }
      const { kind, message, detail } = c.problem;
      lines.push(`${open}>`, `      <${kind} message="${escapeXml(message)}" type="${suite}">${escapeXml(detail)}</${kind}>`, '    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

function gateCases(results: ResultsFile): Case[] {
  return results.gates.map((g) => ({
    name: `${g.name} @ point ${g.point}${describeParams(g.params)}`,
    ...(g.passed ? {} : { problem: { kind: 'failure' as const, message: g.message, detail: g.message } }),
  }));
}

function baselineCases(results: ResultsFile): Case[] {
  const comparison = results.baseline!;
  return results.points
    .filter((p) => comparison.compared.includes(p.point))
    .map((p) => {
      const regressions = comparison.regressions.filter((r) => r.point === p.point);
      const c: Case = { name: `no regression beyond tolerance ${comparison.tolerance} @ point ${p.point}${describeParams(p.params)}` };
      if (regressions.length > 0) {
        c.problem = {
          kind: 'failure',
          message: `${regressions.length} metric${regressions.length > 1 ? 's' : ''} regressed: ${regressions.map((r) => r.metric).join(', ')}`,
          detail: regressions.map((r) => r.message).join('\n'),
        };
      }
      return c;
    });
}

function runCases(results: ResultsFile): Case[] {
  const failedByPoint = new Map<number, ResultsFile['runs']>();
  for (const r of results.runs) if (r.error !== undefined) failedByPoint.set(r.point, [...(failedByPoint.get(r.point) ?? []), r]);
  return results.points.map((p) => {
    const failed = failedByPoint.get(p.point) ?? [];
    const c: Case = { name: `${p.replicates} of ${p.replicates + p.failed} replicates finished @ point ${p.point}${describeParams(p.params)}` };
    if (failed.length > 0) {
      c.problem = {
        kind: 'error',
        message: `${failed.length} replicate${failed.length > 1 ? 's' : ''} failed`,
        detail: failed.map((r) => `replicate ${r.replicate} (seed ${r.seed}): ${r.error}`).join('\n'),
      };
    }
    return c;
  });
}
