/**
 * RunFolder: an output folder's durable state, its manifest and journal. A new run starts
 * it empty; `--resume` reopens it only after checking it holds the same plan and shard;
 * merge reads it whole. Every check runs before anything is written.
 */
import { InputError } from '../sim/errors';
import type { RunRecord, Task } from '../sim/result';
import { Journal, readJournal, writeJournal, type DamagedLine, type RecordCheck } from './journal';
import { readManifest, writeManifest, type Manifest } from './manifest';
import { formatShards, inShards, type Shard } from './shard';

export interface RunFolder {
  dir: string;
  manifest: Manifest;
  /** The latest record of each task index. */
  records: Map<number, RunRecord>;
  /** Journal bytes up to its last whole line. */
  wholeBytes: number;
  /** Journal lines that are not run records (their runs count as not done). */
  damaged: DamagedLine[];
}

/** The folder's manifest and records, or null when it is not (yet) a run folder. */
export function readRunFolder(dir: string, check?: RecordCheck): RunFolder | null {
  const manifest = readManifest(dir);
  if (!manifest) return null;
  return { dir, manifest, ...readJournal(dir, check) };
}

/** `runs.ndjson line 7 (not valid JSON)`, for messages about damaged lines. */
export function describeDamage(damaged: readonly DamagedLine[]): string {
  const shown = damaged.slice(0, 3).map((d) => `line ${d.line} (${d.problem})`).join(', ');
  return damaged.length > 3 ? `${shown} and ${damaged.length - 3} more` : shown;
}

/** Refuses to resume a folder that holds another scenario, plan, version, shard or --members choice. */
export function checkResumable(folder: RunFolder, expected: Manifest): void {
  const have = folder.manifest;
  const where = `--resume ${folder.dir}`;
  const kind = (m: Manifest) => (m.attack ? `an attack (invitesim attack --attacker ${m.attack.attacker})` : 'a run (invitesim run)');
  if (kind(have) !== kind(expected)) {
    throw new InputError(`${where}: the folder holds ${kind(have)} of "${have.scenarioName}", not ${kind(expected)}; choose another --out or drop --resume to start over`);
  }
  if (have.scenarioName !== expected.scenarioName) {
    throw new InputError(`${where}: the folder holds scenario "${have.scenarioName}", not "${expected.scenarioName}"; choose another --out or drop --resume to start over`);
  }
  if (have.invitesimVersion !== expected.invitesimVersion) {
    throw new InputError(`${where}: the folder was run by invitesim ${have.invitesimVersion}, this is ${expected.invitesimVersion}; results would mix model versions, so start over without --resume`);
  }
  const search = (m: Manifest) => (m.attack ? `--attacker ${m.attack.attacker} --objective ${m.attack.objective} --budget ${m.attack.budget}` : '');
  if (search(have) !== search(expected)) {
    throw new InputError(`${where}: the folder holds a search with ${search(have)}, not ${search(expected)}; give the same flags, or drop --resume to start over`);
  }
  if (have.id !== expected.id) {
    throw new InputError(`${where}: the folder holds a different version of scenario "${have.scenarioName}" (its resolved fields, --set values, seed, replicates or sweep differ); use the same scenario and flags, or drop --resume to start over`);
  }
  if (formatShards(have.shards) !== formatShards(expected.shards)) {
    throw new InputError(`${where}: the folder holds ${formatShards(have.shards)}, not ${formatShards(expected.shards)}; give the same --shard`);
  }
  if (have.members !== expected.members) {
    throw new InputError(`${where}: the folder was run ${withMembers(have.members)}, this run is ${withMembers(expected.members)}; give the same --members flag, or drop --resume to start over`);
  }
}

export function withMembers(members: boolean): string {
  return members ? 'with --members' : 'without --members';
}

/** Refuses records that are not tasks of the plan and shard (a hand-edited or damaged journal). */
export function checkRecords(dir: string, records: Iterable<RunRecord>, plan: readonly Task[], shards: readonly Shard[] | null): void {
  for (const r of records) {
    const t = plan[r.index];
    if (!t || !inShards(r.index, shards) || t.seed !== r.seed || t.point !== r.point || t.replicate !== r.replicate) {
      throw new InputError(`${dir}: run ${r.index} in its journal is not task ${r.index} of the plan; the folder is damaged (run again without --resume)`);
    }
  }
}

/** Makes `dir` the folder of a new run: an empty journal first, then the manifest, so a crash in between leaves nothing to resume wrongly. */
export function startRunFolder(dir: string, manifest: Manifest): Journal {
  const journal = Journal.create(dir);
  writeManifest(dir, manifest);
  return journal;
}

/** The folder's journal, open to append; damaged lines are dropped first (atomically), so the runs they held are simply not done. */
export function reopenRunFolder(folder: RunFolder): Journal {
  if (folder.damaged.length === 0) return Journal.reopen(folder.dir, folder.wholeBytes);
  writeJournal(folder.dir, [...folder.records.values()].sort((a, b) => a.index - b.index));
  return Journal.reopen(folder.dir, Infinity);
}

/** Appends a finished run to the journal and keeps it as read back from there, so a resumed command reports exactly what a fresh one does. */
export function journalRecord(journal: Journal, records: Map<number, RunRecord>, record: RunRecord): void {
  const line = JSON.stringify(record);
  journal.append(line);
  records.set(record.index, JSON.parse(line));
}
