/**
 * The reference server's answers to bad requests: 400 naming the problem for malformed
 * JSON, oversized bodies and out-of-range fields; 404/405 for wrong paths and methods; a
 * held-back event of a type the run did not declare deferrable is refused; after all of
 * it the server still answers.
 */
import { PolicyServer } from '../../policies/http/server';
import { resolveServedPolicy } from '../../policies/http/served-policy';
import { createRunRequest } from '../../policies/http/protocol';
import { createPolicy } from '../../policies/registry';
import { viewOf } from '../policies/helpers';

const MAX_BODY = 4096;
let server: PolicyServer;
let url: string;

beforeAll(async () => {
  server = new PolicyServer({ policy: resolveServedPolicy('weekly-cap'), resolvePolicy: resolveServedPolicy, createPolicy, maxBodyBytes: MAX_BODY });
  ({ url } = await server.listen(0));
});
afterAll(() => server.close());

const world = { members: 4, horizon: 1440, ladder: { coolDownHours: 1, recheckHours: 1, strikesToPermanent: 2 }, platform: viewOf(4, [[0, 1]]).snapshot() };

async function post(path: string, body: string): Promise<{ status: number; json: any }> {
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
  return { status: res.status, json: await res.json() };
}

async function openRun(policy?: unknown): Promise<string> {
  const r = await post('/runs', JSON.stringify({ ...createRunRequest(world), ...(policy ? { policy } : {}) }));
  expect(r.status).toBe(201);
  return r.json.id;
}

/** A CSR from rows as given (not sorted or checked: the server must check). */
function csr(rows: number[][]) {
  const offsets = new Int32Array(rows.length + 1);
  rows.forEach((r, m) => (offsets[m + 1] = offsets[m] + r.length));
  return { offsets, targets: Int32Array.from(rows.flat()) };
}

const invite = (sender: number, time: number) => ({ type: 'invite', sender, recipient: 1, time, channel: 'profile', note: false });

test('health names the policy and protocol', async () => {
  const res = await fetch(`${url}/health`);
  expect(await res.json()).toMatchObject({ status: 'ok', protocol: 3, policy: { name: 'weekly-cap', params: { cap: 100 } } });
});

test('a run answers invites and reports its restrictions', async () => {
  const id = await openRun({ name: 'weekly-cap', params: { cap: 1 } });
  expect((await post(`/runs/${id}/events`, JSON.stringify({ events: [invite(0, 5)] }))).json).toEqual({ answer: 'allow', restricted: [] });
  expect((await post(`/runs/${id}/events`, JSON.stringify({ events: [invite(0, 6)] }))).json).toEqual({ answer: 'require-email', restricted: [{ member: 0, time: 6 }] });
  expect((await fetch(`${url}/runs/${id}`, { method: 'DELETE' })).status).toBe(204);
  expect((await post(`/runs/${id}/events`, JSON.stringify({ events: [invite(0, 7)] }))).status).toBe(404);
});

test.each([
  ['malformed JSON', '{"events": [', /not valid JSON/],
  ['no events', '{"events": []}', /at least one event/],
  ['an unknown type', '{"events": [{"type": "hello"}]}', /events\[0\]\.type must be one of/],
  ['a member out of range', JSON.stringify({ events: [invite(4, 1)] }), /events\[0\]\.sender must be an integer from 0 to 3/],
  ['a bad channel', JSON.stringify({ events: [{ ...invite(0, 1), channel: 'fax' }] }), /channel must be one of profile, import, email/],
  ['an oversized body', JSON.stringify({ events: [invite(0, 1)], pad: 'x'.repeat(MAX_BODY) }), /exceeds this server's limit of 4096 bytes/],
  ['an invite held back ahead of another', JSON.stringify({ events: [invite(0, 1), invite(0, 2)] }), /only the last event of a request is answered/],
  ['a review for a policy without one', '{"events": [{"type": "review", "time": 60}]}', /has no review/],
])('%s is a 400 naming the problem', async (_what, body, message) => {
  const id = await openRun();
  const r = await post(`/runs/${id}/events`, body);
  expect(r.status).toBe(400);
  expect(r.json.error).toMatch(message);
});

test.each([
  ['a missing platform snapshot', { ...createRunRequest(world), platform: undefined }, /platform must be an object/],
  ['a snapshot of the wrong size', { ...createRunRequest(world), members: 5 }, /platform.joinedAt must hold one value per member \(5\)/],
  ['one-sided connections', { ...createRunRequest({ ...world, platform: { ...world.platform, connections: csr([[1], [], [], []]) } }) }, /must be symmetric \(0 lists 1/],
  ['a member connected to itself', { ...createRunRequest({ ...world, platform: { ...world.platform, connections: csr([[0], [], [], []]) } }) }, /ids of other members \(row 0 holds 0\)/],
  ['an unsorted address book', { ...createRunRequest({ ...world, platform: { ...world.platform, addressBooks: csr([[2, 1], [], [], []]) } }) }, /row 0 must be sorted/],
  ['a wrong protocol', { ...createRunRequest(world), protocol: 1 }, /protocol must be 3/],
  ['a plugin path', { ...createRunRequest(world), policy: { module: '/etc/passwd.js' } }, /must be a built-in policy/],
  ['an unknown policy', { ...createRunRequest(world), policy: { name: 'nope' } }, /policy.name "nope" is unknown/],
])('opening a run with %s is a 400', async (_what, body, message) => {
  const r = await post('/runs', JSON.stringify(body));
  expect(r.status).toBe(400);
  expect(r.json.error).toMatch(message);
});

test('responses may be held back for a cap policy, not for one that restricts on answers', async () => {
  const response = { type: 'response', sender: 0, recipient: 1, kind: 'idk', time: 2 };
  const cap = await openRun({ name: 'weekly-cap' });
  expect((await post(`/runs/${cap}/events`, JSON.stringify({ events: [response, invite(0, 3)] }))).status).toBe(200);
  const idk = await openRun({ name: 'idk-threshold', params: { idks: 1 } });
  const r = await post(`/runs/${idk}/events`, JSON.stringify({ events: [response, invite(0, 3)] }));
  expect(r.status).toBe(400);
  expect(r.json.error).toMatch(/only blocked events may come before it/);
});

test('wrong paths and methods, then the server still answers', async () => {
  expect((await fetch(`${url}/nope`)).status).toBe(404);
  expect((await fetch(`${url}/runs`)).status).toBe(405);
  expect((await fetch(`${url}/health`, { method: 'POST', body: '{}' })).status).toBe(405);
  expect((await fetch(`${url}/health`)).status).toBe(200);
});

test('time going backwards within a run is a 400 that changes nothing; the same minute again is fine', async () => {
  const id = await openRun({ name: 'weekly-cap', params: { cap: 2 } });
  expect((await post(`/runs/${id}/events`, JSON.stringify({ events: [invite(0, 100)] }))).status).toBe(200);
  const back = await post(`/runs/${id}/events`, JSON.stringify({ events: [invite(0, 99)] }));
  expect(back).toEqual({ status: 400, json: { error: 'events[0].time 99 is before minute 100, which this run has already seen: time cannot go backwards within a run' } });
  // The refused invite was not counted: the cap of 2 is reached at the second accepted one, not before.
  expect((await post(`/runs/${id}/events`, JSON.stringify({ events: [invite(0, 100)] }))).json).toEqual({ answer: 'allow', restricted: [] });
  expect((await post(`/runs/${id}/events`, JSON.stringify({ events: [invite(0, 101)] }))).json.answer).toBe('require-email');
});

test('a repeated seq gets the last answer back unapplied; a lower or malformed seq is refused', async () => {
  const id = await openRun({ name: 'weekly-cap', params: { cap: 2 } });
  const events = (seq: unknown, time: number) => JSON.stringify({ seq, events: [invite(0, time)] });
  expect((await post(`/runs/${id}/events`, events(1, 5))).json).toEqual({ answer: 'allow', restricted: [] });
  const second = await post(`/runs/${id}/events`, events(2, 5));
  expect(second.json).toEqual({ answer: 'allow', restricted: [] });
  // Applied again, this third invitation would reach cap 2 and restrict member 0.
  expect(await post(`/runs/${id}/events`, events(2, 5))).toEqual(second);
  // A number may skip (a refused request was never applied); the next new one is counted once.
  expect((await post(`/runs/${id}/events`, events(4, 6))).json).toEqual({ answer: 'require-email', restricted: [{ member: 0, time: 6 }] });
  expect((await post(`/runs/${id}/events`, events(3, 7))).json.error).toMatch(/seq 3 is below 4, the last this run applied/);
  expect((await post(`/runs/${id}/events`, events('5', 7))).json.error).toMatch(/seq must be a positive integer/);
  expect((await post(`/runs/${id}/events`, events(0, 7))).status).toBe(400);
});
