/**
 * Fault-injection helpers: the CLI as a real child process, and checksums of every file in a
 * sandbox that is not one of invitesim's own (its reports, journal, manifest, lock, member
 * files and their temporaries), to show a fault touched nothing else.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { MAIN, ROOT } from '../helpers/cli';

const OWN = new Set(['results.json', 'runs.csv', 'points.csv', 'timeline.csv', 'metrics.csv', 'archetypes.csv', 'curves.csv', 'paired.csv', 'report.html', 'junit.xml', 'summary.md', 'runs.ndjson', 'manifest.json', 'members.csv', '.invitesim.lock']);

/** Whether `rel` (a path inside an output folder) is a file invitesim writes. */
function isOwn(rel: string): boolean {
  const parts = rel.split(path.sep);
  const name = parts[parts.length - 1];
  const base = /^\.(.+)\.\d+\.tmp$/.exec(name)?.[1] ?? name;
  if (parts.length === 1) return OWN.has(base);
  return parts.length === 2 && parts[0] === 'members' && /^run-\d+\.csv$/.test(base);
}

/** sha256 of every file under `root` except invitesim's own files in the output folders `outs` (paths relative to root). */
export function foreignChecksums(root: string, outs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const rel = path.relative(root, file);
    const owner = outs.find((o) => rel.startsWith(o + path.sep));
    if (owner && isOwn(path.relative(owner, rel))) continue;
    out[rel] = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  }
  return out;
}

/** A few user files (and a user folder) to keep: in `dir` itself and beside it. */
export function plantUserFiles(dir: string): void {
  fs.mkdirSync(path.join(dir, 'papers'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'papers', 'draft.md'), '# my notes\n');
  fs.writeFileSync(path.join(dir, 'data.csv'), 'a,b\n1,2\n');
}

export interface Child {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  stdout: string;
}

/** Runs the CLI; `onStart` gets the process (to kill it); resolves when it exits. */
export function runCli(args: string[], onStart?: (child: import('node:child_process').ChildProcess) => void): Promise<Child> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => (stdout += d));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stderr, stdout }));
    onStart?.(child);
  });
}

/** One line, no stack trace. */
export function expectOneLine(stderr: string): void {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
}

/** A raw HTTP request on a fresh loopback socket; resolves with the status and body once the server closes it. */
export function rawRequest(port: number, text: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(text));
    let got = '';
    s.on('data', (d) => (got += d.toString('utf8')));
    s.on('error', reject);
    s.on('close', () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(got)?.[1] ?? 0), body: got.slice(got.indexOf('\r\n\r\n') + 4) }));
  });
}
