/**
 * A run against the reference service equals the in-process run of the same policy and
 * seed, byte for byte: restrictions land at the same point of the event order, lift checks
 * ask the same questions, scores come back exact.
 */
import { HTTP_DEFAULTS, createHttpPolicy } from '../../policies/http/spec';
import { createPolicy, resolvePolicySpec } from '../../policies/registry';
import type { RunResult } from '../../sim/result';
import { simulate } from '../../sim/simulate';
import { smallConfig } from '../helpers/sim-config';
import { startService, type TestService } from './service';

const cfg = smallConfig({ members: 400, days: 8, ladder: { coolDownHours: 24, recheckHours: 12, strikesToPermanent: 3 } });

let service: TestService;
beforeAll(async () => {
  service = await startService({ policy: 'none' });
});
afterAll(() => service?.stop());

function withoutStats(r: RunResult): string {
  const { policyStats: _, ...rest } = r;
  return JSON.stringify(rest);
}

describe.each([
  ['weekly-cap', { name: 'weekly-cap', params: { cap: 12 } }],
  ['idk-threshold', { name: 'idk-threshold', params: { idks: 2 } }],
  ['score', { name: 'score', params: {} }],
  // Clustering on the connection graph: the service's view must grow by the same accepts as the engine's.
  ['acceptance-ratio', { name: 'acceptance-ratio', params: { minAnswered: 5, maxClustering: 0.05 } }],
])('%s over HTTP', (_name, raw) => {
  test('equals the in-process run', () => {
    const spec = resolvePolicySpec(raw, __dirname);
    const local = simulate(cfg, (ctx) => createPolicy(spec, ctx));
    const remote = simulate(cfg, (ctx) => createHttpPolicy({ ...HTTP_DEFAULTS, url: service.url, timeoutMs: 5000, policy: spec }, ctx));
    expect(local.metrics.restrictionsStarted).toBeGreaterThan(0);
    expect(withoutStats(remote)).toBe(withoutStats(local));
    expect(remote.policyStats).toMatchObject({ fallbacks: 0, timeouts: 0, errors: 0 });
    expect(remote.policyStats!.requests).toBeGreaterThan(0);
  });
});
