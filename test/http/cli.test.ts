/**
 * The CLI with policy services (compiled dist/, as users run it): `run` against a service
 * equals the in-process run; a service down at start is exit 2 before any run; a service
 * killed mid-run is exit 3 with the finished results kept; `load` writes its files and CI
 * files and exits 1 on a failed gate (its own or, with none, the default error and timeout
 * gates), its report.html alone or with a run in the same folder; `serve` prints its URL and stops on SIGTERM.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, cli, tempDir, withoutVerdict } from '../helpers/cli';
import { startService, type TestService } from './service';

const POLICY = { name: 'idk-threshold', params: { idks: 2 } };

function scenario(dir: string, policy: unknown, extra: Record<string, unknown> = {}): string {
  const file = path.join(dir, `s-${Math.random().toString(36).slice(2)}.json`);
  const s = {
    name: 'http-cli',
    seed: 7,
    days: 5,
    population: { members: 300, shares: { regular: 0.9, bulkSpammer: 0.05, sybil: 0.05 } },
    ladder: { coolDownHours: 24 },
    policy,
    ...extra,
  };
  fs.writeFileSync(file, JSON.stringify(s));
  return file;
}

const services: TestService[] = [];
afterAll(() => Promise.all(services.map((s) => s.stop())));
async function service(fault?: Parameters<typeof startService>[0]['fault']): Promise<string> {
  const s = await startService({ policy: 'none', fault });
  services.push(s);
  return s.url;
}

function results(dir: string): { runs: Array<{ index: number; error?: string; result?: { metrics: unknown; policyStats?: Record<string, number> } }> } {
  return JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8'));
}

test('run against a service equals the in-process run, over two runs in worker threads', async () => {
  const url = await service();
  const dir = tempDir();
  const local = cli(['run', scenario(dir, POLICY, { replicates: 2 }), '--out', path.join(dir, 'local'), '--threads', '2', '--quiet']);
  const remote = cli(['run', scenario(dir, { http: { url, policy: POLICY } }, { replicates: 2 }), '--out', path.join(dir, 'remote'), '--threads', '2', '--quiet']);
  expect([local.code, remote.code, withoutVerdict(remote.stderr)]).toEqual([0, 0, '']);
  const l = results(path.join(dir, 'local')).runs;
  const r = results(path.join(dir, 'remote')).runs;
  expect(r.map((x) => x.result!.metrics)).toEqual(l.map((x) => x.result!.metrics));
  expect(r[0].result!.policyStats).toMatchObject({ fallbacks: 0, errors: 0, timeouts: 0 });
});

test('a service down at start: exit 2 before any run, nothing written', () => {
  const dir = tempDir();
  const out = path.join(dir, 'out');
  const r = cli(['run', scenario(dir, { http: { url: 'http://127.0.0.1:9' } }), '--out', out]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/^invitesim: policy\.http\.url: the policy service http:\/\/127\.0\.0\.1:9 does not answer \(ECONNREFUSED/);
  expect(fs.existsSync(out)).toBe(false);
  const load = cli(['load', scenario(dir, POLICY), '--url', 'http://127.0.0.1:9', '--rate', '10', '--duration', '1s', '--out', out]);
  expect(load.code).toBe(2);
  expect(load.stderr).toMatch(/--url: the policy service http:\/\/127\.0\.0\.1:9 does not answer/);
  expect(fs.existsSync(out)).toBe(false);
});

test('a service killed mid-run: exit 3, the run that finished is kept', async () => {
  // The first replicate's requests pass (counted on a healthy service); the service dies early in the second's.
  const dir = tempDir();
  const first = path.join(dir, 'first');
  expect(cli(['run', scenario(dir, { http: { url: await service(), policy: POLICY } }), '--out', first, '--quiet']).code).toBe(0);
  const url = await service({ kind: 'kill', after: results(first).runs[0].result!.policyStats!.requests + 10 });
  const out = path.join(dir, 'out');
  const r = cli(['run', scenario(dir, { http: { url, policy: POLICY } }, { replicates: 2 }), '--out', out, '--threads', '1', '--quiet']);
  expect(r.code).toBe(3);
  expect(r.stderr).toMatch(/1 of 2 runs failed \(first: run 1: policy service http:\/\/127\.0\.0\.1:\d+: .*request failed: ECONN/);
  const runs = results(out).runs;
  expect(runs[0].result).toBeDefined();
  expect(runs[1].error).toMatch(/request failed/);
});

test('load writes load.json, load.csv, report.html, junit.xml and summary.md; a failed gate exits 1', async () => {
  const url = await service();
  const dir = tempDir();
  const out = path.join(dir, 'out');
  const r = cli(['load', scenario(dir, POLICY, { expect: { p99LatencyMs: '< 0.001', errorRate: '<= 0' } }), '--url', url, '--rate', '100/s', '--duration', '1s', '--warmup', '0', '--out', out]);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/expect\.p99LatencyMs: p99LatencyMs [\d.]+ fails < 0\.001/);
  expect(r.stderr).not.toMatch(/expect\.errorRate/);
  const file = JSON.parse(fs.readFileSync(path.join(out, 'load.json'), 'utf8'));
  expect(file.result).toMatchObject({ requests: 100, ok: 100, errors: 0, timeouts: 0 });
  expect(file.gates.map((g: { passed: boolean }) => g.passed)).toEqual([false, true]);
  expect(fs.readFileSync(path.join(out, 'load.csv'), 'utf8').split('\n')[0]).toBe('second,span,warmup,due,ok,errors,timeouts,p50Ms,p90Ms,p99Ms,maxMs');
  expect(r.stderr).toContain('load.csv, report.html, junit.xml and summary.md (the load test alone: no results.json in the folder)');
  // It ends on the verdict and the page to open.
  expect(r.stderr).toMatch(/: FAILED: \d+ of \d+ gate checks passed; open .*report\.html\n$/);
  const junit = fs.readFileSync(path.join(out, 'junit.xml'), 'utf8');
  expect(junit).toMatch(/<testsuites name="invitesim http-cli" tests="2" failures="1" errors="0">/);
  expect(junit).toMatch(/<testcase classname="invitesim\.http-cli\.load" name="p99LatencyMs &lt; 0\.001" time="1\.000">\s*<failure message="p99LatencyMs [\d.]+ fails &lt; 0\.001"/);
  expect(junit).toMatch(/<testcase classname="invitesim\.http-cli\.load" name="errorRate &lt;= 0" time="1\.000"\/>/);
  const summary = fs.readFileSync(path.join(out, 'summary.md'), 'utf8');
  expect(summary.split('\n')[0]).toBe('## ❌ invitesim load `http-cli`: 1 of 2 load gates failed');
  expect(summary).toContain('| ❌ | p99LatencyMs &lt; 0.001 | expect.p99LatencyMs |');
  const html = () => fs.readFileSync(path.join(out, 'report.html'), 'utf8');
  expect(html()).toContain('<section id="load"');
  expect(html()).not.toContain('id="invitesim-data"');
});

test('load refuses a folder of user files before sending anything, touching none of them', async () => {
  const url = await service();
  const dir = tempDir();
  const out = path.join(dir, 'mine');
  fs.mkdirSync(out);
  fs.writeFileSync(path.join(out, 'report.html'), '<p>my page</p>');
  const r = cli(['load', scenario(dir, POLICY), '--url', url, '--rate', '10', '--duration', '1s', '--out', out]);
  expect(r.code).toBe(2);
  expect(r.stderr).toBe(`invitesim: --out ${out}: the folder holds files invitesim did not write (report.html); it writes only into a new, empty or invitesim folder: choose another folder, or pass --force to write beside them (never over them)\n`);
  expect(fs.readdirSync(out)).toEqual(['report.html']);
  expect(fs.readFileSync(path.join(out, 'report.html'), 'utf8')).toBe('<p>my page</p>');
});

test("load into a run's folder: report.html shows both, and a later run keeps the load section", async () => {
  const url = await service();
  const dir = tempDir();
  const out = path.join(dir, 'out');
  const file = scenario(dir, POLICY);
  const html = () => fs.readFileSync(path.join(out, 'report.html'), 'utf8');
  expect(cli(['run', file, '--out', out, '--quiet']).code).toBe(0);
  const load = cli(['load', file, '--url', url, '--rate', '50', '--duration', '1s', '--warmup', '0.5s', '--out', out]);
  expect(load.code).toBe(0);
  expect(load.stderr).toContain("report.html, junit.xml and summary.md with the folder's run");
  expect(html()).toContain('<section id="load"');
  expect(html()).toContain('id="invitesim-data"');
  // The run's checks and the load test's default gates in one junit.xml and one summary.md.
  const junit = fs.readFileSync(path.join(out, 'junit.xml'), 'utf8');
  expect(junit).toContain('<testsuite name="http-cli.runs"');
  expect(junit).toMatch(/<testsuite name="http-cli\.load" tests="2" failures="0" errors="0" skipped="0" time="1\.500"/);
  const suites = [...junit.matchAll(/<testsuite [^>]*tests="(\d+)"/g)].reduce((t, m) => t + Number(m[1]), 0);
  expect(junit).toMatch(new RegExp(`<testsuites [^>]*tests="${suites}"`));
  const summary = fs.readFileSync(path.join(out, 'summary.md'), 'utf8');
  expect(summary).toContain('## ✅ invitesim load `http-cli`: 2 load gates passed');
  expect(summary).toContain('| ✅ | errorRate &lt; 0.01 | default gate (--no-default-gates turns it off) |');
  fs.rmSync(path.join(out, 'report.html'));
  expect(cli(['run', file, '--out', out, '--quiet']).code).toBe(0);
  expect(html()).toContain('<section id="load"');
});

test('load with no gates applies errorRate < 0.01 and timeoutRate < 0.01: a service answering garbage fails; --no-default-gates turns them off', async () => {
  const url = await service({ kind: 'malformed', after: 0 });
  const dir = tempDir();
  const file = scenario(dir, POLICY);
  const args = (out: string) => ['load', file, '--url', url, '--rate', '50', '--duration', '1s', '--warmup', '0', '--out', path.join(dir, out), '--quiet'];
  const gated = cli(args('gated'));
  expect(gated.code).toBe(1);
  expect(gated.stderr).toMatch(/default gate \(--no-default-gates turns it off\): errorRate 1 fails < 0\.01/);
  expect(JSON.parse(fs.readFileSync(path.join(dir, 'gated', 'load.json'), 'utf8')).result).toMatchObject({ requests: 50, errors: 50, errorRate: 1 });
  const ungated = cli([...args('ungated'), '--no-default-gates']);
  expect([ungated.code, withoutVerdict(ungated.stderr)]).toEqual([0, '']);
  expect(fs.readFileSync(path.join(dir, 'ungated', 'junit.xml'), 'utf8')).toContain('tests="0" failures="0"');
});

test('load: --warmup sends first and gates only what follows; a bad --warmup is exit 2', async () => {
  const url = await service();
  const dir = tempDir();
  const file = scenario(dir, POLICY);
  expect(cli(['load', file, '--url', url, '--rate', '50', '--duration', '1s', '--warmup', 'soon'])).toMatchObject({ code: 2, stderr: 'invitesim: --warmup must be like 0, 10s, 500ms or 2m, at most 1 hour (got "soon")\n' });
  const out = path.join(dir, 'out');
  const r = cli(['load', file, '--url', url, '--rate', '50', '--duration', '1s', '--warmup', '1s', '--out', out]);
  expect(r.code).toBe(0);
  expect(r.stderr).toContain('100 requests at 50/s for 1 s of warm-up and 1 s measured');
  const result = JSON.parse(fs.readFileSync(path.join(out, 'load.json'), 'utf8')).result;
  expect(result).toMatchObject({ requests: 50, warmupMs: 1000, warmup: { requests: 50 } });
  expect(result.perSecond.map((x: { warmup: boolean }) => x.warmup)).toEqual([true, false]);
});

test('serve: bad policy is exit 2; a good one prints its URL, answers, and stops on SIGTERM', async () => {
  expect(cli(['serve', '--policy', 'nope', '--port', '0'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--policy\.name "nope" is unknown/) });
  expect(cli(['serve', '--policy', '{"module": "./x.js"}', '--port', '0'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/must be a built-in policy/) });
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'cli', 'main.js'), 'serve', '--policy', 'weekly-cap', '--set', 'cap=7', '--port', '0', '--quiet']);
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()));
      child.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${url}/health`)).json()).toMatchObject({ status: 'ok', policy: { name: 'weekly-cap', params: { cap: 7 } } });
  } finally {
    child.kill('SIGTERM');
  }
  expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(0);
});
