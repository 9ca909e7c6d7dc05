/**
 * HttpPolicy: a Policy answered by a policy service over HTTP, for the synchronous engine.
 * Each call the engine needs answered (invite → verdict, a lift check, a review, an event
 * the service may restrict in) is one blocking request; events the service declared it
 * never restricts in are held back and sent, in order, ahead of the next request. The
 * service owns the policy and a ladder; every restriction it reports is applied to the
 * engine's ladder before the call returns, exactly where the in-process policy would have
 * made it, so a run against the service equals the in-process run of its policy.
 */
import { Ladder } from '../ladder';
import { ALLOW, BLOCK, type Channel, type Policy, type PolicyContext, type ResponseKind, type Verdict } from '../policy';
import {
  blockedJson,
  createRunRequest,
  createdRunProblem,
  decodeScore,
  eventsBody,
  inviteJson,
  joinJson,
  responseJson,
  reviewJson,
  scoresJson,
  suspiciousJson,
  verdictOf,
  type CreateRunResponse,
} from './protocol';
import { CircuitBreaker } from './breaker';
import { MAX_SCORES } from './session';
import type { PlatformView } from '../platform-view';
import { PendingJoins } from './pending-joins';
import { SyncTransport, type TransportReply } from './sync-transport';
import type { HttpPolicyOptions, OnError } from './spec';
import type { GroundTruth } from '../truth';

/** What a run against a service counts; kept with the run's result (RunResult.policyStats). */
export interface ServiceStats {
  /** HTTP requests made (session setup excluded). */
  requests: number;
  /** Events sent, held-back ones included. */
  events: number;
  /** Events held back and sent ahead of a later request. */
  heldBack: number;
  /** Answers replaced by the onError fallback: timeouts + errors + shortCircuited. */
  fallbacks: number;
  timeouts: number;
  /** Failures other than timeouts: refused or dropped connections, HTTP errors, malformed answers. */
  errors: number;
  /** Answers that fell back without a request, the circuit breaker being open. */
  shortCircuited: number;
  /** Times the circuit breaker opened. */
  breakerOpened: number;
}

/** A service failure that ends the run (onError "fail"), or a service that cannot start a run. */
export class PolicyServiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyServiceError';
  }
}

type Answer = unknown;
const FAILED = Symbol('failed');

export class HttpPolicy implements Policy {
  /** Sent at once, or held back when the service declared it never restricts on answers. */
  onResponse: (sender: number, recipient: number, kind: ResponseKind, now: number) => void;
  review?: (now: number) => void;
  onBlocked?: (sender: number, recipient: number, now: number) => void;
  score?: (member: number) => number;
  private readonly held: string[] = [];
  private readonly counts: ServiceStats = { requests: 0, events: 0, heldBack: 0, fallbacks: 0, timeouts: 0, errors: 0, shortCircuited: 0, breakerOpened: 0 };
  private readonly breaker: CircuitBreaker;
  private readonly eventsPath: string;
  private readonly runPath: string;
  private readonly fallbackVerdict: Verdict;
  private scores: Float64Array | null = null;
  private firstFailure: string | null = null;
  private closed = false;
  /** The last events request's sequence number: each request gets the next; a resend keeps its bytes, so its number. */
  private seq = 0;
  /** Accounts not on the platform when the run opened: the service hears of each as it joins. */
  private readonly joins: PendingJoins;
  /** Of `held`, the joins (not counted among `events`). */
  private heldJoins = 0;

  private constructor(
    private readonly options: HttpPolicyOptions,
    private readonly transport: SyncTransport,
    private readonly ladder: Ladder,
    private readonly members: number,
    view: PlatformView,
    run: CreateRunResponse,
  ) {
    this.joins = new PendingJoins(view);
    this.runPath = `/runs/${run.id}`;
    this.eventsPath = `${this.runPath}/events`;
    this.fallbackVerdict = options.onError === 'block' ? BLOCK : ALLOW;
    this.breaker = new CircuitBreaker(options.breakerFailures, options.breakerProbeMs);
    const deferResponses = run.deferrable.includes('response');
    const deferBlocked = run.deferrable.includes('blocked');
    this.onResponse = deferResponses
      ? (s, r, k, now) => this.hold(responseJson(s, r, k, now), now)
      : (s, r, k, now) => void this.call(responseJson(s, r, k, now), now, isNull, () => `response ${s}→${r} at minute ${now}`);
    // The engine looks for these methods: present exactly when the service's policy has them.
    if (run.hooks.blocked) {
      this.onBlocked = deferBlocked
        ? (s, r, now) => this.hold(blockedJson(s, r, now), now)
        : (s, r, now) => void this.call(blockedJson(s, r, now), now, isNull, () => `blocked ${s}→${r} at minute ${now}`);
    }
    if (run.hooks.review) this.review = (now) => void this.call(reviewJson(now), now, isNull, () => `review at minute ${now}`);
    if (run.hooks.score) this.score = (m) => (this.scores ?? this.fetchScores())[m];
  }

  /** Opens a run on the service (POST /runs) for this context; throws PolicyServiceError if it cannot. */
  static open(options: HttpPolicyOptions, ctx: PolicyContext, truth?: GroundTruth): HttpPolicy {
    if (!(ctx.ladder instanceof Ladder)) {
      throw new PolicyServiceError('an http policy needs the run\'s own ladder: it cannot be a child of any-of or all-of (combine policies on the service instead)');
    }
    const transport = new SyncTransport(options.url);
    try {
      const body = createRunRequest({ members: ctx.members, horizon: ctx.horizon, ladder: ctx.ladder.params, platform: ctx.view.snapshot(), truth }, options.policy);
      // The snapshot can be large: the upload gets ten times the per-request timeout.
      const r = transport.request('POST', '/runs', JSON.stringify(body), options.timeoutMs * 10);
      const run = parseCreated(r, options.url, options.onError);
      return new HttpPolicy(options, transport, ctx.ladder, ctx.members, ctx.view, run);
    } catch (e) {
      transport.close();
      throw e;
    }
  }

  onInvite(sender: number, recipient: number, now: number, channel: Channel, note: boolean): Verdict {
    const a = this.call(inviteJson(sender, recipient, now, channel, note), now, (x) => verdictOf(x) !== null, () => `invite ${sender}→${recipient} at minute ${now}`);
    return a === FAILED ? this.fallbackVerdict : verdictOf(a)!;
  }

  /** Asked by the engine's ladder after a cool-down; the service lifts on its side when it answers false. */
  suspicious(member: number, now: number): boolean {
    const a = this.call(suspiciousJson(member, now), now, (x) => typeof x === 'boolean', () => `lift check of member ${member} at minute ${now}`);
    // "allow" lets the restriction lift, "block" keeps it.
    return a === FAILED ? this.options.onError === 'block' : (a as boolean);
  }

  stats(): Record<string, number> {
    return { ...this.counts, breakerOpened: this.breaker.opened };
  }

  /** Sends held-back events so the service has seen the whole run, ends the run on the service, stops the helper thread. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const quick = Math.min(this.options.timeoutMs, 1000);
    try {
      // A service the breaker gave up on is not waited for again.
      if (!this.breaker.isOpen) {
        // The accounts that joined after the last call too: the service's view ends as the engine's.
        this.announceJoins(Number.MAX_SAFE_INTEGER);
        if (this.held.length > 0) this.transport.request('POST', this.eventsPath, eventsBody(this.held, ++this.seq), quick);
        this.transport.request('DELETE', this.runPath, null, quick);
      }
    } finally {
      this.transport.close();
    }
    if (this.counts.fallbacks > 0) {
      process.stderr.write(
        `invitesim: policy service ${this.options.url}: ${this.counts.fallbacks} answers fell back to "${this.options.onError}" (${this.counts.timeouts} timeouts, ${this.counts.errors} errors, ${this.counts.shortCircuited} without a request while the circuit breaker was open; first: ${this.firstFailure})\n`,
      );
    }
  }

  private hold(event: string, now: number): void {
    this.scores = null;
    this.announceJoins(now);
    this.held.push(event);
    this.counts.heldBack++;
  }

  /**
   * Holds back a `join` for each account that joined by `now`, as the engine's view shows it
   * from its minute (policies read joinedAt in process), ahead of the event at `now`. Joins
   * are not counted among the events (policyStats count the policy's calls).
   */
  private announceJoins(now: number): void {
    this.joins.due(now, this.holdJoin);
  }

  private readonly holdJoin = (member: number, minute: number): void => {
    this.held.push(joinJson(member, minute));
    this.heldJoins++;
  };

  /** Scores of every member, fetched in pages once the run's events are all sent. */
  private fetchScores(): Float64Array {
    const scores = new Float64Array(this.members);
    for (let from = 0; from < this.members; from += MAX_SCORES) {
      const count = Math.min(MAX_SCORES, this.members - from);
      const a = this.call(scoresJson(from, count), null, (x) => Array.isArray(x) && x.length === count && x.every((s) => decodeScore(s) !== null), () => `scores of members ${from}..${from + count - 1}`);
      if (a === FAILED) continue; // scores of a failed page stay 0
      const list = a as unknown[];
      for (let k = 0; k < count; k++) scores[from + k] = decodeScore(list[k])!;
    }
    this.scores = scores;
    return scores;
  }

  /**
   * One request: the held-back events, then `event`. Applies the restrictions the answer
   * reports to the engine's ladder and returns the answer; on any failure, throws
   * (onError "fail") or counts a fallback and returns FAILED.
   */
  private call(event: string, now: number | null, valid: (answer: Answer) => boolean, what: () => string): Answer | typeof FAILED {
    this.scores = null;
    if (now !== null) this.announceJoins(now);
    if (!this.breaker.allow()) {
      // The service missed these events either way; its answers are the fallback's.
      this.held.length = 0;
      this.heldJoins = 0;
      this.counts.shortCircuited++;
      this.counts.fallbacks++;
      return FAILED;
    }
    this.held.push(event);
    this.counts.requests++;
    this.counts.events += this.held.length - this.heldJoins;
    const body = eventsBody(this.held, ++this.seq);
    this.held.length = 0;
    this.heldJoins = 0;
    const r = this.transport.request('POST', this.eventsPath, body, this.options.timeoutMs);
    const problem = this.accept(r, valid);
    if (typeof problem !== 'string') {
      this.breaker.succeeded();
      return problem.answer;
    }
    this.breaker.failed();
    if (r.ok === false && r.timeout) this.counts.timeouts++;
    else this.counts.errors++;
    const message = `${what()}: ${problem}`;
    if (this.options.onError === 'fail') {
      throw new PolicyServiceError(`policy service ${this.options.url}: ${message} (set policy.http.onError to "allow" or "block" to continue with a fallback answer)`);
    }
    this.counts.fallbacks++;
    this.firstFailure ??= message;
    return FAILED;
  }

  /** The answer of a good reply (its restrictions applied), or what is wrong with it. */
  private accept(r: TransportReply, valid: (answer: Answer) => boolean): { answer: Answer } | string {
    if (r.ok === false) return r.timeout ? `timed out (${r.error})` : `request failed: ${r.error}`;
    if (r.status !== 200) return `HTTP ${r.status}: ${errorText(r.body)}`;
    let reply: { answer?: unknown; restricted?: unknown };
    try {
      reply = JSON.parse(r.body);
    } catch {
      return `the answer is not JSON: ${clip(r.body)}`;
    }
    if (reply === null || typeof reply !== 'object' || !valid(reply.answer) || !Array.isArray(reply.restricted)) {
      return `malformed answer ${clip(r.body)}`;
    }
    for (const x of reply.restricted as unknown[]) {
      const { member, time } = (x ?? {}) as { member?: unknown; time?: unknown };
      if (!Number.isInteger(member) || (member as number) < 0 || (member as number) >= this.members || !Number.isInteger(time)) {
        return `malformed restriction ${clip(JSON.stringify(x))}`;
      }
      if (!this.ladder.restrict(member as number, time as number)) {
        return `the service restricted member ${member} at minute ${time}, who is already restricted here: the service's ladder and the run's disagree`;
      }
    }
    return { answer: reply.answer };
  }
}

function isNull(x: Answer): boolean {
  return x === null;
}

/**
 * onError covers a run's requests, not its opening: with no run on the service there is no
 * state to answer from, so every onError fails the run here, and says so.
 */
function parseCreated(r: TransportReply, url: string, onError: OnError): CreateRunResponse {
  const why = onError === 'fail' ? '' : ` (onError "${onError}" covers the run's events, not opening it: a run the service never opened has nothing to answer from)`;
  const fail = (problem: string) => new PolicyServiceError(`policy service ${url}: could not start a run (POST /runs): ${problem}${why}`);
  if (r.ok === false) throw fail(r.timeout ? `timed out (${r.error})` : r.error);
  if (r.status !== 201) throw fail(`HTTP ${r.status}: ${errorText(r.body)}`);
  let run: CreateRunResponse;
  try {
    run = JSON.parse(r.body);
  } catch {
    throw fail(`the answer is not JSON: ${clip(r.body)}`);
  }
  const problem = createdRunProblem(run);
  if (problem) throw fail(`malformed answer (${problem}): ${clip(r.body)}`);
  return run;
}

/** The `error` of a JSON error body, else the body itself, shortened. */
function errorText(body: string): string {
  try {
    const e = JSON.parse(body) as { error?: unknown };
    if (typeof e?.error === 'string') return e.error;
  } catch {
    // not JSON: show it raw
  }
  return clip(body);
}

function clip(s: string): string {
  return s.length > 120 ? `${s.slice(0, 117)}...` : s || '(empty)';
}
