/**
 * The member files of an output folder run with --members: `members/run-<index>.csv`, written
 * as each run finishes (before its journal line, so a journaled run always has one), and
 * `members.csv`, every finished run's rows joined in run order. They stay out of the journal,
 * which --resume and merge read whole: a run's file can be as large as its population.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../sim/errors';
import type { MemberTable } from '../sim/member-table';
import type { Task } from '../sim/result';
import { writeFileAtomic } from '../io/atomic-write';
import { stringify } from 'csv-stringify/sync';
import { CSV_OPTIONS, paramColumns } from './csv';
import { MEMBERS_HEADER, MEMBER_COLUMNS, memberRows } from './members-csv';
import type { ResultsFile } from './results';

export const MEMBERS_FILE = 'members.csv';
export const MEMBERS_DIR = 'members';
/** The name of a run's member file in MEMBERS_DIR. */
export const RUN_MEMBERS_FILE = /^run-\d+\.csv$/;

function runFile(dir: string, index: number): string {
  return path.join(dir, MEMBERS_DIR, `run-${index}.csv`);
}

export function writeRunMembers(dir: string, task: Task, table: MemberTable): void {
  fs.mkdirSync(path.join(dir, MEMBERS_DIR), { recursive: true });
  writeFileAtomic(runFile(dir, task.index), memberRows(task, table));
}

/** Refuses a folder where a finished run has no member file (bad input: the folder is damaged). */
export function checkRunMembers(dir: string, runs: Iterable<number>): void {
  for (const index of runs) {
    if (!fs.existsSync(runFile(dir, index))) {
      throw new InputError(`${dir}: run ${index} finished but ${path.join(MEMBERS_DIR, `run-${index}.csv`)} is missing; the folder is damaged (run again without --resume)`);
    }
  }
}

/** Copies runs' member files from a shard's folder into a merged one. */
export function copyRunMembers(from: string, to: string, runs: Iterable<number>): void {
  fs.mkdirSync(path.join(to, MEMBERS_DIR), { recursive: true });
  for (const index of runs) writeFileAtomic(runFile(to, index), fs.readFileSync(runFile(from, index), 'utf8'));
}

/**
 * members.csv: the header, then each finished run's rows in run order, with the run's swept
 * values as columns after `replicate` (named as in the other CSVs). The run files stay without
 * them, so --resume and merge copy them as they are.
 */
export function writeMembersCsv(dir: string, results: Pick<ResultsFile, 'points' | 'runs'>): void {
  const fixed = MEMBER_COLUMNS.slice(0, 3);
  const { paths, names } = paramColumns(results, MEMBER_COLUMNS);
  const header = [...fixed, ...names, ...MEMBER_COLUMNS.slice(3)].join(',') + '\n';
  function* joined(): Generator<string> {
    yield header;
    for (const run of results.runs) {
      if (!run.result) continue;
      const file = runFile(dir, run.index);
      const text = fs.readFileSync(file, 'utf8');
      if (!text.startsWith(MEMBERS_HEADER)) throw new InputError(`${file}: not a member file of this invitesim version; the folder is damaged`);
      yield paths.length === 0 ? text.slice(MEMBERS_HEADER.length) : withParams(text.slice(MEMBERS_HEADER.length), stringify([paths.map((p) => run.params[p] ?? null)], CSV_OPTIONS).slice(0, -1));
    }
  }
  writeFileAtomic(path.join(dir, MEMBERS_FILE), joined());
}

/** Every row with `cells` inserted after its third field (run, point, replicate never hold a comma). */
function withParams(rows: string, cells: string): string {
  return rows.replace(/^((?:[^,\n]*,){3})/gm, `$1${cells.replace(/\$/g, '$$$$')},`);
}

/**
 * Removes members.csv and the run files in members/, which a new run or a merge replaces;
 * members/ itself goes only once nothing else is in it (invitesim deletes only what it names).
 */
export function removeMembers(dir: string): void {
  fs.rmSync(path.join(dir, MEMBERS_FILE), { force: true });
  const folder = path.join(dir, MEMBERS_DIR);
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  for (const name of names) if (RUN_MEMBERS_FILE.test(name)) fs.rmSync(path.join(folder, name), { force: true });
  if (names.every((name) => RUN_MEMBERS_FILE.test(name))) fs.rmdirSync(folder);
}
