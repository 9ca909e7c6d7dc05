/**
 * Journal: `runs.ndjson` in an output folder, one finished RunRecord a line, appended and
 * fsynced as each task ends, so a killed sweep loses at most the runs in flight. A kill
 * mid-append can leave a torn last line: reading ignores it, and reopening for append cuts
 * it off first, so every line is either whole or gone (an append cannot be a rename).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../errors';
import type { RunRecord } from '../result';
import { writeFileAtomic } from './atomic-write';

export const JOURNAL_FILE = 'runs.ndjson';

export interface JournalContents {
  /** The latest record of each task index (a retried task's later line wins). */
  records: Map<number, RunRecord>;
  /** Bytes up to the end of the last whole line. */
  wholeBytes: number;
}

export function readJournal(dir: string): JournalContents {
  const file = path.join(dir, JOURNAL_FILE);
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { records: new Map(), wholeBytes: 0 };
    throw e;
  }
  const wholeBytes = buf.lastIndexOf(0x0a) + 1;
  const records = new Map<number, RunRecord>();
  const lines = buf.subarray(0, wholeBytes).toString('utf8').split('\n');
  lines.forEach((line, i) => {
    if (line === '') return;
    let r: RunRecord;
    try {
      r = JSON.parse(line);
    } catch {
      throw new InputError(`${file}: line ${i + 1} is not valid JSON; the folder is damaged (run again without --resume)`);
    }
    if (r === null || typeof r !== 'object' || !Number.isSafeInteger(r.index) || r.index < 0) {
      throw new InputError(`${file}: line ${i + 1} is not a run record; the folder is damaged (run again without --resume)`);
    }
    records.set(r.index, r);
  });
  return { records, wholeBytes };
}

/** An open journal to append to. */
export class Journal {
  private constructor(private readonly fd: number) {}

  /** A new, empty journal (replacing any earlier one). */
  static create(dir: string): Journal {
    const file = path.join(dir, JOURNAL_FILE);
    writeFileAtomic(file, '');
    return new Journal(fs.openSync(file, 'a'));
  }

  /** The existing journal, its torn last line (if a kill left one) cut off. */
  static reopen(dir: string, wholeBytes: number): Journal {
    const file = path.join(dir, JOURNAL_FILE);
    if (!fs.existsSync(file)) return Journal.create(dir);
    fs.truncateSync(file, wholeBytes);
    return new Journal(fs.openSync(file, 'a'));
  }

  /** Appends one line and waits until it is on disk. */
  append(line: string): void {
    const bytes = Buffer.from(line + '\n', 'utf8');
    let written = 0;
    while (written < bytes.length) written += fs.writeSync(this.fd, bytes, written);
    fs.fsyncSync(this.fd);
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

/** Writes a whole journal at once (a merge's output), atomically. */
export function writeJournal(dir: string, records: readonly RunRecord[]): void {
  writeFileAtomic(path.join(dir, JOURNAL_FILE), records.map((r) => JSON.stringify(r) + '\n').join(''));
}
