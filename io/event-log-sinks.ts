/**
 * The event log's rows in a buffer, and the sinks that encode a full buffer into the file:
 * Parquet (hyparquet-writer) or gzip CSV. The encoder worker (io/event-log-encoder.ts) runs the
 * sinks, off the simulating thread; a buffer is one ArrayBuffer, so it moves between the threads
 * by transfer, not copy.
 */
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { openParquetWriter, type ParquetColumn } from './parquet';
import { CHANNELS, COLUMNS, KINDS, VERDICTS, type LogMeta } from './log-schema';

export type LogFormat = 'parquet' | 'csv';

/** Rows a buffer holds before it becomes a Parquet row group (or a gzip member of a CSV log). */
export const ROWS = 1 << 17;
/** An optional small column without a value in its row. */
export const NONE = 255;
/** joined_at without a value. */
export const NO_INT = -2147483648;
/** Four int32 columns and six byte columns. */
const ROW_BYTES = 4 * 4 + 6;

/** A buffer of rows, as columns over one ArrayBuffer (int32 columns first, so each is aligned). */
export class RowBuffer {
  readonly time: Int32Array;
  readonly member: Int32Array;
  readonly other: Int32Array;
  readonly joinedAt: Int32Array;
  readonly kind: Uint8Array;
  readonly channel: Uint8Array;
  readonly note: Uint8Array;
  readonly verdict: Uint8Array;
  readonly delivered: Uint8Array;
  readonly photo: Uint8Array;

  constructor(readonly bytes: ArrayBuffer = new ArrayBuffer(ROWS * ROW_BYTES)) {
    let at = 0;
    const int32 = (): Int32Array => new Int32Array(bytes, (at += 4 * ROWS) - 4 * ROWS, ROWS);
    const byte = (): Uint8Array => new Uint8Array(bytes, (at += ROWS) - ROWS, ROWS);
    this.time = int32();
    this.member = int32();
    this.other = int32();
    this.joinedAt = int32();
    this.kind = byte();
    this.channel = byte();
    this.note = byte();
    this.verdict = byte();
    this.delivered = byte();
    this.photo = byte();
  }

  /** Empties the optional columns, so that a row sets only the ones its kind has. */
  clearOptional(): void {
    this.channel.fill(NONE);
    this.note.fill(NONE);
    this.verdict.fill(NONE);
    this.delivered.fill(NONE);
    this.photo.fill(NONE);
    this.joinedAt.fill(NO_INT);
  }
}

/** Where full buffers go. */
export interface Sink {
  write(rows: RowBuffer, n: number): void;
  finish(): void;
}

export function openSink(file: string, format: LogFormat, meta: LogMeta): Sink {
  return format === 'parquet' ? new ParquetSink(file, meta) : new CsvSink(file, meta);
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
    // Each column of a row group fits the writer's 1 MiB page anyway (131,072 int32 values or
    // dictionary indexes are 512 KiB), so pageSize 0 writes the same pages without sizing every value.
    this.writer.write({ columnData: COLUMNS.map((c) => ({ name: c.name, data: cols[c.name] })), rowGroupSize: ROWS, pageSize: 0 });
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
