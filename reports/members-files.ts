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
import { writeFileAtomic } from './atomic';
import { MEMBERS_HEADER, memberRows } from './members-csv';

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

/** members.csv: the header, then each run's rows in the order given (run index order). */
export function writeMembersCsv(dir: string, runs: readonly number[]): void {
  function* joined(): Generator<string> {
    yield MEMBERS_HEADER;
    for (const index of runs) {
      const text = fs.readFileSync(runFile(dir, index), 'utf8');
      if (!text.startsWith(MEMBERS_HEADER)) throw new InputError(`${runFile(dir, index)}: not a member file of this invitesim version; the folder is damaged`);
      yield text.slice(MEMBERS_HEADER.length);
    }
  }
  writeFileAtomic(path.join(dir, MEMBERS_FILE), joined());
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
