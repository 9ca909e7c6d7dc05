/**
 * FeatureTableWriter: the rows of `invitesim features`, streamed to Parquet (hyparquet-writer,
 * as the event log: a row group at a time, so memory stays at one buffer whatever the log's
 * length) or to CSV (plain, or gzip for a name ending .gz) for tools without Parquet. Rows are
 * buffered in typed arrays, features as float32: the exact numbers a model is given in a run.
 * Written under a temporary name and renamed when complete, so a file that exists is whole.
 */
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { openParquetWriter, parquetMetadata, type ParquetColumn } from '../io/parquet';
import { commitTemp, dropTemp, tempPathOf } from '../io/temp-file';
import { InputError } from '../policies/input-error';
import { FEATURE_COUNT, FEATURE_NAMES } from './schema';

export type FeaturesPer = 'member-day' | 'invitation';
export type TableFormat = 'parquet' | 'csv';

/** Key columns before the features, by kind of row (docs/features.md). */
export const KEY_COLUMNS: Record<FeaturesPer, readonly string[]> = {
  'member-day': ['day', 'time', 'member'],
  invitation: ['time', 'member', 'other', 'invitation_stranger', 'invitation_mutual'],
};
export const LABEL_COLUMN = 'label';
/** Parquet key-value metadata key of a features file. */
export const FEATURES_META_KEY = 'invitesim.features';

const ROWS = 1 << 16;

/** A features file's format, by its name: .csv or .csv.gz is CSV, anything else Parquet. */
export function formatOf(file: string): TableFormat {
  return /\.csv(\.gz)?$/i.test(file) ? 'csv' : 'parquet';
}

/** The column names of a table, in file order. */
export function columnsOf(per: FeaturesPer, labels: boolean): string[] {
  return [...KEY_COLUMNS[per], ...FEATURE_NAMES, ...(labels ? [LABEL_COLUMN] : [])];
}

export class FeatureTableWriter {
  private readonly keys: Int32Array[];
  private readonly features: Float32Array[];
  private readonly label: Int32Array;
  private n = 0;
  /** Rows written in all. */
  total = 0;
  private readonly sink: Sink;
  private readonly columns: string[];

  constructor(
    private readonly file: string,
    per: FeaturesPer,
    private readonly labels: boolean,
    meta: Record<string, unknown>,
  ) {
    const k = KEY_COLUMNS[per].length;
    this.keys = Array.from({ length: k }, () => new Int32Array(ROWS));
    this.features = Array.from({ length: FEATURE_COUNT }, () => new Float32Array(ROWS));
    this.label = new Int32Array(ROWS);
    this.columns = columnsOf(per, labels);
    const tmp = tempPathOf(file);
    this.sink = formatOf(file) === 'csv' ? new CsvSink(tmp, this.columns, file.endsWith('.gz')) : new ParquetSink(tmp, this.columns, k, labels, meta);
  }

  /** One row: its key values (KEY_COLUMNS order), the vector at x[at ..], and the label (ignored without labels). */
  row(keys: ArrayLike<number>, x: Float32Array, at: number, label: number): void {
    if (this.n === ROWS) this.flush();
    const i = this.n++;
    for (let c = 0; c < this.keys.length; c++) this.keys[c][i] = keys[c];
    for (let f = 0; f < FEATURE_COUNT; f++) this.features[f][i] = x[at + f];
    this.label[i] = label;
    this.total++;
  }

  close(): void {
    this.flush();
    this.sink.finish();
    commitTemp(this.file);
  }

  /** Drops the unfinished file. */
  abandon(): void {
    dropTemp(this.file, () => this.sink.finish());
  }

  private flush(): void {
    if (this.n === 0) return;
    const n = this.n;
    const cut = <T extends Int32Array | Float32Array>(a: T): T => (n === ROWS ? a : (a.subarray(0, n) as T));
    const data: Array<Int32Array | Float32Array> = [...this.keys.map(cut), ...this.features.map(cut)];
    if (this.labels) data.push(cut(this.label));
    this.sink.write(data, n);
    this.n = 0;
  }
}

interface Sink {
  write(columns: Array<Int32Array | Float32Array>, n: number): void;
  finish(): void;
}

class ParquetSink implements Sink {
  private readonly writer: { write(o: object): void; finish(): void };

  constructor(
    file: string,
    private readonly names: string[],
    keyColumns: number,
    labels: boolean,
    meta: Record<string, unknown>,
  ) {
    const columns = names.map((name, i): ParquetColumn => ({ name, type: i < keyColumns || (labels && i === names.length - 1) ? 'INT32' : 'FLOAT', repetition_type: 'REQUIRED' }));
    this.writer = openParquetWriter(file, columns, FEATURES_META_KEY, meta);
  }

  write(columns: Array<Int32Array | Float32Array>, n: number): void {
    this.writer.write({ columnData: columns.map((data, i) => ({ name: this.names[i], data })), rowGroupSize: n });
  }

  finish(): void {
    this.writer.finish();
  }
}

class CsvSink implements Sink {
  private readonly fd: number;

  constructor(
    file: string,
    columns: string[],
    private readonly gzip: boolean,
  ) {
    this.fd = fs.openSync(file, 'w');
    this.put(`${columns.join(',')}\n`);
  }

  /** Float32 values print as the shortest decimal of their double, which reads back to the same float32. */
  write(columns: Array<Int32Array | Float32Array>, n: number): void {
    let text = '';
    for (let i = 0; i < n; i++) {
      let line = String(columns[0][i]);
      for (let c = 1; c < columns.length; c++) line += `,${columns[c][i]}`;
      text += `${line}\n`;
    }
    this.put(text);
  }

  private put(text: string): void {
    if (this.gzip) fs.writeSync(this.fd, zlib.gzipSync(text, { level: 4 }));
    else fs.writeSync(this.fd, text);
  }

  finish(): void {
    fs.closeSync(this.fd);
  }
}

/**
 * Refuses an --out path holding a file invitesim did not write as features: a Parquet file
 * without the features metadata, or a CSV whose header is not a features header. The check
 * reads the file's start only.
 */
export async function checkOverwrite(file: string, flag: string): Promise<void> {
  if (!fs.existsSync(file)) return;
  if (!fs.statSync(file).isFile()) throw new InputError(`${flag} ${file} is a folder; give a file name, e.g. features.parquet`);
  if (await writtenByFeatures(file)) return;
  throw new InputError(`${flag} ${file} exists and is not a features file invitesim wrote; choose another name (invitesim never overwrites a file it did not write)`);
}

async function writtenByFeatures(file: string): Promise<boolean> {
  try {
    if (formatOf(file) === 'csv') {
      const head = fs.readFileSync(file);
      const text = file.endsWith('.gz') ? zlib.gunzipSync(head, { finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString('utf8') : head.subarray(0, 4096).toString('utf8');
      const header = text.split('\n', 1)[0];
      return (['member-day', 'invitation'] as FeaturesPer[]).some((per) => [false, true].some((l) => header === columnsOf(per, l).join(',')));
    }
    const md = await parquetMetadata(file);
    return md.key_value_metadata?.some((kv) => kv.key === FEATURES_META_KEY) ?? false;
  } catch {
    return false;
  }
}
