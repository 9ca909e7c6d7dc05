/**
 * A scenario's `policy: { "http": {...} }`: validation (field paths in every message, and a
 * health check, so a service that is down stops the CLI before any run) and the factory
 * the registry calls for such a spec.
 */
import type { PolicySpec } from '../definition';
import { InputError } from '../input-error';
import type { GroundTruth } from '../truth';
import type { Policy, PolicyContext } from '../policy';
import { HttpPolicy } from './client-policy';
import { PROTOCOL_VERSION } from './protocol';
import { SyncTransport } from './sync-transport';

export const ON_ERROR = ['fail', 'allow', 'block'] as const;
export type OnError = (typeof ON_ERROR)[number];

export interface HttpPolicyOptions {
  /** Base URL of the service, e.g. http://127.0.0.1:8080. */
  url: string;
  /** Per request, in ms. */
  timeoutMs: number;
  /** Requests in flight at once; the closed loop always uses 1 (the engine waits for each answer), the load driver this many. */
  concurrency: number;
  /** On a timeout or bad answer: fail the run, or continue with an "allow" / "block" answer (counted). */
  onError: OnError;
  /** With onError "allow"/"block": failures in a row that open the circuit breaker (answers then fall back without a request). */
  breakerFailures: number;
  /** While the breaker is open, one request probes the service this often (ms). */
  breakerProbeMs: number;
  /** A built-in policy spec the service should run for this scenario; absent: the service's own. */
  policy?: PolicySpec;
  /**
   * Send ground truth (`truth.abusiveFrom`) in POST /runs, for an oracle-style service only.
   * Off unless the spec asks: a real platform's service has no ground truth to receive.
   */
  truth: boolean;
}

export const HTTP_DEFAULTS = { timeoutMs: 1000, concurrency: 1, onError: 'fail' as OnError, breakerFailures: 5, breakerProbeMs: 1000, truth: false };
const FIELDS = ['url', 'timeoutMs', 'concurrency', 'onError', 'breakerFailures', 'breakerProbeMs', 'policy', 'truth'];
const MAX_BREAKER_FAILURES = 1_000_000;
const MAX_TIMEOUT_MS = 600_000;
const MAX_CONCURRENCY = 10_000;

/**
 * Validates `{ "http": {...} }` at `path` (only at the top: the service owns the ladder, so it
 * cannot be a combinator's child), then checks the service answers GET /health.
 * `resolveChild` validates the optional `policy` the service should run.
 */
export function resolveHttpSpec(spec: Record<string, unknown>, path: string, resolveChild: (spec: unknown, path: string) => PolicySpec): PolicySpec {
  const extra = Object.keys(spec).filter((k) => k !== 'http' && !(k === 'params' && isEmptyObject(spec.params)));
  if (extra.length > 0) throw new InputError(`${path}.${extra[0]} cannot go with "http": the service's policy and params go in ${path}.http.policy`);
  if (path !== 'policy') throw new InputError(`${path}: an http policy cannot be a child of any-of or all-of (the service owns the ladder); combine policies on the service instead`);
  const h = spec.http;
  const at = `${path}.http`;
  if (h === null || typeof h !== 'object' || Array.isArray(h)) throw new InputError(`${at} must be an object like {"url": "http://127.0.0.1:8080", "timeoutMs": 1000}`);
  const o = h as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!FIELDS.includes(k)) throw new InputError(`${at}.${k} is not an http policy field; valid: ${FIELDS.join(', ')}`);
  const options: HttpPolicyOptions = {
    url: parseServiceUrl(o.url, `${at}.url`),
    timeoutMs: intField(o.timeoutMs, `${at}.timeoutMs`, HTTP_DEFAULTS.timeoutMs, MAX_TIMEOUT_MS),
    concurrency: intField(o.concurrency, `${at}.concurrency`, HTTP_DEFAULTS.concurrency, MAX_CONCURRENCY),
    onError: onErrorField(o.onError, `${at}.onError`),
    breakerFailures: intField(o.breakerFailures, `${at}.breakerFailures`, HTTP_DEFAULTS.breakerFailures, MAX_BREAKER_FAILURES),
    breakerProbeMs: intField(o.breakerProbeMs, `${at}.breakerProbeMs`, HTTP_DEFAULTS.breakerProbeMs, MAX_TIMEOUT_MS),
    truth: boolField(o.truth, `${at}.truth`, HTTP_DEFAULTS.truth),
  };
  if (o.policy !== undefined) {
    const child = resolveChild(o.policy, `${at}.policy`);
    if (child.name === undefined) throw new InputError(`${at}.policy must name a built-in policy: a service does not load plugin files a client names`);
    options.policy = child;
  }
  checkService(options.url, options.timeoutMs, `${at}.url`);
  return { http: options, params: {} };
}

/** The factory: opens a run on the service for this context; `truth` travels only when the spec says `truth: true`. */
export function createHttpPolicy(options: HttpPolicyOptions, ctx: PolicyContext, truth?: GroundTruth): Policy {
  return HttpPolicy.open(options, ctx, options.truth ? truth : undefined);
}

/** An http:// base URL without query or fragment; returned without a trailing slash. */
export function parseServiceUrl(v: unknown, at: string): string {
  if (typeof v !== 'string') throw new InputError(`${at} is required: the service's base URL, e.g. "http://127.0.0.1:8080"`);
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new InputError(`${at} "${v}" is not a URL; write e.g. "http://127.0.0.1:8080"`);
  }
  if (u.protocol !== 'http:') throw new InputError(`${at} "${v}" must be an http:// URL (got ${u.protocol})`);
  if (u.search || u.hash || u.username || u.password) throw new InputError(`${at} "${v}" must be a base URL without query, fragment or credentials`);
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}

/** GET /health must answer 200 with this protocol version; anything else is bad input (exit 2). */
export function checkService(url: string, timeoutMs: number, at: string): void {
  const transport = new SyncTransport(url);
  try {
    const r = transport.request('GET', '/health', null, timeoutMs);
    const hint = `start it (e.g. \`invitesim serve --policy weekly-cap --port ${new URL(url).port || 80}\`) or fix ${at}`;
    if (r.ok === false) throw new InputError(`${at}: the policy service ${url} does not answer (${r.error}); ${hint}`);
    let health: { status?: unknown; protocol?: unknown } | null = null;
    try {
      health = JSON.parse(r.body);
    } catch {
      // reported below
    }
    if (r.status !== 200 || health?.status !== 'ok') throw new InputError(`${at}: ${url}/health answered HTTP ${r.status} ${r.body.slice(0, 80)}; is it a policy service? ${hint}`);
    if (health.protocol !== PROTOCOL_VERSION) throw new InputError(`${at}: the service at ${url} speaks protocol ${JSON.stringify(health.protocol)}, this invitesim speaks ${PROTOCOL_VERSION}`);
  } finally {
    transport.close();
  }
}

function intField(v: unknown, at: string, def: number, max: number): number {
  if (v === undefined) return def;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max) throw new InputError(`${at} must be an integer from 1 to ${max} (got ${JSON.stringify(v)})`);
  return v;
}

function boolField(v: unknown, at: string, def: boolean): boolean {
  if (v === undefined) return def;
  if (typeof v !== 'boolean') throw new InputError(`${at} must be true or false (got ${JSON.stringify(v)})`);
  return v;
}

function onErrorField(v: unknown, at: string): OnError {
  if (v === undefined) return HTTP_DEFAULTS.onError;
  if (!ON_ERROR.includes(v as OnError)) throw new InputError(`${at} must be one of ${ON_ERROR.join(', ')} (got ${JSON.stringify(v)})`);
  return v as OnError;
}

function isEmptyObject(v: unknown): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0;
}
