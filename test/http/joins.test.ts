/**
 * A service learns when an account joins (protocol 3's `join` event), as the engine's view shows
 * it from that minute: the run's snapshot lists later sign-ups as NOT_JOINED, and each arrives
 * as `{"type": "join", "member", "time"}` ahead of the first event at or after its minute. A
 * recording front before the reference server keeps every event of a closed-loop run; they are
 * checked against the run's own members (the population's join minutes, from the same seed).
 */
import * as http from 'node:http';
import { HTTP_DEFAULTS, createHttpPolicy } from '../../policies/http/spec';
import { createRunRequest } from '../../policies/http/protocol';
import { PolicyServer } from '../../policies/http/server';
import { resolveServedPolicy } from '../../policies/http/served-policy';
import { NOT_JOINED, type PlatformView } from '../../policies/platform-view';
import { createPolicy, resolvePolicySpec } from '../../policies/registry';
import type { RunResult } from '../../sim/result';
import { buildWorld, simulate } from '../../sim/simulate';
import { smallConfig } from '../helpers/sim-config';
import { startService, type TestService } from './service';

const cfg = smallConfig({ members: 400, days: 8, shares: { regular: 0.85, sybil: 0.1, bulkSpammer: 0.05 } });

let service: TestService;
beforeAll(async () => {
  service = await startService({ policy: 'none', record: true });
});
afterAll(() => service?.stop());

type Recorded = Array<{ run: string; event: { type: string; time?: number; member?: number; sender?: number; recipient?: number } }>;

function recorded(url: string): Promise<Recorded> {
  return new Promise((resolve, reject) => {
    http.get(`${url}/recorded`, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve(JSON.parse(text)));
    }).on('error', reject);
  });
}

const withoutStats = (r: RunResult) => JSON.stringify({ ...r, policyStats: undefined });

test('every account that joins during a closed-loop run reaches the service as a join at its minute, before any event it takes part in', async () => {
  const spec = resolvePolicySpec({ name: 'weekly-cap', params: { cap: 12 } }, __dirname);
  const remote = simulate(cfg, (ctx) => createHttpPolicy({ ...HTTP_DEFAULTS, url: service.url, timeoutMs: 5000, policy: spec }, ctx));
  expect(remote.policyStats).toMatchObject({ fallbacks: 0, errors: 0 });
  // Joins change nothing a built-in decides: the run still equals the in-process one.
  expect(withoutStats(remote)).toBe(withoutStats(simulate(cfg, (ctx) => createPolicy(spec, ctx))));

  const events = await recorded(service.url);
  expect(new Set(events.map((e) => e.run)).size).toBe(1);
  const joined = buildWorld(cfg).pop.joinedAt;
  const lastMinute = Math.max(...events.map((e) => e.event.time ?? 0));
  const joins = events.filter((e) => e.event.type === 'join').map((e) => [e.event.member!, e.event.time!]);
  // Exactly the accounts that joined after the run opened and by the last minute the service saw, each at its minute.
  const expected = [...joined.keys()].filter((m) => joined[m] > 0 && joined[m] <= lastMinute).map((m) => [m, joined[m]]);
  expect(expected.length).toBeGreaterThan(5);
  const byMember = (a: number[], b: number[]) => a[0] - b[0];
  expect([...joins].sort(byMember)).toEqual(expected.sort(byMember));
  // Time never goes backwards, and no event names a later sign-up before its join.
  const announced = new Set<number>();
  let latest = 0;
  for (const { event: e } of events) {
    if (e.type === 'scores') continue;
    expect(e.time!).toBeGreaterThanOrEqual(latest);
    latest = e.time!;
    if (e.type === 'join') announced.add(e.member!);
    for (const m of [e.sender, e.recipient, e.type === 'join' ? undefined : e.member]) {
      if (m !== undefined && joined[m] > 0) expect([m, announced.has(m)]).toEqual([m, true]);
    }
  }
  // policyStats count the policy's calls: joins ride along, uncounted.
  expect(remote.policyStats!.events).toBe(events.filter((e) => e.event.type !== 'join').length);
});

describe('the reference server takes join events', () => {
  let server: PolicyServer;
  let url: string;
  const views: PlatformView[] = [];
  beforeAll(async () => {
    server = new PolicyServer({
      policy: resolveServedPolicy('score'),
      resolvePolicy: resolveServedPolicy,
      createPolicy: (spec, ctx, truth) => {
        views.push(ctx.view);
        return createPolicy(spec, ctx, truth);
      },
    });
    ({ url } = await server.listen(0));
  });
  afterAll(() => server.close());

  const post = (p: string, body: unknown) => fetch(`${url}${p}`, { method: 'POST', body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, json: await r.json() }));

  test('updates the run\'s view at the minute given, anywhere in a request; a second join of one account is a 400 that changes nothing', async () => {
    const engine = buildWorld(smallConfig({ members: 300, days: 7 }));
    const ctx = engine.policyContext();
    const later = [...engine.pop.joinedAt.keys()].filter((m) => engine.pop.joinedAt[m] > 0);
    expect(later.length).toBeGreaterThan(1);
    const [a, b] = later;
    const world = { members: ctx.members, horizon: ctx.horizon, ladder: cfg.ladder, platform: ctx.view.snapshot() };
    const created = await post('/runs', createRunRequest(world));
    expect(created.status).toBe(201);
    // score defers only `blocked`: a join may still come before the answered invite.
    expect(created.json.deferrable).toEqual(['blocked']);
    const view = views[views.length - 1];
    expect([view.joinedAt(a), view.joinedAt(b)]).toEqual([NOT_JOINED, NOT_JOINED]);
    const invite = { type: 'invite', sender: a, recipient: 0, time: 30, channel: 'profile', note: false };
    const r = await post(`/runs/${created.json.id}/events`, { seq: 1, events: [{ type: 'join', member: a, time: 20 }, invite] });
    expect(r).toMatchObject({ status: 200, json: { answer: 'allow' } });
    expect([view.joinedAt(a), view.joinedAt(b)]).toEqual([20, NOT_JOINED]);
    const again = await post(`/runs/${created.json.id}/events`, { seq: 2, events: [{ type: 'join', member: b, time: 40 }, { type: 'join', member: a, time: 40 }, { ...invite, time: 41 }] });
    expect(again.status).toBe(400);
    expect(again.json.error).toBe('events[1]: member ' + a + ' is already on the platform (joined at minute 20); an account joins once');
    expect(view.joinedAt(b)).toBe(NOT_JOINED);
  });
});
