/**
 * onError "allow" at the one stage it does not cover: a service that answers /health but
 * refuses POST /runs. The run ends with exit 3, and the message says onError covers a run's
 * events, not its opening (as docs/http.md's onError row says).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { MAIN, tempDir } from '../helpers/cli';

let server: http.Server;
let url: string;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    if (req.url === '/health') return void res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"ok","protocol":3}');
    res.writeHead(503, { 'Content-Type': 'application/json' }).end('{"error":"no room"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

function run(onError: string): Promise<{ code: number | null; stderr: string }> {
  const dir = tempDir();
  const file = path.join(dir, 's.json');
  fs.writeFileSync(file, JSON.stringify({ name: 'refused-open', seed: 1, days: 2, population: { members: 100, shares: { regular: 1 } }, policy: { http: { url, onError } } }));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, 'run', file, '--out', path.join(dir, 'out'), '--quiet']);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

test.each(['allow', 'block'])('onError "%s" with POST /runs refused: exit 3, saying onError does not cover opening a run', async (onError) => {
  const r = await run(onError);
  expect(r.code).toBe(3);
  expect(r.stderr).toContain(`could not start a run (POST /runs): HTTP 503: no room (onError "${onError}" covers the run's events, not opening it`);
});

test('onError "fail": the same exit 3 without the onError remark', async () => {
  const r = await run('fail');
  expect(r.code).toBe(3);
  expect(r.stderr).toContain('could not start a run (POST /runs): HTTP 503');
  expect(r.stderr).not.toContain('covers the run');
});
