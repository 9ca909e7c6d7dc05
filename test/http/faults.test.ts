/**
 * A service that dies, hangs or answers malformed JSON mid-run: with onError "fail" the run
 * ends with an error naming the service, the call and the cause; with "allow" or "block" it
 * finishes on fallback answers and counts them (policyStats). A service that hangs for good
 * opens the circuit breaker, so the run's wall time stays bounded.
 */
import { HTTP_DEFAULTS, createHttpPolicy, type HttpPolicyOptions } from '../../policies/http/spec';
import { simulate } from '../../sim/simulate';
import { smallConfig } from '../helpers/sim-config';
import { startService, type TestService } from './service';
import type { Fault } from './server-thread';

const cfg = smallConfig({ members: 150, days: 4 });
const policy = { name: 'weekly-cap', params: { cap: 5 } };
const services: TestService[] = [];
afterAll(() => Promise.all(services.map((s) => s.stop())));

async function runAgainst(fault: Fault | undefined, options: Partial<HttpPolicyOptions>) {
  const service = await startService({ policy: 'none', fault });
  services.push(service);
  return () => simulate(cfg, (ctx) => createHttpPolicy({ ...HTTP_DEFAULTS, url: service.url, timeoutMs: 2000, policy, ...options }, ctx));
}

let requests = 0;
beforeAll(async () => {
  requests = (await runAgainst(undefined, {}))().policyStats!.requests;
  expect(requests).toBeGreaterThan(50);
});

test.each([
  ['kill', /request failed: ECONN(REFUSED|RESET)/],
  ['hang', /timed out/],
  ['malformed', /malformed answer|not JSON/],
] as const)('%s mid-run fails the run with the cause', async (kind, cause) => {
  const run = await runAgainst({ kind, after: Math.floor(requests / 2) }, { timeoutMs: 300 });
  let error: Error | undefined;
  try {
    run();
  } catch (e) {
    error = e as Error;
  }
  expect(error?.name).toBe('PolicyServiceError');
  expect(error?.message).toMatch(cause);
  expect(error?.message).toMatch(/^policy service http:\/\/127\.0\.0\.1:\d+: (invite|lift check|review|response) .* \(set policy\.http\.onError to "allow" or "block"/);
});

test.each([
  ['kill', 'allow'],
  ['hang', 'block'],
  ['malformed', 'allow'],
] as const)('%s mid-run with onError "%s" finishes on counted fallbacks', async (kind, onError) => {
  // A hang costs a timeout per request: let only the last few requests meet it.
  const after = kind === 'hang' ? requests - 4 : Math.floor(requests / 2);
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const result = (await runAgainst({ kind, after }, { timeoutMs: 150, onError }))();
    const stats = result.policyStats!;
    expect(stats.fallbacks).toBeGreaterThan(0);
    expect(stats.fallbacks).toBe(stats.timeouts + stats.errors + stats.shortCircuited);
    expect(kind === 'hang' ? stats.timeouts : stats.errors).toBeGreaterThan(0);
    expect(result.metrics.invitationsAttempted).toBeGreaterThan(0);
    expect(stderr).toHaveBeenCalledWith(expect.stringMatching(new RegExp(`answers fell back to "${onError}"`)));
  } finally {
    stderr.mockRestore();
  }
});

test('a service that hangs for good opens the breaker: answers fall back at once, a probe every breakerProbeMs', async () => {
  const timeoutMs = 200;
  const breakerProbeMs = 500;
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const run = await runAgainst({ kind: 'hang', after: 10 }, { timeoutMs, onError: 'allow', breakerFailures: 3, breakerProbeMs });
    const started = Date.now();
    const stats = run().policyStats!;
    const elapsed = Date.now() - started;
    // Without the breaker: a timeout for each of the (requests - 10) decisions left.
    expect(requests - 10).toBeGreaterThan(40);
    expect(stats.breakerOpened).toBe(1);
    expect(stats.shortCircuited).toBeGreaterThan(requests / 2);
    expect(stats.fallbacks).toBe(stats.timeouts + stats.errors + stats.shortCircuited);
    // Three failures open it; after that only the probes wait.
    expect(stats.timeouts).toBeLessThanOrEqual(3 + Math.ceil(elapsed / breakerProbeMs) + 1);
    expect(elapsed).toBeLessThan((3 + 4) * (timeoutMs + 2000) + 10_000);
    expect(stderr).toHaveBeenCalledWith(expect.stringMatching(/without a request while the circuit breaker was open/));
  } finally {
    stderr.mockRestore();
  }
});
