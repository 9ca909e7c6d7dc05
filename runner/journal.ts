/**
 * Journal: `runs.ndjson` in an output folder, one finished RunRecord a line, appended and
 * fsynced as each task ends, so a killed sweep loses at most the runs in flight. A kill
 * mid-append can leave a torn last line: reading ignores it, and reopening for append cuts
 * it off first, so every line is either whole or gone (an append cannot be a rename).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunRecord } from '../sim/result';
import { writeFileAtomic } from '../io/atomic-write';

export const JOURNAL_FILE = 'runs.ndjson';

export interface JournalContents {
  /** The latest good record of each task index (a retried task's later line wins). */
  records: Map<number, RunRecord>;
  /** Bytes up to the end of the last whole line. */
  wholeBytes: number;
  /** Whole lines that are not run records (1-based line numbers), left out of `records`. */
  damaged: DamagedLine[];
}

export interface DamagedLine {
  line: number;
  problem: string;
}

/** What is wrong with a parsed line as a run record, or null when nothing is. */
export type RecordCheck = (record: unknown) => string | null;

/**
 * Reads the journal. A line that is not JSON, or that `check` finds is not a run record, is
 * listed in `damaged` rather than thrown, so a caller can redo its run and keep the rest.
 */
export function readJournal(dir: string, check: RecordCheck = indexProblem): JournalContents {
  const file = path.join(dir, JOURNAL_FILE);
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { records: new Map(), wholeBytes: 0, damaged: [] };
    throw e;
  }
  const wholeBytes = buf.lastIndexOf(0x0a) + 1;
  const records = new Map<number, RunRecord>();
  const damaged: DamagedLine[] = [];
  const lines = buf.subarray(0, wholeBytes).toString('utf8').split('\n');
  lines.forEach((line, i) => {
    if (line === '') return;
    let r: unknown;
    try {
      r = JSON.parse(line);
    } catch {
      return void damaged.push({ line: i + 1, problem: 'not valid JSON' });
    }
    const problem = indexProblem(r) ?? check(r);
    if (problem !== null) return void damaged.push({ line: i + 1, problem });
    records.set((r as RunRecord).index, r as RunRecord);
  });
  return { records, wholeBytes, damaged };
}

/** The least a record must have: its task index. */
function indexProblem(r: unknown): string | null {
  if (r === null || typeof r !== 'object' || Array.isArray(r)) return 'not an object';
  const index = (r as { index?: unknown }).index;
  return Number.isSafeInteger(index) && (index as number) >= 0 ? null : 'no task index';
}

/** An open journal to append to. */
export class Journal {
  private constructor(
    private readonly fd: number,
    private readonly file: string,
  ) {}

  /** A new, empty journal (replacing any earlier one). */
  static create(dir: string): Journal {
    const file = path.join(dir, JOURNAL_FILE);
    writeFileAtomic(file, '');
    return new Journal(fs.openSync(file, 'a'), file);
  }

  /** The existing journal, its torn last line (if a kill left one) cut off (`wholeBytes` Infinity: none to cut). */
  static reopen(dir: string, wholeBytes: number): Journal {
    const file = path.join(dir, JOURNAL_FILE);
    if (!fs.existsSync(file)) return Journal.create(dir);
    if (Number.isFinite(wholeBytes)) fs.truncateSync(file, wholeBytes);
    return new Journal(fs.openSync(file, 'a'), file);
  }

  /** Appends one line and waits until it is on disk (a failed append leaves at most a torn last line, which reading ignores). */
  append(line: string): void {
    const bytes = Buffer.from(line + '\n', 'utf8');
    try {
      let written = 0;
      while (written < bytes.length) written += fs.writeSync(this.fd, bytes, written);
      fs.fsyncSync(this.fd);
    } catch (e) {
      (e as NodeJS.ErrnoException).path ??= this.file;
      throw e;
    }
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

/** Writes a whole journal at once (a merge's output), atomically. */
export function writeJournal(dir: string, records: readonly RunRecord[]): void {
  writeFileAtomic(path.join(dir, JOURNAL_FILE), records.map((r) => JSON.stringify(r) + '\n').join(''));
}
