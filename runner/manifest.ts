/**
 * Manifest: `manifest.json` in an output folder: which run the folder belongs to. Its `id`
 * hashes the invitesim version, the resolved scenario and its full plan, so `--resume` and
 * `merge` can refuse a folder of another scenario before touching anything; `shards` says
 * which of the plan's tasks the folder is responsible for (null: all of them); `members`
 * whether it was run with --members (outside the id, so a mismatch gets its own message).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../sim/errors';
import type { Task } from '../sim/result';
import type { Scenario } from '../scenarios/schema';
import { writeFileAtomic } from '../io/atomic-write';
import type { Shard } from './shard';

export const MANIFEST_FILE = 'manifest.json';
const MANIFEST_VERSION = 1;

export interface Manifest {
  manifestVersion: typeof MANIFEST_VERSION;
  id: string;
  invitesimVersion: string;
  scenarioName: string;
  /** Tasks in the full plan (every shard together). */
  tasks: number;
  /** The shards this folder holds (null: the whole plan). */
  shards: Shard[] | null;
  /** Run with --members: every finished run has its members/run-<index>.csv. */
  members: boolean;
  /** The resolved scenario (sweep written out as lists), so merge and reports need no scenario file. */
  scenario: Scenario;
  /** An `invitesim attack` folder's search (absent: a run's folder). */
  attack?: { attacker: string; objective: string; budget: number };
}

/** `attack`: an attack's search settings, which decide its later rounds' tasks. */
export function planId(version: string, scenario: Scenario, tasks: readonly Task[], attack?: Manifest['attack']): string {
  return createHash('sha256').update(JSON.stringify({ version, scenario, tasks, ...(attack ? { attack } : {}) })).digest('hex');
}

export function writeManifest(dir: string, manifest: Manifest): void {
  writeFileAtomic(path.join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
}

/** The folder's manifest, or null when it has none (not yet a run folder). */
export function readManifest(dir: string): Manifest | null {
  const file = path.join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new InputError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let m: Partial<Manifest>;
  try {
    m = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  if (m === null || typeof m !== 'object' || m.manifestVersion !== MANIFEST_VERSION || typeof m.id !== 'string' || typeof m.tasks !== 'number' || typeof m.scenario !== 'object') {
    throw new InputError(`${file}: not an invitesim manifest (version ${MANIFEST_VERSION})`);
  }
  // Folders written before --members existed have no such field.
  return { ...m, members: m.members === true } as Manifest;
}
