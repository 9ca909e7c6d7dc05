/**
 * `invitesim load`: replays a scenario's simulated invitation traffic against a policy
 * service, open loop at a constant arrival rate, after a warm-up that no gate sees, and
 * writes load.json, load.csv, report.html, junit.xml and summary.md to the output folder;
 * when the folder holds a run (results.json), its reports are rebuilt so report.html,
 * junit.xml and summary.md show the run and the load test together. With no load gate in
 * the scenario, DEFAULT_LOAD_GATES apply. Exit codes: 0 ok, 1 a load gate failed, 2 bad
 * input or the service is not there (nothing was sent). Errors and timeouts during the
 * test are results, not failures: the gates judge them. The folder is claimed as `run`
 * claims it (new, empty or invitesim's, and locked) before any traffic is sent.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkService, parseServiceUrl } from '../policies/http/spec';
import { loadJunitXml, loadReportHtml, loadSummaryMarkdown, parseExpect, rebuildReports } from '../reports';
import { writeFileAtomic } from '../io/atomic-write';
import { durationMs } from '../io/durations';
import { loadScenario, toSimConfig } from '../scenarios/load';
import type { Scenario } from '../scenarios/schema';
import type { PolicySpec } from '../sim/config';
import { InputError } from '../sim/errors';
import { LoadSetupError, buildLoadSection, checkLoadGates, loadGatesOf, loadTest, recordTraffic, writeLoadFiles, type LoadFile, type LoadGate, type LoadTestResult, type OpenLoopResult } from '../load';
import { taskSeed } from '../runner';
import { EXIT_GATE_FAILED, EXIT_OK } from './exit-codes';
import { OutputFolder } from './output-folder';
import { positiveInt } from './options';
import { VERSION } from './version';
import { DEFAULT_LOAD_CONCURRENCY, DEFAULT_WARMUP } from './defaults';

export interface LoadFlags {
  url?: string;
  rate: string;
  duration: string;
  warmup?: string;
  /** false with --no-default-gates. */
  defaultGates: boolean;
  concurrency?: string;
  timeout?: string;
  out?: string;
  force?: boolean;
  set: string[];
  quiet?: boolean;
}

const MAX_RATE = 1_000_000;
const MAX_DURATION_MS = 3_600_000;
/** Events recorded at most; longer tests replay the recording in further runs. */
const MAX_RECORDED = 2_000_000;

export async function loadCommand(ref: string, flags: LoadFlags): Promise<number> {
  const scenario = loadScenario(ref, flags.set);
  const http = scenario.policy.http;
  const url = flags.url !== undefined ? parseServiceUrl(flags.url, '--url') : http?.url;
  if (url === undefined) throw new InputError('--url is required (the policy service to load), unless the scenario\'s policy is {"http": {"url": ...}}');
  const rate = parseRate(flags.rate);
  const durationMs = parseDuration(flags.duration, '--duration');
  const warmupMs = parseDuration(flags.warmup ?? DEFAULT_WARMUP, '--warmup', 0);
  const concurrency = positiveInt('--concurrency', flags.concurrency) ?? (http && http.concurrency > 1 ? http.concurrency : DEFAULT_LOAD_CONCURRENCY);
  const timeoutMs = positiveInt('--timeout', flags.timeout) ?? http?.timeoutMs ?? 1000;
  // The whole block is checked as run checks it (one list of gate metrics); load then keeps its own, or the defaults.
  parseExpect(scenario.expect, 'expect');
  const gates = loadGatesOf(scenario.expect, flags.defaultGates !== false);
  checkService(url, timeoutMs, '--url');
  const outDir = flags.out ?? path.join('out', scenario.name);
  const folder = OutputFolder.claim(outDir, { command: 'load', flag: `--out ${outDir}`, force: flags.force === true });
  let written = false;
  try {
    return await testAndWrite({ scenario, flags, url, rate, durationMs, warmupMs, concurrency, timeoutMs, gates, outDir }, () => (written = true));
  } catch (e) {
    if (!written) folder.abandon();
    throw e;
  } finally {
    folder.release();
  }
}

/** The load test's settings (as its result reports them), and what the command writes. */
interface LoadRun extends Pick<OpenLoopResult, 'url' | 'rate' | 'durationMs' | 'warmupMs' | 'concurrency' | 'timeoutMs'> {
  scenario: Scenario;
  flags: LoadFlags;
  gates: LoadGate[];
  outDir: string;
}

/** Records the traffic, runs the load test and writes its files into the claimed folder; `writing()` is called before the first write. */
async function testAndWrite({ scenario, flags, url, rate, durationMs, warmupMs, concurrency, timeoutMs, gates, outDir }: LoadRun, writing: () => void): Promise<number> {
  const http = scenario.policy.http;
  const log = (s: string) => {
    if (!flags.quiet) process.stderr.write(`invitesim: ${s}\n`);
  };
  const requests = Math.max(1, Math.round((rate * durationMs) / 1000)) + Math.round((rate * warmupMs) / 1000);
  // Traffic comes from the scenario's own in-process policy; a scenario served over HTTP is recorded without one.
  const recordWith: PolicySpec = http ? (http.policy ?? { name: 'none', params: {} }) : scenario.policy;
  const started = Date.now();
  const traffic = recordTraffic(toSimConfig(scenario, taskSeed(scenario.seed, 0, 0)), recordWith, Math.min(requests, MAX_RECORDED));
  log(`load: ${requests} requests at ${rate}/s for ${warmupMs / 1000} s of warm-up and ${durationMs / 1000} s measured to ${url} (${traffic.length} recorded events of "${scenario.name}", ${concurrency} connections)`);
  const tty = process.stderr.isTTY && !flags.quiet;
  let result: LoadTestResult;
  try {
    result = await loadTest({
      url,
      rate,
      durationMs,
      warmupMs,
      concurrency,
      timeoutMs,
      traffic,
      ...(http?.policy ? { policy: http.policy } : {}),
      truth: http?.truth === true,
      onProgress: tty ? (sent, done, total) => process.stderr.write(`\rinvitesim: load: ${sent}/${total} sent, ${done} done `) : undefined,
    });
  } catch (e) {
    if (e instanceof LoadSetupError) throw new InputError(e.message);
    throw e;
  }
  if (tty) process.stderr.write('\n');
  const checked = checkLoadGates(gates, result);
  const file: LoadFile = {
    schemaVersion: 1,
    scenario: scenario.name,
    meta: { invitesimVersion: VERSION, date: new Date(started).toISOString(), host: os.hostname() },
    result,
    gates: checked,
  };
  writing();
  writeLoadFiles(outDir, file);
  const report = writeLoadReport(outDir, file);
  const l = result.latencyMs;
  const ms = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(2)} ms`);
  log(
    `load: latency p50 ${ms(l.p50)}, p90 ${ms(l.p90)}, p99 ${ms(l.p99)}, p99.9 ${ms(l.p999)}, max ${ms(l.max)}; ` +
      `throughput ${result.throughput.toFixed(1)}/s (target ${rate}/s); ${result.errors} errors, ${result.timeouts} timeouts (error rate ${(result.errorRate * 100).toFixed(2)}%)`,
  );
  const failed = checked.filter((g) => !g.passed);
  for (const g of failed) process.stderr.write(`invitesim: ${g.path}: ${g.message}\n`);
  log(`wrote ${path.join(outDir, 'load.json')}${report}`);
  const verdict = `${scenario.name}: ${failed.length > 0 ? 'FAILED' : 'PASSED'}: ${checked.length === 0 ? 'no gates defined' : `${checked.length - failed.length} of ${checked.length} gate checks passed`}`;
  // As `run` ends (cli/run-summary.ts): --quiet keeps the verdict line alone.
  process.stderr.write(`invitesim: ${verdict}${flags.quiet ? '' : `; open ${path.join(outDir, 'report.html')}`}
`);
  return failed.length > 0 ? EXIT_GATE_FAILED : EXIT_OK;
}

/** report.html, junit.xml and summary.md beside load.json; returns the rest of the "wrote …" log line. */
function writeLoadReport(dir: string, file: LoadFile): string {
  if (fs.existsSync(path.join(dir, 'results.json'))) {
    try {
      rebuildReports(dir);
      return ", load.csv, and report.html, junit.xml and summary.md with the folder's run (its other reports rebuilt from results.json)";
    } catch (e) {
      // The load test went fine: a broken results.json costs the run's reports, not the load verdict.
      if (!(e instanceof InputError)) throw e;
      process.stderr.write(`invitesim: report.html not rewritten: ${e.message}\n`);
      writeLoadCiFiles(dir, file);
      return ', load.csv, junit.xml and summary.md (the load test alone)';
    }
  }
  writeFileAtomic(path.join(dir, 'report.html'), loadReportHtml(buildLoadSection(file)));
  writeLoadCiFiles(dir, file);
  return ', load.csv, report.html, junit.xml and summary.md (the load test alone: no results.json in the folder)';
}

function writeLoadCiFiles(dir: string, file: LoadFile): void {
  writeFileAtomic(path.join(dir, 'junit.xml'), loadJunitXml(file));
  writeFileAtomic(path.join(dir, 'summary.md'), loadSummaryMarkdown(file));
}

/** `500` or `500/s`. */
export function parseRate(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:\/s)?\s*$/.exec(text);
  const r = m ? Number(m[1]) : NaN;
  if (!(r > 0 && r <= MAX_RATE)) throw new InputError(`--rate must be requests per second, like 500 or 500/s, from above 0 to ${MAX_RATE} (got "${text}")`);
  return r;
}

/** `10s`, `500ms`, `2m`, or plain seconds (io/durations.ts), from `min` ms to an hour; `flag` names it in the message. */
export function parseDuration(text: string, flag = '--duration', min = 1): number {
  const ms = durationMs(text) ?? NaN;
  if (!(ms >= min && ms <= MAX_DURATION_MS)) throw new InputError(`${flag} must be like ${min === 0 ? '0, ' : ''}10s, 500ms or 2m, at most 1 hour (got "${text}")`);
  return ms;
}
