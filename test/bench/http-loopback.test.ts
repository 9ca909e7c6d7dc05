/**
 * The HTTP bench's loopback comparison replays traffic a service accepts: every request of both
 * sides answered 200 with a verdict (the bench once replayed one run from 16 connections at once,
 * so times went backwards, the server rightly answered 400, and the bench still wrote a ratio and
 * exited 0). And the sanity check fails a round in which more than 1% of a side's requests failed.
 */
import * as path from 'node:path';
import { ROOT } from '../helpers/cli';
import { sanityFailures } from '../../bench/sanity';
import type { DriverComparison } from '../../bench/http';

// From dist/: the bench starts `invitesim serve` from the compiled CLI beside it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { benchLoopback } = require(path.join(ROOT, 'dist', 'bench', 'http.js')) as typeof import('../../bench/http');

const withLoopback = (loopback: DriverComparison) => ({ http: { policies: [], loopback } });

describe('the HTTP bench on loopback', () => {
  it('gets a good answer to every request of both autocannon and the driver', async () => {
    const lines: string[] = [];
    const l = await benchLoopback(0.5, 1, 4, (s) => lines.push(s));
    expect(l.failures.autocannon.requests).toBeGreaterThan(1000);
    expect(l.failures.driver.requests).toBeGreaterThan(1000);
    expect([l.failures.autocannon.failed, l.failures.driver.failed, lines.filter((s) => /errors/.test(s))]).toEqual([0, 0, []]);
    expect(l.autocannon[0]).toBeGreaterThan(0);
    expect(l.driver[0]).toBeGreaterThan(0);
    expect(l.ratio).toBeCloseTo(l.driver[0] / l.autocannon[0], 10);
    expect(sanityFailures(withLoopback(l))).toEqual([]);
  }, 120_000);

  it('fails the sanity check when more than 1% of either side\'s requests failed', () => {
    const ok = { connections: 4, seconds: 1, autocannon: [100], driver: [150], ratio: 1.5 };
    const failures = (a: number, d: number) => ({ autocannon: { requests: 1000, failed: a }, driver: { requests: 1000, failed: d } });
    expect(sanityFailures(withLoopback({ ...ok, failures: failures(10, 10) }))).toEqual([]);
    expect(sanityFailures(withLoopback({ ...ok, failures: failures(11, 0) }))).toEqual(['loopback autocannon: 11 of 1000 requests failed, more than 1%']);
    expect(sanityFailures(withLoopback({ ...ok, failures: failures(0, 1000) }))).toEqual(['loopback driver: 1000 of 1000 requests failed, more than 1%']);
  });
});

describe('the policies bench', () => {
  it('times every built-in, the model policy with the model learned-vs-adaptive ships, at a positive rate', async () => {
    const { benchPolicies } = require(path.join(ROOT, 'dist', 'bench', 'http.js')) as typeof import('../../bench/http');
    const { listPolicies } = require(path.join(ROOT, 'dist', 'policies', 'registry.js')) as typeof import('../../policies/registry');
    const rates = await benchPolicies(1000, 1, () => {});
    expect(rates.map((r) => r.policy)).toEqual(listPolicies().map((d) => d.name));
    expect(rates.filter((r) => !(r.callsPerSecond > 0))).toEqual([]);
  }, 300_000);
});
