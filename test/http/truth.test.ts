/**
 * Ground truth reaches a policy service only when its spec asks (`policy.http.truth: true`):
 * a recording front before the reference server keeps every POST /runs body that `run` and
 * `load` send, and a spec without `truth` sends none.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { PolicyServer } from '../../policies/http/server';
import { resolveServedPolicy } from '../../policies/http/served-policy';
import { createPolicy } from '../../policies/registry';
import { MAIN, tempDir, withoutVerdict } from '../helpers/cli';

interface Recorder {
  url: string;
  runBodies: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

async function recordingService(): Promise<Recorder> {
  const server = new PolicyServer({ policy: resolveServedPolicy('none'), resolvePolicy: resolveServedPolicy, createPolicy });
  const inner = await server.listen(0);
  const runBodies: Array<Record<string, unknown>> = [];
  const front = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.method === 'POST' && req.url === '/runs') runBodies.push(JSON.parse(body.toString('utf8')));
      const out = http.request(`${inner.url}${req.url}`, { method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode!, r.headers);
        r.pipe(res);
      });
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(front.address() as AddressInfo).port}`,
    runBodies,
    close: async () => {
      front.closeAllConnections();
      await new Promise((resolve) => front.close(resolve));
      await server.close();
    },
  };
}

/** Spawns the CLI without blocking this thread (the recording front runs in it). */
function cliAsync(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args]);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

function scenario(dir: string, httpSpec: Record<string, unknown>): string {
  const file = path.join(dir, `s-${Math.random().toString(36).slice(2)}.json`);
  const s = {
    name: 'truth-channel',
    seed: 3,
    days: 3,
    population: { members: 200, shares: { regular: 0.9, bulkSpammer: 0.1 } },
    policy: { http: { policy: { name: 'weekly-cap', params: { cap: 5 } }, ...httpSpec } },
  };
  fs.writeFileSync(file, JSON.stringify(s));
  return file;
}

let rec: Recorder;
beforeEach(async () => {
  rec = await recordingService();
});
afterEach(() => rec.close());

test('run and load send no truth field unless the spec says truth: true', async () => {
  const dir = tempDir();
  const file = scenario(dir, { url: rec.url });
  const run = await cliAsync(['run', file, '--out', path.join(dir, 'run'), '--quiet']);
  expect([run.code, withoutVerdict(run.stderr)]).toEqual([0, '']);
  const load = await cliAsync(['load', file, '--rate', '20', '--duration', '0.5s', '--warmup', '0', '--out', path.join(dir, 'load'), '--quiet']);
  expect(load.code).toBe(0);
  expect(rec.runBodies.length).toBeGreaterThanOrEqual(2);
  for (const body of rec.runBodies) {
    expect(Object.keys(body)).not.toContain('truth');
    expect(JSON.stringify(body)).not.toMatch(/abusiveFrom/);
  }
});

test('truth: true sends abusiveFrom, one Int32 per member, to run and load', async () => {
  const dir = tempDir();
  const file = scenario(dir, { url: rec.url, truth: true });
  const run = await cliAsync(['run', file, '--out', path.join(dir, 'run'), '--quiet']);
  expect([run.code, withoutVerdict(run.stderr)]).toEqual([0, '']);
  const load = await cliAsync(['load', file, '--rate', '20', '--duration', '0.5s', '--warmup', '0', '--out', path.join(dir, 'load'), '--quiet']);
  expect(load.code).toBe(0);
  expect(rec.runBodies.length).toBeGreaterThanOrEqual(2);
  for (const body of rec.runBodies) {
    const abusiveFrom = Buffer.from((body.truth as { abusiveFrom: string }).abusiveFrom, 'base64');
    expect(abusiveFrom.length).toBe(200 * 4);
  }
});

test('truth must be a boolean: exit 2 naming the field', async () => {
  const dir = tempDir();
  const r = await cliAsync(['run', scenario(dir, { url: rec.url, truth: 'yes' }), '--out', path.join(dir, 'run')]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/policy\.http\.truth must be true or false/);
});
