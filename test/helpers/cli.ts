/** Runs the compiled CLI (npm test builds dist/ first) and captures what a user sees. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.join(__dirname, '..', '..');
export const MAIN = path.join(ROOT, 'dist', 'cli', 'main.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` (npm test does it first)`);
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd: opts.cwd ?? ROOT, encoding: 'utf8', env: { ...process.env, ...opts.env }, timeout: 300000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'invitesim-test-'));
}

/**
 * stderr without the verdict line a passing `run` or `merge` ends on even under --quiet
 * (cli/run-summary.ts), for tests that check a quiet run says nothing else.
 */
export function withoutVerdict(stderr: string): string {
  return stderr.replace(/^invitesim: [^\n]*: PASSED: [^\n]*\n/m, '');
}
