/**
 * `invitesim load` against services that misbehave on purpose: every way a decision service
 * can fail (malformed JSON, an answer that is not a verdict, HTTP 500, slow answers, a
 * connection closed without an answer, an unknown run's 404) is counted as an error or a
 * timeout, and the default gates (under 1% errors, under 1% timeouts) fail with exit 1.
 * Throughput is good answers per second over the whole measured window.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { MAIN, tempDir } from '../helpers/cli';

type Behaviour = 'good' | 'malformed' | 'maybe' | 'http500' | 'slow' | 'close' | 'notFound' | 'diesAfter';

/**
 * A fake service: health and POST /runs answer as the protocol says; an events request
 * answers by `behaviour` (a good answer is "allow" to an invitation, null to a response;
 * `diesAfter` answers `goodAnswers` good ones, then 500 to the rest).
 */
async function fakeService(behaviour: Behaviour, goodAnswers = 0): Promise<{ url: string; close(): Promise<void> }> {
  let answered = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const json = (status: number, body: unknown) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      if (req.url === '/health') return json(200, { status: 'ok', protocol: 3 });
      if (req.method === 'POST' && req.url === '/runs') return json(201, { id: 'r1', policy: null, hooks: { review: false, blocked: false, score: false }, deferrable: [] });
      if (req.method === 'DELETE') return void res.writeHead(204).end();
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8')).events[0] as { type: string };
      const good = { answer: event.type === 'invite' ? 'allow' : null, restricted: [] };
      switch (behaviour) {
        case 'good':
          return json(200, good);
        case 'malformed':
          return void res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"answer": "allow", "restricted": [');
        case 'maybe':
          return json(200, { answer: 'maybe', restricted: [] });
        case 'http500':
          return json(500, { error: 'boom' });
        case 'slow':
          return void setTimeout(() => json(200, good), 300);
        case 'close':
          return void req.socket.destroy();
        case 'notFound':
          return json(404, { error: 'no run r1' });
        case 'diesAfter':
          return answered++ < goodAnswers ? json(200, good) : json(500, { error: 'down' });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function cliAsync(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args]);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

function scenarioFile(dir: string): string {
  const file = path.join(dir, 'scenario.json');
  const s = { name: 'misbehaving', seed: 5, days: 3, population: { members: 200, shares: { regular: 0.9, bulkSpammer: 0.1 } }, policy: { name: 'weekly-cap', params: { cap: 5 } } };
  fs.writeFileSync(file, JSON.stringify(s));
  return file;
}

interface LoadJson {
  result: { ok: number; errors: number; timeouts: number; throughput: number; requests: number; errorSamples: string[] };
  gates: Array<{ pass: boolean }>;
}

async function load(behaviour: Behaviour, extra: string[] = [], goodAnswers = 0): Promise<{ code: number | null; stderr: string; file: LoadJson }> {
  const service = await fakeService(behaviour, goodAnswers);
  try {
    const dir = tempDir();
    const out = path.join(dir, 'out');
    const r = await cliAsync(['load', scenarioFile(dir), '--url', service.url, '--rate', '40', '--duration', '1s', '--warmup', '0', '--timeout', '150', '--out', out, '--quiet', ...extra]);
    return { ...r, file: JSON.parse(fs.readFileSync(path.join(out, 'load.json'), 'utf8')) };
  } finally {
    await service.close();
  }
}

test('a well-behaved service passes the default gates (the control)', async () => {
  const r = await load('good');
  // --quiet keeps the one verdict line, as `run` does.
  expect([r.code, r.stderr]).toEqual([0, 'invitesim: misbehaving: PASSED: 2 of 2 gate checks passed\n']);
  expect(r.file.result).toMatchObject({ ok: 40, errors: 0, timeouts: 0 });
});

test.each<[Behaviour, RegExp]>([
  ['malformed', /not a valid answer: \{"answer": "allow", "restricted": \[/],
  ['maybe', /not a valid answer: \{"answer":"maybe"/],
  ['http500', /HTTP 500/],
  ['close', /./],
  ['notFound', /HTTP 404/],
])('%s: every answer is an error and the default gates fail (exit 1)', async (behaviour, sample) => {
  const r = await load(behaviour);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/\ninvitesim: misbehaving: FAILED: 1 of 2 gate checks passed\n$/);
  expect(r.file.result.ok).toBe(0);
  expect(r.file.result.errors + r.file.result.timeouts).toBe(r.file.result.requests);
  expect(r.file.result.throughput).toBe(0);
  expect(r.file.result.errorSamples.join('\n')).toMatch(sample);
  expect(r.file.gates.some((g) => !g.pass)).toBe(true);
});

test('slow: answers past --timeout are timeouts and the timeout gate fails (exit 1)', async () => {
  const r = await load('slow');
  expect(r.code).toBe(1);
  expect(r.file.result.timeouts).toBeGreaterThan(0.5 * r.file.result.requests);
  expect(r.file.gates.some((g) => !g.pass)).toBe(true);
});

test('throughput is good answers per second over the measured window: 10 good of 40 in 1 s is about 10/s, not the rate', async () => {
  const r = await load('diesAfter', [], 10);
  expect(r.code).toBe(1);
  expect(r.file.result.ok).toBe(10);
  // The window runs from the first intended send to the last settled request (~1 s at 40/s).
  expect(r.file.result.throughput).toBeGreaterThan(8);
  expect(r.file.result.throughput).toBeLessThan(11);
});
