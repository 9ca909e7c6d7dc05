/**
 * writeReports: every file of an output folder from a ResultsFile, each written atomically;
 * rebuildReports: the same from a folder's results.json alone (`invitesim report DIR`).
 * A load test's load.json in the folder adds its section to report.html, its testsuite to
 * junit.xml and its verdict to summary.md.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadSummaryMarkdown, withLoadTestsuite } from './load-ci-files';
import { readLoadFile } from '../load/output';
import { buildLoadSection } from '../load/report-data';
import { writeFileAtomic } from '../io/atomic-write';
import { ATTACK_CSV, ATTACK_JSON, attackCsv, attackJson, readAttackResults, type AttackResults } from './attack';
import { attackReportHtml, attackSummaryMarkdown } from './attack-page';
import { archetypesCsv, curvesCsv, metricsCsv, pairedCsv, pointsCsv, runsCsv, timelineCsv } from './csv';
import { reportHtml } from './html';
import { junitXml } from './junit';
import { readResults, type ResultsFile } from './results';
import { resultsJson } from './serialize';
import { summaryMarkdown } from './summary';

export const REPORT_FILES = ['results.json', 'runs.csv', 'points.csv', 'timeline.csv', 'metrics.csv', 'archetypes.csv', 'curves.csv', 'paired.csv', 'report.html', 'junit.xml', 'summary.md'] as const;

/**
 * results.json goes first out and last in: while the others are rewritten there is none, so a
 * folder with a results.json always has the reports that go with it (a write that fails half
 * way, at a full disk, leaves no complete-looking folder).
 */
export function writeReports(dir: string, results: ResultsFile): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.rmSync(path.join(dir, 'results.json'), { force: true });
  writeDerived(dir, results);
  writeFileAtomic(path.join(dir, 'results.json'), resultsJson(results));
}

/** Rewrites every report except results.json from it; returns the results for the exit code. */
export function rebuildReports(dir: string): ResultsFile {
  const results = readResults(path.join(dir, 'results.json'));
  writeDerived(dir, results);
  return results;
}

function writeDerived(dir: string, results: ResultsFile): void {
  const load = readLoadFile(dir);
  writeFileAtomic(path.join(dir, 'runs.csv'), runsCsv(results));
  writeFileAtomic(path.join(dir, 'points.csv'), pointsCsv(results));
  writeFileAtomic(path.join(dir, 'timeline.csv'), timelineCsv(results));
  writeFileAtomic(path.join(dir, 'metrics.csv'), metricsCsv(results));
  writeFileAtomic(path.join(dir, 'archetypes.csv'), archetypesCsv(results));
  writeFileAtomic(path.join(dir, 'curves.csv'), curvesCsv(results));
  writeFileAtomic(path.join(dir, 'paired.csv'), pairedCsv(results));
  writeFileAtomic(path.join(dir, 'report.html'), reportHtml(results, undefined, load ? buildLoadSection(load) : undefined));
  const junit = junitXml(results);
  writeFileAtomic(path.join(dir, 'junit.xml'), load ? withLoadTestsuite(junit, load) : junit);
  const summary = summaryMarkdown(results);
  writeFileAtomic(path.join(dir, 'summary.md'), load ? `${summary}\n${loadSummaryMarkdown(load)}` : summary);
}

/** An attack's files: attack.json removed first and written last, as results.json is, so a folder with it is complete. */
export function writeAttackReports(dir: string, results: AttackResults): void {
  fs.rmSync(path.join(dir, ATTACK_JSON), { force: true });
  writeAttackDerived(dir, results);
  writeFileAtomic(path.join(dir, ATTACK_JSON), attackJson(results));
}

/** Rewrites an attack's files but attack.json from it; returns the results for the exit code. */
export function rebuildAttackReports(dir: string): AttackResults {
  const results = readAttackResults(path.join(dir, ATTACK_JSON));
  writeAttackDerived(dir, results);
  return results;
}

function writeAttackDerived(dir: string, results: AttackResults): void {
  writeFileAtomic(path.join(dir, ATTACK_CSV), attackCsv(results));
  writeFileAtomic(path.join(dir, 'report.html'), attackReportHtml(results));
  writeFileAtomic(path.join(dir, 'summary.md'), attackSummaryMarkdown(results));
}
