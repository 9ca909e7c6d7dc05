/**
 * `invitesim merge DIR… --out DIR`: joins the folders of a sharded run (`run --shard I/N` on
 * several machines) into one output folder whose results equal an unsharded run's, apart
 * from `meta` (and with --members, the shards' member files joined into members.csv). The
 * merged folder is itself a run folder: `run --resume` can complete it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InputError } from '../sim/errors';
import { MANIFEST_FILE, mergeFolders, readRunFolder, writeJournal, writeManifest, type RunFolder } from '../sim/runner';
import { buildResults, writeReports } from '../reports';
import { checkRunMembers, copyRunMembers, removeMembers, writeMembersCsv } from '../reports/members-files';
import { finishedRuns, outcome } from './run';
import { VERSION } from './version';

export interface MergeFlags {
  out: string;
  quiet?: boolean;
}

export function mergeCommand(dirs: string[], flags: MergeFlags): number {
  const started = Date.now();
  const out = path.resolve(flags.out);
  const folders = dirs.map((dir): RunFolder => {
    if (path.resolve(dir) === out) throw new InputError(`merge: --out ${flags.out} is one of the folders to merge; write the merge to a new folder`);
    const folder = readRunFolder(dir);
    if (!folder) throw new InputError(`merge: ${dir} is not an invitesim output folder (no manifest.json; was it written by \`invitesim run\`?)`);
    return folder;
  });
  const merged = mergeFolders(folders);
  const members = merged.manifest.members;
  const finished = folders.map((f) => finishedRuns(f.records.values()));
  if (members) folders.forEach((f, i) => checkRunMembers(f.dir, finished[i]));
  // No manifest while the journal is replaced: a crash in between leaves a folder nothing will resume or merge.
  fs.mkdirSync(flags.out, { recursive: true });
  fs.rmSync(path.join(flags.out, MANIFEST_FILE), { force: true });
  removeMembers(flags.out);
  if (members) folders.forEach((f, i) => copyRunMembers(f.dir, flags.out, finished[i]));
  writeJournal(flags.out, merged.records);
  writeManifest(flags.out, merged.manifest);
  const partial = merged.records.length < merged.manifest.tasks;
  const meta = { invitesimVersion: VERSION, date: new Date(started).toISOString(), durationMs: Date.now() - started, host: os.hostname(), threads: 0 };
  const results = buildResults(merged.manifest.scenario, merged.records, meta, { partial });
  writeReports(flags.out, results);
  if (members) writeMembersCsv(flags.out, results);
  return outcome(results, flags.out, flags.quiet === true);
}
