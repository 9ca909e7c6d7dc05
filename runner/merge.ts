/**
 * mergeFolders: joins run folders of one plan (shards from several machines) into one set
 * of records. Refuses folders of different runs (their manifest ids differ), folders run with
 * and without --members, and folders responsible for the same task (overlapping shards, or a
 * shard merged twice).
 */
import { InputError } from '../sim/errors';
import type { RunRecord } from '../sim/result';
import type { Manifest } from './manifest';
import { withMembers, type RunFolder } from './run-folder';
import { formatShards, inShards, type Shard } from './shard';

export interface MergedRun {
  manifest: Manifest;
  /** Every record of every folder, in task order. */
  records: RunRecord[];
}

export function mergeFolders(folders: readonly RunFolder[]): MergedRun {
  const [first] = folders;
  for (const f of folders.slice(1)) {
    if (f.manifest.id !== first.manifest.id) {
      const same = f.manifest.scenarioName === first.manifest.scenarioName;
      throw new InputError(
        `merge: ${f.dir} and ${first.dir} are not shards of one run (${same ? `both scenario "${first.manifest.scenarioName}", but its fields, flags or invitesim version differ` : `scenarios "${f.manifest.scenarioName}" and "${first.manifest.scenarioName}"`}); merge only folders run with the same scenario and flags`,
      );
    }
  }
  const other = folders.find((f) => f.manifest.members !== first.manifest.members);
  if (other) {
    throw new InputError(
      `merge: ${first.dir} was run ${withMembers(first.manifest.members)} and ${other.dir} ${withMembers(other.manifest.members)}; merge only folders run with the same flags`,
    );
  }
  const tasks = first.manifest.tasks;
  const owner: Array<RunFolder | undefined> = Array.from({ length: tasks }, () => undefined);
  for (const f of folders) {
    for (let t = 0; t < tasks; t++) {
      if (!inShards(t, f.manifest.shards)) continue;
      const other = owner[t];
      if (other) {
        throw new InputError(
          `merge: ${other.dir} (${formatShards(other.manifest.shards)}) and ${f.dir} (${formatShards(f.manifest.shards)}) overlap: both hold task ${t}; merge each shard once`,
        );
      }
      owner[t] = f;
    }
  }
  const records: RunRecord[] = [];
  for (const f of folders) {
    for (const r of f.records.values()) {
      if (r.index >= tasks || !inShards(r.index, f.manifest.shards)) {
        throw new InputError(`merge: ${f.dir} holds run ${r.index}, which is not in its ${formatShards(f.manifest.shards)}; the folder is damaged`);
      }
      records.push(r);
    }
  }
  records.sort((a, b) => a.index - b.index);
  const shards = owner.every(Boolean) ? null : folders.flatMap((f) => f.manifest.shards ?? []).sort(byShard);
  return { manifest: { ...first.manifest, shards }, records };
}

function byShard(a: Shard, b: Shard): number {
  return a.count - b.count || a.index - b.index;
}
