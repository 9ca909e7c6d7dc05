/**
 * A policy service that dies mid-run under `onError: "allow"`: the run finishes on fallback
 * answers, and every report says how many decisions the fallback made (runs.csv, points.csv,
 * summary.md, junit.xml, results.json, the page data); a `fallbackRate` gate fails the run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, tempDir } from '../helpers/cli';
import { pageData } from '../../reports/view-model';
import { readResults } from '../../reports';
import { startService, type TestService } from './service';

const POLICY = { name: 'idk-threshold', params: { idks: 2 } };
const services: TestService[] = [];
afterAll(() => Promise.all(services.map((s) => s.stop())));

function scenarioFile(dir: string, url: string, expect?: object): string {
  const file = path.join(dir, `s-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify({
      name: 'fallbacks',
      seed: 7,
      days: 5,
      population: { members: 300, shares: { regular: 0.9, bulkSpammer: 0.05, sybil: 0.05 } },
      policy: { http: { url, policy: POLICY, onError: 'allow', timeoutMs: 500 } },
      ...(expect ? { expect } : {}),
    }),
  );
  return file;
}

function csvColumn(file: string, column: string): string[] {
  const [header, ...rows] = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split(','));
  const i = header.indexOf(column);
  expect(i).toBeGreaterThanOrEqual(0);
  return rows.map((r) => r[i]);
}

test('fallback decisions are in every report, and a fallbackRate gate fails the run', async () => {
  const healthy = await startService({ policy: 'none' });
  services.push(healthy);
  const dir = tempDir();
  const probe = path.join(dir, 'probe');
  expect(cli(['run', scenarioFile(dir, healthy.url), '--out', probe, '--quiet']).code).toBe(0);
  expect(csvColumn(path.join(probe, 'runs.csv'), 'fallbackDecisions')).toEqual(['0']);
  const requests = readResults(path.join(probe, 'results.json')).runs[0].result!.policyStats!.requests;

  // The service dies a third of the way in; every later answer is the fallback's.
  const dying = await startService({ policy: 'none', fault: { kind: 'kill', after: Math.floor(requests / 3) } });
  services.push(dying);
  const out = path.join(dir, 'out');
  const r = cli(['run', scenarioFile(dir, dying.url, { fallbackRate: '<= 0.01' }), '--out', out, '--quiet']);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/fallbackRate mean 0\.\d+ fails <= 0\.01/);

  const results = readResults(path.join(out, 'results.json'));
  const m = results.runs[0].result!.metrics;
  expect(m.fallbackDecisions).toBe(results.runs[0].result!.policyStats!.fallbacks);
  expect(m.fallbackDecisions).toBeGreaterThan(0);
  expect(m.fallbackRate).toBeGreaterThan(0.5);
  // Of the answers asked: those sent, and those the open circuit breaker gave without a request.
  const stats = results.runs[0].result!.policyStats!;
  expect(m.fallbackRate).toBeLessThanOrEqual(1);
  expect(m.fallbackRate).toBeCloseTo(m.fallbackDecisions / (stats.requests + stats.shortCircuited), 12);
  expect(csvColumn(path.join(out, 'runs.csv'), 'fallbackDecisions')).toEqual([String(m.fallbackDecisions)]);
  expect(csvColumn(path.join(out, 'points.csv'), 'fallbackRate_mean')).toEqual([String(m.fallbackRate)]);
  const summary = fs.readFileSync(path.join(out, 'summary.md'), 'utf8');
  expect(summary).toContain('### ⚠️ Policy service fallbacks at 1 point');
  expect(summary).toMatch(new RegExp(`\\| 0 \\| ${m.fallbackDecisions.toLocaleString('en-US')} \\| 0\\.\\d{3} \\|`));
  const junit = fs.readFileSync(path.join(out, 'junit.xml'), 'utf8');
  expect(junit).toContain(`<system-out>WARNING: the policy service failed and the onError fallback decided instead\nreplicate 0: fallbackDecisions ${m.fallbackDecisions}, fallbackRate ${m.fallbackRate}</system-out>`);
  expect(pageData(results).fallbacks).toEqual({ decisions: m.fallbackDecisions, runs: 1, maxRate: Number(m.fallbackRate!.toPrecision(4)) });
});
