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
import { JOURNAL_FILE, MANIFEST_FILE, describeDamage, mergeFolders, readRunFolder, writeJournal, writeManifest, type MergedRun, type RunFolder } from '../runner';
import { buildResults, writeReports } from '../reports';
import { checkRunMembers, copyRunMembers, removeMembers, writeMembersCsv } from '../reports/members-files';
import { recordProblem } from '../reports/record-shape';
import { RunFailure, describeIoError } from './io-errors';
import { OutputFolder } from './output-folder';
import { finishedRuns, outcome } from './run';
import { VERSION } from './version';

export interface MergeFlags {
  out: string;
  quiet?: boolean;
}

export function mergeCommand(dirs: string[], flags: MergeFlags): number {
  const out = path.resolve(flags.out);
  for (const dir of dirs) {
    if (path.resolve(dir) === out) throw new InputError(`merge: --out ${flags.out} is one of the folders to merge; write the merge to a new folder`);
  }
  const claims: OutputFolder[] = [];
  try {
    // Each shard folder once (a folder given twice is refused below, as overlapping).
    for (const dir of new Set(dirs.map((d) => path.resolve(d)))) {
      if (!fs.existsSync(path.join(dir, MANIFEST_FILE))) throw notRunFolder(dirs.find((d) => path.resolve(d) === dir)!);
      claims.push(OutputFolder.claim(dir, { command: 'merge', flag: `merge: ${dir}`, mustBeOwn: true }));
    }
    const target = OutputFolder.claim(flags.out, { command: 'merge', flag: `merge --out ${flags.out}` });
    claims.push(target);
    let plan: MergePlan;
    try {
      plan = planMerge(dirs.map(readShard));
    } catch (e) {
      target.abandon();
      throw e;
    }
    return writeMerge(plan, flags);
  } finally {
    for (const c of claims) c.release();
  }
}

function notRunFolder(dir: string): InputError {
  return new InputError(`merge: ${dir} is not an invitesim output folder (no manifest.json; was it written by \`invitesim run\`?)`);
}

function readShard(dir: string): RunFolder {
  const folder = readRunFolder(dir, recordProblem);
  if (!folder) throw notRunFolder(dir);
  if (folder.damaged.length > 0) {
    throw new InputError(`merge: ${path.join(dir, JOURNAL_FILE)}: ${describeDamage(folder.damaged)} not a run record; run \`invitesim run … --out ${dir} --resume\` there to redo ${folder.damaged.length > 1 ? 'those runs' : 'that run'}, then merge`);
  }
  return folder;
}

interface MergePlan {
  folders: RunFolder[];
  merged: MergedRun;
  /** Finished runs of each folder. */
  finished: number[][];
  started: number;
}

/** Every check of a merge, before anything is written. */
function planMerge(folders: RunFolder[]): MergePlan {
  const merged = mergeFolders(folders);
  const finished = folders.map((f) => finishedRuns(f.records.values()));
  if (merged.manifest.members) folders.forEach((f, i) => checkRunMembers(f.dir, finished[i]));
  return { folders, merged, finished, started: Date.now() };
}

function writeMerge({ folders, merged, finished, started }: MergePlan, flags: MergeFlags): number {
  const members = merged.manifest.members;
  const partial = merged.records.length < merged.manifest.tasks;
  const meta = { invitesimVersion: VERSION, date: new Date(started).toISOString(), durationMs: Date.now() - started, host: os.hostname(), threads: 0 };
  const results = buildResults(merged.manifest.scenario, merged.records, meta, { partial });
  try {
    // No manifest while the journal is replaced: a crash in between leaves a folder nothing will resume or merge.
    fs.rmSync(path.join(flags.out, MANIFEST_FILE), { force: true });
    removeMembers(flags.out);
    if (members) folders.forEach((f, i) => copyRunMembers(f.dir, flags.out, finished[i]));
    writeJournal(flags.out, merged.records);
    writeManifest(flags.out, merged.manifest);
    if (members) writeMembersCsv(flags.out, results);
    writeReports(flags.out, results);
  } catch (e) {
    const io = describeIoError(e);
    if (io) throw new RunFailure(`cannot write ${io}; the merge in ${flags.out} is incomplete (the shards are untouched): fix it and merge again`);
    throw e;
  }
  return outcome(results, flags.out, flags.quiet === true);
}
