/** Runs `npm run bench`'s compiled entry point and builds stand-in "builds" for its --peer. */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, tempDir, type CliResult } from './cli';

/** `npm run bench -- ARGS` (npm test builds first), run from `cwd`. */
export function bench(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env, timeout = 120000): CliResult {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'bench', 'main.js'), ...args], { cwd, env, encoding: 'utf8', timeout });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** bench(), without waiting: for runs that may share the machine's cores (counted, not timed). */
export function benchAsync(args: string[], cwd: string, timeout = 120000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'bench', 'main.js'), ...args], { cwd, timeout });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A checkout-like folder whose dist/ holds just the three modules the engine child loads, with the given code. */
export function stubBuild(modules: { load: string; simulate: string; registry: string }): string {
  const dir = tempDir();
  const files: Array<[string, string]> = [
    ['scenarios/load.js', modules.load],
    ['sim/simulate.js', modules.simulate],
    ['policies/registry.js', modules.registry],
  ];
  for (const [file, code] of files) {
    fs.mkdirSync(path.dirname(path.join(dir, 'dist', file)), { recursive: true });
    fs.writeFileSync(path.join(dir, 'dist', file), code);
  }
  return dir;
}
