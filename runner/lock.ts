/**
 * FolderLock: one writer per output folder. `run`, `merge` and `report` hold `.invitesim.lock`
 * in the folder while they read and write it: created with O_EXCL (so of two processes
 * exactly one gets it), holding the holder's pid, host, command and start time. A lock whose
 * pid is dead on this host is stale (a killed run) and is taken over; a lock from another
 * host cannot be checked and is only reported.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InputError } from '../sim/errors';

export const LOCK_FILE = '.invitesim.lock';

export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  since: string;
}

/** An unreadable lock this young may be one being written right now; older, it is debris. */
const WRITING_GRACE_MS = 5000;

export class FolderLock {
  private released = false;

  private constructor(readonly file: string) {}

  /** Takes the lock of `dir` (which must exist) for `command`; throws InputError naming the holder if another process has it. */
  static acquire(dir: string, command: string): FolderLock {
    const file = path.join(dir, LOCK_FILE);
    const me: LockHolder = { pid: process.pid, host: os.hostname(), command, since: new Date().toISOString() };
    for (let attempt = 0; attempt < 3; attempt++) {
      let fd: number;
      try {
        fd = fs.openSync(file, 'wx');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const holder = readHolder(file);
        if (holder === 'gone') continue;
        if (isStale(holder, file) && takeOver(file, holder)) continue;
        throw new InputError(heldMessage(dir, file, holder));
      }
      try {
        fs.writeSync(fd, JSON.stringify(me) + '\n');
        fs.fsyncSync(fd);
        fs.closeSync(fd);
      } catch (e) {
        fs.closeSync(fd);
        fs.rmSync(file, { force: true });
        (e as NodeJS.ErrnoException).path ??= file;
        throw e;
      }
      return new FolderLock(file);
    }
    throw new InputError(`${dir}: could not take its lock ${file}: other processes keep taking it; try again`);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    fs.rmSync(this.file, { force: true });
  }
}

type Holder = LockHolder | 'unreadable' | 'gone';

function readHolder(file: string): Holder {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw e;
  }
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    if (Number.isSafeInteger(h.pid) && typeof h.host === 'string') return { pid: h.pid!, host: h.host, command: String(h.command ?? '?'), since: String(h.since ?? '?') };
  } catch {
    // reported as unreadable
  }
  return 'unreadable';
}

function isStale(holder: Holder, file: string): boolean {
  if (holder === 'gone') return true;
  if (holder === 'unreadable') {
    try {
      return Date.now() - fs.statSync(file).mtimeMs > WRITING_GRACE_MS;
    } catch {
      return true;
    }
  }
  return holder.host === os.hostname() && holder.pid !== process.pid && !alive(holder.pid);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Moves a stale lock aside, then checks that what was moved is the stale lock judged (two
 * processes may find the same stale lock; the second must not remove the lock the first took
 * meanwhile): if it is not, it is put back when the lock is still free.
 */
function takeOver(file: string, judged: Holder): boolean {
  const aside = `${file}.${process.pid}.stale`;
  try {
    fs.renameSync(file, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw e;
  }
  const moved = readHolder(aside);
  const same = JSON.stringify(moved) === JSON.stringify(judged) || (judged === 'unreadable' && moved === 'unreadable');
  if (!same) {
    try {
      fs.linkSync(aside, file);
    } catch {
      // someone holds the lock now: the moved one was theirs only if it matches, and it did not
    }
  }
  fs.rmSync(aside, { force: true });
  return true;
}

function heldMessage(dir: string, file: string, holder: Holder): string {
  if (holder === 'unreadable' || holder === 'gone') return `${dir} is being taken by another invitesim right now (${file}); wait for it to finish or choose another --out`;
  const who = `invitesim ${holder.command} (pid ${holder.pid} on ${holder.host}, since ${holder.since})`;
  const local = holder.host === os.hostname();
  return `${dir} is in use by ${who}; wait for it to finish or choose another --out${local ? '' : `; if that process is gone, delete ${file}`}`;
}
