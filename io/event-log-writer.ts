/**
 * EventLogWriter: the platform's event log of one run (`run --events`), streamed to a Parquet
 * file (hyparquet-writer: pure JavaScript, writes row groups incrementally, so memory stays at
 * one buffer of rows whatever the run's length) or to gzip CSV. Rows are kept in typed arrays
 * and turned into columns only when a buffer is full, so logging an event allocates nothing.
 * The file is written under a temporary name and renamed when complete: a log that exists is whole.
 */
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { openParquetWriter, type ParquetColumn } from './parquet';
import { commitTemp, dropTemp, tempPathOf } from './temp-file';
import type { PlatformLog } from '../sim/platform-log';
import type { PlatformSnapshot } from '../policies/platform/connection-graph';
import { FREE, PERMANENT } from '../policies/ladder';
import type { Channel, ResponseKind, Verdict } from '../policies/policy';
import { CHANNELS, COLUMNS, K, KINDS, VERDICTS, type LogMeta } from './log-schema';

export type LogFormat = 'parquet' | 'csv';

/** Rows a buffer holds before it becomes a Parquet row group (or a gzip member of a CSV log). */
const ROWS = 1 << 17;
const NONE = 255;
const NO_INT = -2147483648;
/** ACCEPT, IGNORE, IDK, WITHDRAW (policies/policy.ts) to row kinds. */
const ANSWER_KIND = [K.accept, K.ignore, K.idk, K.withdraw];

/** Where rows go when a buffer is full. */
interface Sink {
  write(rows: RowBuffer, n: number): void;
  finish(): void;
}

class RowBuffer {
  readonly time = new Int32Array(ROWS);
  readonly kind = new Uint8Array(ROWS);
  readonly member = new Int32Array(ROWS);
  readonly other = new Int32Array(ROWS);
  readonly channel = new Uint8Array(ROWS);
  readonly note = new Uint8Array(ROWS);
  readonly verdict = new Uint8Array(ROWS);
  readonly delivered = new Uint8Array(ROWS);
  readonly photo = new Uint8Array(ROWS);
  readonly joinedAt = new Int32Array(ROWS);
}

export class EventLogWriter implements PlatformLog {
  private readonly rows = new RowBuffer();
  private n = 0;
  /** Rows written in all. */
  total = 0;
  private readonly sink: Sink;
  /** Members joining after the start, in order of join minute, and the next one to log. */
  private joinOrder: Int32Array = new Int32Array(0);
  private joinAt: Int32Array = new Int32Array(0);
  private photo: Uint8Array = new Uint8Array(0);
  private nextJoin = 0;

  constructor(
    private readonly file: string,
    format: LogFormat,
    meta: LogMeta,
  ) {
    this.sink = format === 'parquet' ? new ParquetSink(tempPathOf(file), meta) : new CsvSink(tempPathOf(file), meta);
  }

  /**
   * The platform when the run opens: members who have joined, connections, address books. The
   * accounts that join later (`joinedAt`: every account's join minute, which the engine knows and
   * the snapshot does not) are logged as they join.
   */
  start(s: PlatformSnapshot, joinedAt: Int32Array): void {
    const later: number[] = [];
    for (let m = 0; m < s.members; m++) {
      if (joinedAt[m] > 0) later.push(m);
      else this.member(0, m, joinedAt[m], s.photo[m] === 1);
    }
    later.sort((a, b) => joinedAt[a] - joinedAt[b] || a - b);
    this.joinOrder = Int32Array.from(later);
    this.joinAt = joinedAt;
    this.photo = s.photo;
    for (let a = 0; a < s.members; a++) {
      for (let e = s.connections.offsets[a]; e < s.connections.offsets[a + 1]; e++) {
        const b = s.connections.targets[e];
        if (b > a) this.push(0, K.connection, a, b);
      }
    }
    for (let a = 0; a < s.members; a++) {
      if (!s.uploaded[a]) continue;
      const lo = s.addressBooks.offsets[a];
      const hi = s.addressBooks.offsets[a + 1];
      if (lo === hi) this.push(0, K.address_book, a, -1);
      for (let e = lo; e < hi; e++) this.push(0, K.address_book, a, s.addressBooks.targets[e]);
    }
  }

  minute(t: number): void {
    const order = this.joinOrder;
    while (this.nextJoin < order.length && this.joinAt[order[this.nextJoin]] <= t) {
      const m = order[this.nextJoin++];
      this.member(t, m, this.joinAt[m], this.photo[m] === 1);
    }
  }

  invite(t: number, sender: number, recipient: number, channel: Channel, note: boolean, verdict: Verdict, delivered: boolean): void {
    const i = this.push(t, K.invite, sender, recipient);
    this.rows.channel[i] = channel;
    this.rows.note[i] = note ? 1 : 0;
    this.rows.verdict[i] = verdict;
    this.rows.delivered[i] = delivered ? 1 : 0;
  }

  inmail(t: number, sender: number, recipient: number): void {
    this.push(t, K.inmail, sender, recipient);
  }

  answer(t: number, sender: number, recipient: number, kind: ResponseKind): void {
    this.push(t, ANSWER_KIND[kind], sender, recipient);
  }

  check(t: number, member: number): void {
    this.push(t, K.lift_check, member, -1);
  }

  /** The ladder's listener (Ladder.onChange). */
  readonly ladder = (member: number, state: number, now: number): void => {
    this.push(now, state === FREE ? K.lift : state === PERMANENT ? K.permanent : K.restrict, member, -1);
  };

  /** Writes what is buffered and renames the file into place. */
  close(): void {
    this.flush();
    this.sink.finish();
    commitTemp(this.file);
  }

  /** Drops the unfinished file (a run that failed). */
  abandon(): void {
    dropTemp(this.file, () => this.sink.finish());
  }

  private member(t: number, m: number, joinedAt: number, photo: boolean): void {
    const i = this.push(t, K.member, m, -1);
    this.rows.photo[i] = photo ? 1 : 0;
    this.rows.joinedAt[i] = joinedAt;
  }

  private push(t: number, kind: number, member: number, other: number): number {
    if (this.n === ROWS) this.flush();
    const r = this.rows;
    const i = this.n++;
    r.time[i] = t;
    r.kind[i] = kind;
    r.member[i] = member;
    r.other[i] = other;
    r.channel[i] = NONE;
    r.note[i] = NONE;
    r.verdict[i] = NONE;
    r.delivered[i] = NONE;
    r.photo[i] = NONE;
    r.joinedAt[i] = NO_INT;
    this.total++;
    return i;
  }

  private flush(): void {
    if (this.n === 0) return;
    this.sink.write(this.rows, this.n);
    this.n = 0;
  }
}

/**
 * A buffer's rows as the writers take them: names for coded strings, null where a row has none.
 * The arrays are made once and refilled at each flush (a plain loop: mapping typed arrays
 * through Array.from costs several times more).
 */
class ColumnValues {
  readonly kind: Array<string | null> = new Array(ROWS);
  readonly channel: Array<string | null> = new Array(ROWS);
  readonly note: Array<boolean | null> = new Array(ROWS);
  readonly verdict: Array<string | null> = new Array(ROWS);
  readonly delivered: Array<boolean | null> = new Array(ROWS);
  readonly photo: Array<boolean | null> = new Array(ROWS);
  readonly joinedAt: Array<number | null> = new Array(ROWS);

  /** The columns of the first n rows, by name (full arrays when the buffer was full, else copies cut to n). */
  fill(r: RowBuffer, n: number): Record<(typeof COLUMNS)[number]['name'], ArrayLike<unknown>> {
    for (let i = 0; i < n; i++) {
      this.kind[i] = KINDS[r.kind[i]];
      const c = r.channel[i];
      this.channel[i] = c === NONE ? null : CHANNELS[c];
      const v = r.verdict[i];
      this.verdict[i] = v === NONE ? null : VERDICTS[v];
      const note = r.note[i];
      this.note[i] = note === NONE ? null : note === 1;
      const d = r.delivered[i];
      this.delivered[i] = d === NONE ? null : d === 1;
      const ph = r.photo[i];
      this.photo[i] = ph === NONE ? null : ph === 1;
      const j = r.joinedAt[i];
      this.joinedAt[i] = j === NO_INT ? null : j;
    }
    const cut = <T>(a: T[]): T[] => (n === ROWS ? a : a.slice(0, n));
    return {
      time: r.time.subarray(0, n),
      kind: cut(this.kind),
      member: r.member.subarray(0, n),
      other: r.other.subarray(0, n),
      channel: cut(this.channel),
      note: cut(this.note),
      verdict: cut(this.verdict),
      delivered: cut(this.delivered),
      photo: cut(this.photo),
      joined_at: cut(this.joinedAt),
    };
  }
}

class ParquetSink implements Sink {
  private readonly writer: { write(o: object): void; finish(): void };

  constructor(file: string, meta: LogMeta) {
    const columns = COLUMNS.map(
      (c): ParquetColumn => ({
        name: c.name,
        type: c.type === 'STRING' ? 'BYTE_ARRAY' : c.type,
        ...(c.type === 'STRING' ? { converted_type: 'UTF8' } : {}),
        repetition_type: c.required || c.name === 'other' ? 'REQUIRED' : 'OPTIONAL',
      }),
    );
    this.writer = openParquetWriter(file, columns, 'invitesim.log', meta);
  }

  private readonly values = new ColumnValues();

  write(rows: RowBuffer, n: number): void {
    const cols = this.values.fill(rows, n);
    this.writer.write({ columnData: COLUMNS.map((c) => ({ name: c.name, data: cols[c.name] })), rowGroupSize: ROWS });
  }

  finish(): void {
    this.writer.finish();
  }
}

/** gzip CSV: a `# invitesim.log {json}` line, the header, then one gzip member a buffer (concatenated members are one gzip stream). */
class CsvSink implements Sink {
  private readonly fd: number;

  constructor(file: string, meta: LogMeta) {
    this.fd = fs.openSync(file, 'w');
    fs.writeSync(this.fd, zlib.gzipSync(`# invitesim.log ${JSON.stringify(meta)}\n${COLUMNS.map((c) => c.name).join(',')}\n`));
  }

  private readonly values = new ColumnValues();

  write(rows: RowBuffer, n: number): void {
    const c = this.values.fill(rows, n);
    let text = '';
    for (let i = 0; i < n; i++) {
      text += `${rows.time[i]},${c.kind[i]},${rows.member[i]},${rows.other[i]},${cell(c.channel[i])},${cell(c.note[i])},${cell(c.verdict[i])},${cell(c.delivered[i])},${cell(c.photo[i])},${cell(c.joined_at[i])}\n`;
    }
    fs.writeSync(this.fd, zlib.gzipSync(text, { level: 4 }));
  }

  finish(): void {
    fs.closeSync(this.fd);
  }
}

function cell(v: unknown): string {
  return v === null || v === undefined ? '' : String(v);
}
