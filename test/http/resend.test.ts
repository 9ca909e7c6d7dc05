/**
 * A resend is not a second request. A service that applies an events request and then closes
 * the connection before answering makes the client resend it (Connection.fail); the request's
 * sequence number lets the reference server answer it again unapplied, so the run equals the
 * undisturbed one byte for byte. Without the number the service counts the events twice and
 * the run drifts silently (exit 0, 0 errors).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, tempDir, withoutVerdict } from '../helpers/cli';
import { startService, type TestService } from './service';

const services: TestService[] = [];
afterAll(() => Promise.all(services.map((s) => s.stop())));

function runsCsv(url: string, dir: string, name: string): string {
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify({
      name: 'resend',
      seed: 11,
      days: 4,
      population: { members: 300, shares: { regular: 0.85, bulkSpammer: 0.15 } },
      policy: { http: { url, policy: { name: 'weekly-cap', params: { cap: 5 } } } },
    }),
  );
  const out = path.join(dir, name);
  const r = cli(['run', file, '--out', out, '--quiet']);
  expect([r.code, withoutVerdict(r.stderr)]).toEqual([0, '']);
  return fs.readFileSync(path.join(out, 'runs.csv'), 'utf8');
}

test('a service that applies a request and closes before answering gives the undisturbed run, byte for byte', async () => {
  const dir = tempDir();
  const plain = await startService({ policy: 'none' });
  // Invitations early in the run, while the cap is still being reached: counting one twice moves restrictions.
  const faulty = await startService({ policy: 'none', fault: { kind: 'apply-close', after: 40 } });
  services.push(plain, faulty);
  const undisturbed = runsCsv(plain.url, dir, 'plain');
  expect(undisturbed.split('\n').length).toBeGreaterThan(1);
  expect(runsCsv(faulty.url, dir, 'faulty')).toBe(undisturbed);
});
