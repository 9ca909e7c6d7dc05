/** scikit-learn as an independent oracle: Debian's python3-sklearn under /usr/bin/python3 (.ci/run installs it). */
import { execFileSync, spawnSync } from 'node:child_process';

const PYTHONS = ['/usr/bin/python3', 'python3'];

function findSklearn(): string {
  const found = PYTHONS.find((p) => spawnSync(p, ['-c', 'import sklearn, pandas'], { stdio: 'ignore' }).status === 0);
  if (!found) throw new Error('scikit-learn is not installed: apt-get install -y python3-sklearn python3-pandas (.ci/run does it)');
  return found;
}

/** Runs a Python script (argv after it) and parses the JSON it prints. */
export function sklearnJson<T>(script: string, args: string[]): T {
  return JSON.parse(execFileSync(findSklearn(), ['-c', script, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as T;
}
