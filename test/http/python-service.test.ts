/**
 * examples/http-weekly-cap/service.py, a stdlib-only Python service written from docs/http.md's
 * rule table, run closed loop: runs.csv equals the in-process weekly-cap's byte for byte, over
 * a cap sweep and a ladder whose restrictions lift (so the table's `suspicious` rule is
 * exercised, not only "restricts").
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, cli, tempDir, withoutVerdict } from '../helpers/cli';

const PYTHON = '/usr/bin/python3';
let service: ChildProcess;
let url: string;

beforeAll(async () => {
  service = spawn(PYTHON, [path.join(ROOT, 'examples', 'http-weekly-cap', 'service.py'), '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  url = await new Promise<string>((resolve, reject) => {
    service.once('error', reject);
    service.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim()));
  });
});
afterAll(() => {
  service?.kill();
});

/** Every decision of the remote run is a round trip to Python: 200 members keep it short and still lift restrictions at both caps (7 and 5 lifts). */
function runsCsv(dir: string, name: string, policy: unknown, sweepPath: string): string {
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify({
      name: 'python-weekly-cap',
      seed: 5,
      days: 10,
      population: { members: 200, shares: { regular: 0.85, bulkSpammer: 0.15 } },
      ladder: { coolDownHours: 24, recheckHours: 12, strikesToPermanent: 3 },
      policy,
      sweep: { [sweepPath]: [5, 20] },
    }),
  );
  const out = path.join(dir, name);
  const r = cli(['run', file, '--out', out, '--quiet']);
  expect([r.code, withoutVerdict(r.stderr)]).toEqual([0, '']);
  return fs.readFileSync(path.join(out, 'runs.csv'), 'utf8');
}

test('the Python weekly-cap service equals the built-in, byte for byte', () => {
  const dir = tempDir();
  const local = runsCsv(dir, 'local', { name: 'weekly-cap', params: { cap: 5 } }, 'policy.params.cap');
  const remote = runsCsv(dir, 'remote', { http: { url, policy: { name: 'weekly-cap', params: { cap: 5 } } } }, 'policy.http.policy.params.cap');
  // Restrictions lift, so the lift rule (`suspicious`) is compared too, not only "restricts".
  const header = local.split('\n')[0].split(',');
  const row = local.split('\n')[1].split(',');
  expect(Number(row[header.indexOf('restrictionsLifted')])).toBeGreaterThan(0);
  // The one difference is the sweep column's name, which is the swept path.
  expect(remote.replace('policy_http_policy_params_cap', 'policy_params_cap')).toBe(local);
});
