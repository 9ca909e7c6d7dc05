/**
 * loadTest: replays recorded traffic against a policy service, open loop, request i carrying
 * recorded event i (from the start again past the end). Each replayed run is a run on the
 * service (POST /runs with the recorded world). Requests in flight at once travel on
 * different connections and may arrive in any order, while a service refuses time going
 * backwards within a run; so each request goes to a run with no request in flight (one of
 * `concurrency` streams), and each pass over the recording has runs of its own. Runs are
 * opened before the clock starts and ended after.
 */
import type { PolicySpec } from '../sim/config';
import { VERDICTS, createRunRequest, createdRunProblem, eventsBody, type CreateRunResponse, type Restriction } from '../policies/http/protocol';
import { runOpenLoop, type OpenLoopOptions, type OpenLoopResult } from './driver';
import { httpCall } from './http-call';
import type { Traffic } from './traffic';

/** The driver's schedule and limits (its requests are the recording's events). */
export interface LoadTestOptions extends Pick<OpenLoopOptions, 'url' | 'rate' | 'durationMs' | 'warmupMs' | 'concurrency' | 'timeoutMs' | 'onProgress'> {
  traffic: Traffic;
  /** The policy the service should run (absent: its own). */
  policy?: PolicySpec;
  /** Send the recording's ground truth in POST /runs (the scenario's `policy.http.truth: true`); off, the service gets the platform view alone. */
  truth?: boolean;
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
  const plan = new ReplayPlan(requests, traffic.length, o.concurrency);
  const base = o.url.replace(/\/+$/, '');
  const setup = JSON.stringify(createRunRequest({ ...traffic, truth: o.truth ? traffic.truth : undefined }, o.policy));
  const ids: string[] = [];
  try {
    for (let k = 0; k < plan.runs; k++) ids.push(await openRun(base, setup, o.timeoutMs * 10));
    const paths = ids.map((id) => `/runs/${id}/events`);
    // Each run numbers its requests 1, 2, … as the closed loop does, so a request the driver's
    // connection resends (docs/http.md, "Resends") is answered again, not applied twice.
    const seqs = new Int32Array(plan.runs);
    const result = await runOpenLoop({
      url: o.url,
      rate: o.rate,
      durationMs: o.durationMs,
      warmupMs: o.warmupMs,
      concurrency: o.concurrency,
      timeoutMs: o.timeoutMs,
      onProgress: o.onProgress,
      request: (i) => {
        const run = plan.send(i);
        return { path: paths[run], body: eventsBody([traffic.eventJson(i % traffic.length)], ++seqs[run]) };
      },
      done: (i) => plan.done(i),
      valid: (body, i) => isAnswer(body, traffic.isInvite(i % traffic.length)),
    });
    return { ...result, runs: plan.runs, trafficEvents: traffic.length };
  } finally {
    // Best effort: a service that died during the test drops its runs anyway.
    await Promise.all(ids.map((id) => httpCall('DELETE', `${base}/runs/${id}`, null, o.timeoutMs).catch(() => undefined)));
  }
}

/**
 * Which run each request goes to: pass p over the recording (request i is in pass
 * ⌊i / length⌋) has `streams` runs, and a request takes a stream with nothing in flight, so
 * within a run requests follow one another in recording order. There is always a free
 * stream: at most `streams` requests are in flight, and one is being sent.
 */
export class ReplayPlan {
  readonly runs: number;
  private readonly streams: number;
  private readonly free: number[];
  private readonly streamOf = new Map<number, number>();

  constructor(
    requests: number,
    private readonly length: number,
    concurrency: number,
  ) {
    this.streams = Math.min(concurrency, requests);
    this.runs = Math.ceil(requests / length) * this.streams;
    this.free = Array.from({ length: this.streams }, (_, s) => this.streams - 1 - s);
  }

  /** The run request i goes to, its stream now busy until done(i). */
  send(i: number): number {
    const s = this.free.pop();
    if (s === undefined) throw new Error(`ReplayPlan: request ${i} sent with all ${this.streams} streams in flight`);
    this.streamOf.set(i, s);
    return Math.floor(i / this.length) * this.streams + s;
  }

  done(i: number): void {
    const s = this.streamOf.get(i);
    if (s === undefined) return;
    this.streamOf.delete(i);
    this.free.push(s);
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
/**
 * A good answer to one event, as the closed-loop client would accept it: an invitation's
 * answer is a verdict name, a response's is null, and `restricted` lists {member, time}
 * pairs of integers. Anything else (`"maybe"`, a missing answer) is an error, not a pass.
 */
function isAnswer(body: string, invite: boolean): boolean {
  let r: { answer?: unknown; restricted?: unknown };
  try {
    r = JSON.parse(body);
  } catch {
    return false;
  }
  if (r === null || typeof r !== 'object' || !Array.isArray(r.restricted)) return false;
  if (invite ? !(VERDICTS as readonly unknown[]).includes(r.answer) : r.answer !== null) return false;
  return r.restricted.every((x: unknown) => x !== null && typeof x === 'object' && Number.isInteger((x as Restriction).member) && Number.isInteger((x as Restriction).time));
}
