/**
 * bench.json accumulates: a run replaces the sections it measured and keeps the others, each
 * section stamped with the date and build that measured it. So `npm run bench -- import` does
 * not drop the engine's figures from README's table, and a figure an older build measured says
 * so in its row instead of passing for the current build's.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The sections of bench.json a benchmark writes (the rest is the run's date, node and machine). */
export const SECTIONS = ['engine', 'enginePeer', 'instructions', 'http', 'sweep', 'detectors', 'import', 'events', 'model', 'attack'] as const;

export interface Stamp {
  date: string;
  /** `git describe --always --dirty` of the checkout that was measured, or "unknown". */
  build: string;
}

/** The build being measured: the checkout this bench's dist/ was compiled from (or the checkout at `root`, a peer's). */
export function currentBuild(root = path.resolve(__dirname, '..', '..')): string {
  const r = spawnSync('git', ['describe', '--always', '--dirty'], { cwd: root, encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() !== '' ? r.stdout.trim() : 'unknown';
}

/** The previous bench.json, or nothing if there is none or it does not parse (it is then replaced whole). */
function previous(file: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** `report` (this run's sections) stamped, with the sections it did not measure carried over from `file` with their stamps. */
export function mergeWithPrevious(report: Record<string, unknown>, file: string, stamp: Stamp): Record<string, unknown> {
  const old = previous(file);
  const oldStamps = (old.measured ?? {}) as Record<string, Stamp>;
  const measured: Record<string, Stamp> = {};
  const merged: Record<string, unknown> = { ...report };
  for (const s of SECTIONS) {
    if (report[s] !== undefined) {
      measured[s] = stamp;
    } else if (old[s] !== undefined) {
      merged[s] = old[s];
      // A section from before stamps existed is dated by the file it came from.
      measured[s] = oldStamps[s] ?? { date: typeof old.date === 'string' ? old.date : 'undated', build: 'unknown' };
    }
  }
  merged.measured = measured;
  return merged;
}
