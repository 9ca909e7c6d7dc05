/**
 * A load test's CI files: junit.xml (a `load` testsuite, a testcase per load gate) and
 * summary.md (the verdict, the headline latencies and rates, every gate) for a CI test panel
 * and job summary. In a folder that also holds a run, the run's junit.xml and summary.md
 * get the load test's suite and section added (see write.ts), so neither hides the other. They
 * live in reports/, beside the escaping they use, so that load/ imports nothing of reports/
 * (reports/ reads load's files; test/load/no-import-cycle.test.ts holds the direction).
 */
import type { LoadGateResult } from '../load/gates';
import type { LoadFile } from '../load/output';
import { escapeMarkdownCell as text, escapeXml } from './escape';

/** The load test's <testsuite> element, indented to sit inside <testsuites>. */
export function loadTestsuite(file: LoadFile): string {
  const name = file.scenario;
  const failures = file.gates.filter((g) => !g.passed).length;
  const seconds = ((file.result.warmupMs + file.result.durationMs) / 1000).toFixed(3);
  const lines = [
    `  <testsuite name="${escapeXml(`${name}.load`)}" tests="${file.gates.length}" failures="${failures}" errors="0" skipped="0" time="${seconds}" timestamp="${escapeXml(file.meta.date)}">`,
  ];
  for (const g of file.gates) {
    const open = `    <testcase classname="${escapeXml(`invitesim.${name}.load`)}" name="${escapeXml(g.name)}" time="${seconds}"`;
    if (g.passed) lines.push(`${open}/>`);
    else lines.push(`${open}>`, `      <failure message="${escapeXml(g.message)}" type="load">${escapeXml(`${g.path}: ${g.message}`)}</failure>`, '    </testcase>');
  }
  lines.push('  </testsuite>');
  return lines.join('\n');
}

/** junit.xml of a folder holding only a load test. */
export function loadJunitXml(file: LoadFile): string {
  const failures = file.gates.filter((g) => !g.passed).length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(`invitesim ${file.scenario}`)}" tests="${file.gates.length}" failures="${failures}" errors="0">`,
    loadTestsuite(file),
    '</testsuites>',
    '',
  ].join('\n');
}

/** A run's junit.xml (as reports/junit.ts writes it) with the load test's suite added and the totals counted again. */
export function withLoadTestsuite(junit: string, file: LoadFile): string {
  const failures = file.gates.filter((g) => !g.passed).length;
  const bump = (attr: string, by: number) => (head: string) => head.replace(new RegExp(` ${attr}="(\\d+)"`), (_, n: string) => ` ${attr}="${Number(n) + by}"`);
  const withSuite = junit.replace(/<\/testsuites>\s*$/, `${loadTestsuite(file)}\n</testsuites>\n`);
  return withSuite.replace(/<testsuites [^>]*>/, (head) => bump('failures', failures)(bump('tests', file.gates.length)(head)));
}

/** summary.md's load-test section (a whole summary for a folder holding only a load test). */
export function loadSummaryMarkdown(file: LoadFile): string {
  const r = file.result;
  const failed = file.gates.filter((g) => !g.passed);
  const verdict = failed.length > 0 ? `❌ invitesim load \`${code(file.scenario)}\`: ${failed.length} of ${file.gates.length} load gates failed` : `✅ invitesim load \`${code(file.scenario)}\`: ${file.gates.length} load gates passed`;
  const ms = (x: number | null) => (x === null ? 'n/a' : `${+x.toPrecision(4)} ms`);
  const pct = (x: number) => `${+(x * 100).toPrecision(4)}%`;
  const out = [
    `## ${verdict}`,
    '',
    `${r.rate} req/s for ${r.durationMs / 1000} s against ${text(r.url)} after a ${r.warmupMs / 1000} s warm-up (not gated), ${r.concurrency} connections · invitesim ${text(file.meta.invitesimVersion)}`,
    '',
    '| p50 | p90 | p99 | p99.9 | max | throughput | error rate | timeout rate |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    `| ${ms(r.latencyMs.p50)} | ${ms(r.latencyMs.p90)} | ${ms(r.latencyMs.p99)} | ${ms(r.latencyMs.p999)} | ${ms(r.latencyMs.max)} | ${+r.throughput.toPrecision(4)}/s | ${pct(r.errorRate)} | ${pct(r.timeoutRate)} |`,
    '',
    `### Load gates: ${file.gates.length - failed.length} of ${file.gates.length} passed`,
    '',
    '|  | check | where | detail |',
    '| --- | --- | --- | --- |',
    ...file.gates.map((g: LoadGateResult) => `| ${g.passed ? '✅' : '❌'} | ${text(g.name)} | ${text(g.path)} | ${text(g.message)} |`),
    '',
    '<sub>Files: load.json, load.csv (per second), report.html (charts), junit.xml.</sub>',
    '',
  ];
  return out.join('\n');
}

function code(s: string): string {
  return s.replace(/`/g, "'");
}
