/**
 * claimOutputFolder: the only way a command gets a folder to write. invitesim writes into a
 * folder that is new, empty, or its own (a manifest.json, a load test's load.json or a
 * comparison's comparison.md is there); anything else is refused (exit 2) unless `--force`,
 * which lets it write beside other files but still never over one of them. The claim holds the folder's lock until
 * released, and clears temporary files a killed write left behind.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../sim/errors';
import { FolderLock, JOURNAL_FILE, LOCK_FILE, MANIFEST_FILE } from '../runner';
import { LOAD_CSV, LOAD_JSON } from '../load/output';
import { REPORT_FILES } from '../reports';
import { ATTACK_FILES } from '../reports/attack';
import { COMPARISON_FILES, COMPARISON_MD } from '../reports/attack-compare';
import { EVENTS_DIR } from '../runner/event-files';
import { BACKTEST_FILES, BACKTEST_JSON, MEMBERS_MAP_FILE, removeEventLogs } from './event-outputs';
import { MEMBERS_DIR, MEMBERS_FILE, RUN_MEMBERS_FILE, removeMembers } from '../reports/members-files';
import { describeIoError } from './io-errors';

/** Every name invitesim writes in an output folder (members/ holds only run-<index>.csv files). */
export const OWN_FILES: readonly string[] = [...REPORT_FILES, ...ATTACK_FILES, ...COMPARISON_FILES, JOURNAL_FILE, MANIFEST_FILE, MEMBERS_FILE, LOAD_JSON, LOAD_CSV, MEMBERS_MAP_FILE, ...BACKTEST_FILES];
/** Files whose presence makes a folder invitesim's. */
const MARKERS = [MANIFEST_FILE, LOAD_JSON, COMPARISON_MD, BACKTEST_JSON];
/** `.<file>.<pid>.tmp`: what writeFileAtomic writes before its rename. */
const TEMP = /^\.(.+)\.(\d+)\.tmp$/;

export interface ClaimOptions {
  /** The command, for the lock and messages ("run", "merge", "report"). */
  command: string;
  /** How the folder was given, for messages (e.g. "--out out/x"). */
  flag: string;
  /** Write beside files invitesim did not write (never over them). */
  force?: boolean;
  /** The folder must already be invitesim's (report). */
  mustBeOwn?: boolean;
}

export class OutputFolder {
  private constructor(
    readonly dir: string,
    private readonly lock: FolderLock,
    /** Whether this claim created the folder. */
    private readonly created: boolean,
  ) {}

  static claim(dir: string, o: ClaimOptions): OutputFolder {
    const created = makeFolder(dir, o.flag, o.mustBeOwn !== true);
    let lock: FolderLock;
    try {
      lock = FolderLock.acquire(dir, o.command);
    } catch (e) {
      if (created) removeIfEmpty(dir);
      throw asInput(e, `${o.flag}: cannot take the folder's lock`);
    }
    const folder = new OutputFolder(dir, lock, created);
    try {
      checkOwnership(dir, o);
      removeStaleTemps(dir);
      removeStaleTemps(path.join(dir, MEMBERS_DIR));
    } catch (e) {
      folder.abandon();
      throw asInput(e, `${o.flag}: cannot read the folder`);
    }
    return folder;
  }

  /** Ends the claim. */
  release(): void {
    this.lock.release();
  }

  /** Ends a claim that wrote nothing (bad input found after claiming): a folder it created goes again. */
  abandon(): void {
    this.lock.release();
    if (this.created) removeIfEmpty(this.dir);
  }
}

/** Creates `dir` (and its parents) if needed and allowed; true when it did. */
function makeFolder(dir: string, flag: string, create: boolean): boolean {
  let stat: fs.Stats | null = null;
  try {
    stat = fs.statSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw asInput(e, `${flag}: cannot use it as a folder`);
  }
  if (stat) {
    if (!stat.isDirectory()) throw new InputError(`${flag}: is a file, not a folder; choose another folder`);
    return false;
  }
  if (!create) throw new InputError(`${flag}: no such folder`);
  try {
    // Node's recursive mkdir reports some failures (EROFS) as ENOENT: make the last level alone when its parent exists.
    if (fs.existsSync(path.dirname(path.resolve(dir)))) fs.mkdirSync(dir);
    else fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    // Another invitesim made it between the stat and the mkdir: it exists, and its lock decides who writes.
    if ((e as NodeJS.ErrnoException).code === 'EEXIST' && isFolder(dir)) return false;
    throw asInput(e, `${flag}: cannot create the folder`);
  }
  return true;
}

function isFolder(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** Removes the outputs of an earlier run or attack in an own folder (only names invitesim writes), so none is left beside a new one. */
export function clearOutputs(dir: string): void {
  for (const f of [...REPORT_FILES, ...ATTACK_FILES, MEMBERS_MAP_FILE]) fs.rmSync(path.join(dir, f), { force: true });
  removeMembers(dir);
  removeEventLogs(dir);
}

function checkOwnership(dir: string, o: ClaimOptions): void {
  const entries = fs.readdirSync(dir).filter((name) => name !== LOCK_FILE && !isOwnTemp(name));
  if (MARKERS.some((m) => entries.includes(m))) return;
  if (o.mustBeOwn) throw new InputError(`${o.flag}: not an invitesim output folder (no ${MANIFEST_FILE})`);
  if (entries.length === 0) return;
  const shown = entries.slice(0, 3).join(', ') + (entries.length > 3 ? `, … (${entries.length} in all)` : '');
  if (!o.force) {
    throw new InputError(
      `${o.flag}: the folder holds files invitesim did not write (${shown}); it writes only into a new, empty or invitesim folder: choose another folder, or pass --force to write beside them (never over them)`,
    );
  }
  const clash = entries.filter((name) => OWN_FILES.includes(name) || name === MEMBERS_DIR || name === EVENTS_DIR);
  if (clash.length > 0) {
    throw new InputError(`${o.flag}: the folder already holds ${clash.join(', ')}, which invitesim did not write and would replace; move ${clash.length > 1 ? 'them' : 'it'} away or choose another folder (--force never overwrites)`);
  }
}

/** A temporary file of one of invitesim's own files (`.runs.csv.123.tmp`, `.run-4.csv.123.tmp`). */
function isOwnTemp(name: string): boolean {
  const m = TEMP.exec(name);
  return m !== null && (OWN_FILES.includes(m[1]) || RUN_MEMBERS_FILE.test(m[1]));
}

/** Removes temporary files left by killed writes; under the lock no other invitesim writes here, so any is stale. */
function removeStaleTemps(dir: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return;
    throw e;
  }
  for (const name of names) if (isOwnTemp(name)) fs.rmSync(path.join(dir, name), { force: true });
}

function removeIfEmpty(dir: string): void {
  try {
    fs.rmdirSync(dir);
  } catch {
    // not empty, or gone: either way nothing of ours is left to remove
  }
}

/** A file-system error as bad input naming the path; other errors unchanged. */
function asInput(e: unknown, what: string): unknown {
  const io = describeIoError(e);
  return io ? new InputError(`${what}: ${io}`) : e;
}
