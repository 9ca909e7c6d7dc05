/** Runner test helpers: tiny scenario files, output-folder comparisons and snapshots. */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAIN, ROOT } from '../helpers/cli';

/** A scenario that runs in a fraction of a second: 1,000 members over 5 days. */
export function tinyScenario(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'tiny',
    seed: 11,
    days: 5,
    replicates: 2,
    population: { members: 1000, shares: { regular: 0.9, recruiter: 0.04, bulkSpammer: 0.03, sybil: 0.03 } },
    policy: { name: 'weekly-cap', params: { cap: 100 } },
    sweep: { 'policy.params.cap': [20, 60, 200] },
    ...over,
  };
}

export function writeScenario(dir: string, scenario: object, file = 'scenario.json'): string {
  const p = path.join(dir, file);
  fs.writeFileSync(p, JSON.stringify(scenario, null, 2));
  return p;
}

/** The report files that must match byte for byte, and results.json without its meta. */
export function comparable(dir: string): Record<string, unknown> {
  const results = JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8'));
  delete results.meta;
  return {
    'runs.csv': fs.readFileSync(path.join(dir, 'runs.csv'), 'utf8'),
    'points.csv': fs.readFileSync(path.join(dir, 'points.csv'), 'utf8'),
    'timeline.csv': fs.readFileSync(path.join(dir, 'timeline.csv'), 'utf8'),
    'results.json': results,
  };
}

/** Every file of a folder (recursively) with its content hash and modification time. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    const stat = fs.statSync(file);
    out[path.relative(dir, file)] = `${createHash('sha256').update(fs.readFileSync(file)).digest('hex')} ${stat.mtimeMs}`;
  }
  return out;
}

export function lines(file: string): string[] {
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
}

/** Starts a command (run, attack), waits until `runs` runs are journaled, then sends `signal`; resolves with the exit code. */
export function interrupt(args: string[], journal: string, runs: number, signal: NodeJS.Signals): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const poll = setInterval(() => {
      if (fs.existsSync(journal) && lines(journal).length >= runs) {
        clearInterval(poll);
        child.kill(signal);
      }
    }, 20);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      resolve({ code, stderr });
    });
  });
}

