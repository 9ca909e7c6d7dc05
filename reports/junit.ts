/**
 * junit.xml: one testsuite each for gates (a testcase per gate per point), the baseline
 * comparison (a testcase per compared point) and the runs (a testcase per planned point: an
 * error when a replicate failed, a failure when the run was stopped before all its replicates
 * ran, skipped when they belong to another shard), so a CI test panel shows which check failed
 * and why. Test names are stable across runs (where the check was written and which point;
 * bounds, counts and tolerances go in the message), so CI history lines up.
 */
import { sweepPoints } from '../scenarios/sweep';
import type { ParamValue } from '../sim/result';
import { describeParams } from './baseline';
import { escapeXml } from './escape';
import type { ResultsFile } from './results';

interface Case {
  name: string;
  /** Shown beside the result in CI panels (e.g. fallback decisions of a policy service). */
  out?: string;
  /** A failed check (`failure`), a run that crashed (`error`), or runs not in these results by design (`skipped`). */
  problem?: { kind: 'failure' | 'error' | 'skipped'; message: string; detail: string };
}

export function junitXml(results: ResultsFile): string {
  const name = String(results.scenario.name ?? 'scenario');
  const seconds = (results.meta.durationMs / 1000).toFixed(3);
  // JUnit's timestamp is an ISO 8601 date-time without a zone (the date is UTC).
  const timestamp = results.meta.date.replace(/(\.\d+)?Z$/, '');
  const suites: Array<[string, Case[], string]> = [
    ['gates', gateCases(results), '0.000'],
    ['runs', runCases(results), seconds],
  ];
  if (results.baseline) suites.splice(1, 0, ['baseline', baselineCases(results), '0.000']);
  const count = (cases: Case[], kind?: 'failure' | 'error' | 'skipped') => cases.filter((c) => (kind ? c.problem?.kind === kind : true)).length;
  const all = suites.flatMap(([, cases]) => cases);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(`invitesim ${name}`)}" tests="${all.length}" failures="${count(all, 'failure')}" errors="${count(all, 'error')}" skipped="${count(all, 'skipped')}" time="${seconds}" timestamp="${timestamp}">`,
  ];
  for (const [suite, cases, time] of suites) {
    lines.push(
      `  <testsuite name="${escapeXml(`${name}.${suite}`)}" tests="${cases.length}" failures="${count(cases, 'failure')}" errors="${count(cases, 'error')}" skipped="${count(cases, 'skipped')}" time="${time}" timestamp="${timestamp}">`,
    );
    for (const c of cases) {
      const open = `    <testcase classname="${escapeXml(`invitesim.${name}.${suite}`)}" name="${escapeXml(c.name)}" time="0"`;
      if (!c.problem && !c.out) {
        lines.push(`${open}/>`);
        continue;
      }
      lines.push(`${open}>`);
      if (c.problem) {
        const { kind, message, detail } = c.problem;
        lines.push(kind === 'skipped' ? `      <skipped message="${escapeXml(message)}"/>` : `      <${kind} message="${escapeXml(message)}" type="${suite}">${escapeXml(detail)}</${kind}>`);
      }
      if (c.out) lines.push(`      <system-out>${escapeXml(c.out)}</system-out>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

const at = (point: number, params: Record<string, ParamValue>) => `@ point ${point}${describeParams(params)}`;

function gateCases(results: ResultsFile): Case[] {
  return results.gates.map((g) => ({
    // The path names the gate as written (expect.recall[1]); its bound is in the message.
    name: `${g.path ?? g.name} ${at(g.point, g.params)}`,
    ...(g.passed ? {} : { problem: { kind: 'failure' as const, message: g.message, detail: `${g.name}: ${g.message}` } }),
  }));
}

function baselineCases(results: ResultsFile): Case[] {
  const comparison = results.baseline!;
  return results.points
    .filter((p) => comparison.compared.includes(p.point))
    .map((p) => {
      const regressions = comparison.regressions.filter((r) => r.point === p.point);
      const c: Case = { name: `no regression ${at(p.point, p.params)}` };
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

/** The planned points (from the resolved scenario's sweep lists) with their planned replicates. */
function plannedPoints(results: ResultsFile): Array<Record<string, ParamValue>> {
  const sweep = (results.scenario.sweep ?? {}) as Record<string, ParamValue[]>;
  return sweepPoints(Object.entries(sweep).map(([path, values]) => ({ path, size: values.length, value: (k: number) => values[k] })));
}

function runCases(results: ResultsFile): Case[] {
  const replicates = Number(results.scenario.replicates ?? 1);
  const stopped = results.meta.stoppedBy;
  return plannedPoints(results).map((params, point) => {
    const runs = results.runs.filter((r) => r.point === point);
    const failed = runs.filter((r) => r.error !== undefined);
    const finished = runs.length - failed.length;
    const c: Case = { name: `runs ${at(point, params)}`, ...fallbackNote(runs) };
    const counts = `${finished} of ${replicates} planned replicates finished`;
    if (failed.length > 0) {
      c.problem = { kind: 'error', message: `${failed.length} replicate${failed.length > 1 ? 's' : ''} failed; ${counts}`, detail: failed.map((r) => `replicate ${r.replicate} (seed ${r.seed}): ${r.error}`).join('\n') };
    } else if (runs.length < replicates && stopped) {
      c.problem = { kind: 'failure', message: `${counts}: stopped by ${stopped} before the rest ran (continue with --resume)`, detail: `${replicates - runs.length} replicates never ran` };
    } else if (runs.length < replicates) {
      c.problem = { kind: 'skipped', message: `${counts} here; the rest belong to other shards (merge them)`, detail: '' };
    }
    return c;
  });
}

/** A policy service's fallback decisions at a point, which make its results partly the fallback's. */
function fallbackNote(runs: ResultsFile['runs']): { out?: string } {
  const hit = runs.filter((r) => (r.result?.metrics.fallbackDecisions ?? 0) > 0);
  if (hit.length === 0) return {};
  const lines = hit.map((r) => `replicate ${r.replicate}: fallbackDecisions ${r.result!.metrics.fallbackDecisions}, fallbackRate ${r.result!.metrics.fallbackRate ?? 'n/a'}`);
  return { out: `WARNING: the policy service failed and the onError fallback decided instead\n${lines.join('\n')}` };
}
