/**
 * `invitesim serve` as a real process under slowloris and a connection flood on loopback:
 * slow and silent sockets are closed after --headers-timeout, requests past --max-connections
 * get 503 while /health answers, and the server stops cleanly afterwards (exit 0). Bounded:
 * 60 slow sockets, 120 flooding ones, a few seconds.
 */
import * as net from 'node:net';
import { rawRequest, runCli, type Child } from './helpers';


const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('slowloris and a connection flood against serve: sockets let go, 503 past the cap, /health answers, clean stop', async () => {
  let port = 0;
  let stop: () => void = () => {};
  const listening = new Promise<void>((resolve) => {
    void runCli(['serve', '--policy', 'weekly-cap', '--port', '0', '--headers-timeout', '500ms', '--max-connections', '30', '-q'], (child) => {
      stop = () => child.kill('SIGTERM');
      child.stdout!.once('data', (d: Buffer) => {
        port = Number(new URL(d.toString().trim()).port);
        resolve();
      });
    }).then((c) => (exited = c));
  });
  let exited: Child | null = null;
  await listening;
  try {
    const t0 = Date.now();
    const closedAt: number[] = [];
    const open = (first?: string) => {
      const s = net.connect(port, '127.0.0.1');
      s.on('error', () => {});
      // Read whatever comes, so the server's close is seen here.
      s.resume();
      s.on('close', () => closedAt.push(Date.now() - t0));
      if (first) s.write(first);
      return s;
    };
    const slow = Array.from({ length: 60 }, () => open('GET /health HTTP/1.1\r\nHost: x\r\n'));
    const drip = setInterval(() => slow.forEach((s) => s.writable && s.write('X-Slow: 1\r\n')), 100);
    const flood = Array.from({ length: 120 }, () => open());
    await sleep(200);
    const health = await rawRequest(port, 'GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body).status).toBe('ok');
    const refused = await rawRequest(port, 'POST /runs HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}');
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.body).error).toMatch(/more than this server serves at once \(30, serve --max-connections\)/);
    for (let waited = 0; waited < 5000 && closedAt.length < slow.length + flood.length; waited += 100) await sleep(100);
    clearInterval(drip);
    expect(closedAt).toHaveLength(slow.length + flood.length);
    expect(Math.max(...closedAt)).toBeLessThan(3000);
    const after = await rawRequest(port, 'GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(JSON.parse(after.body).connections).toBe(1);
  } finally {
    stop();
  }
  for (let waited = 0; waited < 5000 && exited === null; waited += 50) await sleep(50);
  expect(exited).toEqual({ code: 0, signal: null, stderr: '', stdout: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\n$/) });
});
