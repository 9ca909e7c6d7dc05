/**
 * loadTest: replays recorded traffic against a policy service, open loop. Each replayed run
 * is a run on the service (POST /runs with the recorded world); when the schedule needs more
 * requests than the recording holds, further runs replay it again from the start, so minutes
 * never go backwards within a run. Runs are opened before the clock starts and ended after.
 */
import type { PolicySpec } from '../sim/config';
import { createRunRequest, createdRunProblem, eventsBody, type CreateRunResponse } from '../policies/http/protocol';
import { runOpenLoop, type OpenLoopOptions, type OpenLoopResult } from './driver';
import { httpCall } from './http-call';
import type { Traffic } from './traffic';

/** The driver's schedule and limits (its requests are the recording's events). */
export interface LoadTestOptions extends Pick<OpenLoopOptions, 'url' | 'rate' | 'durationMs' | 'warmupMs' | 'concurrency' | 'timeoutMs' | 'onProgress'> {
  traffic: Traffic;
  /** The policy the service should run (absent: its own). */
  policy?: PolicySpec;
}

export interface LoadTestResult extends OpenLoopResult {
  /** Runs opened on the service. */
  runs: number;
  /** Events in the recording replayed. */
  trafficEvents: number;
}

/** The service could not open a run: the test never started. */
export class LoadSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LoadSetupError';
  }
}

export async function loadTest(o: LoadTestOptions): Promise<LoadTestResult> {
  const { traffic } = o;
  if (traffic.length === 0) throw new LoadSetupError('the scenario produced no invitation traffic to replay; give it more members or days');
  const requests = Math.max(1, Math.round((o.rate * o.durationMs) / 1000)) + Math.round((o.rate * (o.warmupMs ?? 0)) / 1000);
  const runCount = Math.ceil(requests / traffic.length);
  const base = o.url.replace(/\/+$/, '');
  const setup = JSON.stringify(createRunRequest(traffic, o.policy));
  const ids: string[] = [];
  try {
    for (let k = 0; k < runCount; k++) ids.push(await openRun(base, setup, o.timeoutMs * 10));
    const paths = ids.map((id) => `/runs/${id}/events`);
    const result = await runOpenLoop({
      url: o.url,
      rate: o.rate,
      durationMs: o.durationMs,
      warmupMs: o.warmupMs,
      concurrency: o.concurrency,
      timeoutMs: o.timeoutMs,
      onProgress: o.onProgress,
      request: (i) => ({ path: paths[Math.floor(i / traffic.length)], body: eventsBody([traffic.eventJson(i % traffic.length)]) }),
      valid: isAnswer,
    });
    return { ...result, runs: runCount, trafficEvents: traffic.length };
  } finally {
    // Best effort: a service that died during the test drops its runs anyway.
    await Promise.all(ids.map((id) => httpCall('DELETE', `${base}/runs/${id}`, null, o.timeoutMs).catch(() => undefined)));
  }
}

async function openRun(base: string, body: string, timeoutMs: number): Promise<string> {
  let res: { status: number; text: string };
  try {
    res = await httpCall('POST', `${base}/runs`, body, timeoutMs);
  } catch (e) {
    throw new LoadSetupError(`the policy service ${base} could not open a run (POST /runs): ${(e as Error).message}`);
  }
  const text = res.text;
  if (res.status !== 201) throw new LoadSetupError(`the policy service ${base} refused to open a run (POST /runs): HTTP ${res.status} ${text.slice(0, 200)}`);
  let run: CreateRunResponse;
  try {
    run = JSON.parse(text);
  } catch {
    throw new LoadSetupError(`the policy service ${base} answered POST /runs with something other than JSON: ${text.slice(0, 200)}`);
  }
  const problem = createdRunProblem(run);
  if (problem) throw new LoadSetupError(`the policy service ${base} answered POST /runs malformed: ${problem}`);
  return run.id;
}

/** A good events answer: JSON with an `answer` and a `restricted` list. */
function isAnswer(body: string): boolean {
  try {
    const r = JSON.parse(body) as { answer?: unknown; restricted?: unknown };
    return r !== null && typeof r === 'object' && 'answer' in r && Array.isArray(r.restricted);
  } catch {
    return false;
  }
}
