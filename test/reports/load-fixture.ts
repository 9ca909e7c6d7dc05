/**
 * A synthetic LoadFile for report tests: a steady test with a stall (timeouts, max latency far
 * above p50, so the latency axis goes logarithmic), a second answered by nothing (errors
 * only: null latencies, a gap), a warm-up of two seconds, and a last partial second (half a
 * second of the schedule, so half the requests: drawn as the same rate, not a drop).
 */
import { checkLoadGates, parseLoadExpect, type LoadFile, type LoadTestResult, type SecondRow } from '../../load';

export interface LoadFixtureOptions {
  scenario?: string;
  seconds?: number;
  rate?: number;
  expect?: Record<string, unknown>;
}

export function makeLoadFile(o: LoadFixtureOptions = {}): LoadFile {
  const seconds = o.seconds ?? 30;
  const rate = o.rate ?? 200;
  const stall = Math.floor(seconds / 2);
  const down = stall + 2;
  const rows: SecondRow[] = [];
  const warmupSeconds = 2;
  for (let second = 0; second <= seconds; second++) {
    const span = second === seconds ? 0.5 : 1;
    const due = rate * span;
    const base = 1 + 0.2 * Math.sin(second);
    const row = { second, span, warmup: second < warmupSeconds, due };
    if (second === down) {
      rows.push({ ...row, ok: 0, errors: due, timeouts: 0, p50Ms: null, p90Ms: null, p99Ms: null, maxMs: null });
    } else if (second === stall) {
      rows.push({ ...row, ok: due - 40, errors: 0, timeouts: 40, p50Ms: 3 * base, p90Ms: 400, p99Ms: 1000, maxMs: 1000 });
    } else {
      const errors = second === 3 ? 2 : 0;
      rows.push({ ...row, ok: due - errors, errors, timeouts: 0, p50Ms: base, p90Ms: 2 * base, p99Ms: 5 * base, maxMs: 9 * base });
    }
  }
  const measured = rows.filter((r) => !r.warmup);
  const sum = (k: 'due' | 'ok' | 'errors' | 'timeouts', of = measured) => of.reduce((t, r) => t + r[k], 0);
  const requests = sum('due');
  const warm = rows.filter((r) => r.warmup);
  const result: LoadTestResult = {
    url: 'http://127.0.0.1:8080',
    rate,
    durationMs: (seconds + 0.5 - warmupSeconds) * 1000,
    warmupMs: warmupSeconds * 1000,
    concurrency: 16,
    timeoutMs: 1000,
    requests,
    ok: sum('ok'),
    errors: sum('errors'),
    timeouts: sum('timeouts'),
    sendRate: rate,
    throughput: sum('ok') / (seconds + 0.5 - warmupSeconds),
    errorRate: (sum('errors') + sum('timeouts')) / requests,
    timeoutRate: sum('timeouts') / requests,
    latencyMs: { p50: 1.02, p90: 2.1, p99: 6.3, p999: 1000, max: 1000, mean: 2.4 },
    latencyDistribution: [
      { percentile: 0, ms: 0.8 },
      { percentile: 50, ms: 1.02 },
      { percentile: 75, ms: 1.4 },
      { percentile: 90, ms: 2.1 },
      { percentile: 99, ms: 6.3 },
      { percentile: 99.9, ms: 400 },
      { percentile: 100, ms: 1000 },
    ],
    warmup: { requests: sum('due', warm), ok: sum('ok', warm), errors: sum('errors', warm), timeouts: sum('timeouts', warm) },
    maxSendLagMs: 14.2,
    perSecond: rows,
    errorSamples: ['HTTP 503', 'ECONNRESET'],
    histogram: '',
    runs: 2,
    trafficEvents: 5000,
  };
  const gates = checkLoadGates(parseLoadExpect(o.expect ?? { p99LatencyMs: '< 50', errorRate: '<= 0.001' }), result);
  return {
    schemaVersion: 1,
    scenario: o.scenario ?? 'fixture-sweep',
    meta: { invitesimVersion: '0.1.0-test', date: '2025-01-02T00:00:00.000Z', host: 'load-host' },
    result,
    gates,
  };
}
