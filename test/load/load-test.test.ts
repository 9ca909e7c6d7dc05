/**
 * loadTest replays recorded simulation traffic through runs on the reference server; load
 * gates and output files.
 */
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PolicyServer } from '../../policies/http/server';
import { resolveServedPolicy } from '../../policies/http/served-policy';
import { createPolicy } from '../../policies/registry';
import { ReplayPlan } from '../../load/replay';
import { checkLoadGates, loadTest, parseLoadExpect, perSecondCsv, readLoadFile, recordTraffic, recordedOf, trafficOf, writeLoadFiles, buildLoadSection, type LoadFile, type Traffic } from '../../load';
import { ConnectionGraph } from '../../policies/platform/connection-graph';
import type { Policy } from '../../policies/policy';
import { smallConfig } from '../helpers/sim-config';
import { tempDir } from '../helpers/cli';

let server: PolicyServer;
let url: string;
beforeAll(async () => {
  server = new PolicyServer({ policy: resolveServedPolicy('weekly-cap'), resolvePolicy: resolveServedPolicy, createPolicy });
  ({ url } = await server.listen(0));
});
afterAll(() => server.close());

const traffic = recordTraffic(smallConfig({ members: 200, days: 3 }), { name: 'none', params: {} }, 80);

test('records invitations and answers as protocol events', () => {
  expect(traffic.length).toBe(80);
  expect(JSON.parse(traffic.eventJson(0))).toMatchObject({ type: 'invite' });
  const types = new Set(Array.from({ length: 80 }, (_, i) => JSON.parse(traffic.eventJson(i)).type));
  expect([...types].sort()).toEqual(['invite', 'response']);
});

test('survives a structured clone as plain data (as the bench hands it to a worker) and replays the same calls', () => {
  const calls = (t: Traffic) => {
    const seen: string[] = [];
    const view = new ConnectionGraph(t.platform);
    t.replay({
      onInvite: (...a: unknown[]) => (seen.push(`i${a.join()}`), 0),
      onResponse: (...a: unknown[]) => void seen.push(`r${a.join()}`),
      suspicious: () => false,
    }, view);
    // The view grew by the recording's accepts.
    seen.push(`connections ${Array.from({ length: t.members }, (_, m) => view.connectionCount(m)).join()}`);
    return seen;
  };
  const copy = trafficOf(structuredClone(recordedOf(traffic)));
  expect(copy.length).toBe(80);
  expect(calls(copy)).toEqual(calls(traffic));
  expect(calls(traffic)).toHaveLength(81);
  expect(copy.eventJson(79)).toBe(traffic.eventJson(79));
});

test('replays the recording in as many runs as the schedule needs, all answered', async () => {
  const r = await loadTest({ url, rate: 200, durationMs: 1000, concurrency: 4, timeoutMs: 2000, traffic, policy: { name: 'idk-threshold', params: { idks: 1 } } });
  // 200 requests are three passes over 80 events, each pass on four runs (one a connection).
  expect(r.runs).toBe(12);
  expect(r.trafficEvents).toBe(80);
  expect(r.ok).toBe(200);
  expect(r.errors + r.timeouts).toBe(0);
  expect(r.latencyMs.p50).not.toBeNull();
});

test('a service that is not there is a setup error, before any request', async () => {
  await expect(loadTest({ url: 'http://127.0.0.1:9', rate: 10, durationMs: 100, concurrency: 1, timeoutMs: 500, traffic })).rejects.toThrow(
    /could not open a run \(POST \/runs\): ECONNREFUSED/,
  );
});

describe('load gates', () => {
  const result = { latencyMs: { p50: 1, p90: 2, p99: 40, p999: 80, max: 90, mean: 3 }, errorRate: 0.002, timeoutRate: 0, throughput: 500 } as never;

  test('check load metrics and skip simulation metrics', () => {
    const gates = parseLoadExpect({ precision: '>= 0.9', p99LatencyMs: '< 50', errorRate: [{ op: '<=', value: 0.001 }] });
    expect(gates.map((g) => g.path)).toEqual(['expect.p99LatencyMs', 'expect.errorRate[0]']);
    const checked = checkLoadGates(gates, result);
    expect(checked.map((g) => g.passed)).toEqual([true, false]);
    expect(checked[1].message).toBe('errorRate 0.002 fails <= 0.001');
  });

  test('a malformed condition names its path', () => {
    expect(() => parseLoadExpect({ p99LatencyMs: 'fast' })).toThrow('expect.p99LatencyMs "fast" is not a condition');
    expect(() => parseLoadExpect({ errorRate: { op: '~', value: 1 } })).toThrow('expect.errorRate.op must be one of');
  });
});

test('load.json and load.csv round trip; the report section holds the series', () => {
  const rows = [
    { second: 0, span: 1, warmup: false, due: 10, ok: 10, errors: 0, timeouts: 0, p50Ms: 1.5, p90Ms: 2, p99Ms: 3, maxMs: 3 },
    { second: 1, span: 0.5, warmup: false, due: 5, ok: 0, errors: 5, timeouts: 0, p50Ms: null, p90Ms: null, p99Ms: null, maxMs: null },
  ];
  expect(perSecondCsv(rows)).toBe('second,span,warmup,due,ok,errors,timeouts,p50Ms,p90Ms,p99Ms,maxMs\n0,1,false,10,10,0,0,1.5,2,3,3\n1,0.5,false,5,0,5,0,,,,\n');
  const file = {
    schemaVersion: 1,
    scenario: 's',
    meta: { invitesimVersion: '0', date: '', host: '' },
    result: { url, rate: 10, durationMs: 1500, warmupMs: 0, concurrency: 1, requests: 15, ok: 10, errors: 5, timeouts: 0, errorRate: 1 / 3, timeoutRate: 0, throughput: 5, latencyMs: { p50: 1.5, p90: 2, p99: 3, p999: 3, max: 3, mean: 1.6 }, latencyDistribution: [], warmup: { requests: 0, ok: 0, errors: 0, timeouts: 0 }, maxSendLagMs: 0.5, perSecond: rows, errorSamples: ['HTTP 500'] },
    gates: [],
  } as unknown as LoadFile;
  const dir = tempDir();
  writeLoadFiles(dir, file);
  expect(readLoadFile(dir)).toEqual(file);
  expect(fs.readdirSync(dir).sort()).toEqual(['load.csv', 'load.json']);
  expect(fs.readFileSync(path.join(dir, 'load.csv'), 'utf8')).toBe(perSecondCsv(rows));
  const section = buildLoadSection(file);
  expect(section.series.p99Ms).toEqual([3, null]);
  expect(section.series.targetRate).toEqual([10, 5]);
  expect(section.series.span).toEqual([1, 0.5]);
  expect(section.notes.join(' ')).toMatch(/5 errors and 0 timeouts of 15 requests; first errors: HTTP 500/);
});

test('sends each request to a run with nothing in flight, in recording order within each run', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 12 }), fc.infiniteStream(fc.nat()), (requests, length, concurrency, picks) => {
      const plan = new ReplayPlan(requests, length, concurrency);
      const inFlight: number[] = [];
      const runOf = new Map<number, number>();
      const last = new Map<number, number>();
      const used = new Set<number>();
      const it = picks[Symbol.iterator]();
      for (let i = 0; i < requests; i++) {
        // The driver sends only with a connection free: finish requests in any order until one is.
        while (inFlight.length >= concurrency) plan.done(inFlight.splice(it.next().value % inFlight.length, 1)[0]);
        const run = plan.send(i);
        expect(inFlight.some((j) => runOf.get(j) === run)).toBe(false);
        const prev = last.get(run);
        if (prev !== undefined) expect(i % length).toBeGreaterThan(prev % length);
        runOf.set(i, run);
        last.set(run, i);
        used.add(run);
        inFlight.push(i);
        if (it.next().value % 2 === 0) plan.done(inFlight.splice(it.next().value % inFlight.length, 1)[0]);
      }
      expect(Math.max(...used)).toBeLessThan(plan.runs);
    }),
  );
});

test('at many connections at once, no request is refused for going back in time', async () => {
  const long = recordTraffic(smallConfig({ members: 2000, days: 7 }), { name: 'none', params: {} }, 3000);
  expect(long.length).toBe(3000);
  const r = await loadTest({ url, rate: 2500, durationMs: 1000, concurrency: 16, timeoutMs: 2000, traffic: long });
  expect(r.runs).toBe(16);
  expect(r.errorSamples).toEqual([]);
  expect(r.ok).toBe(2500);
});
