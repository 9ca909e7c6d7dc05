/**
 * hyparquet (reader) and hyparquet-writer are ES modules; jiti (already here for TypeScript
 * plugins) loads them synchronously from CommonJS. One loader, typed to what invitesim uses,
 * for the event log's writer and reader, the features table and `fit`. Without interopDefault:
 * with it, jiti hands each module's imports over through a Proxy, and every call between the
 * libraries' own functions went through its trap (a third of the event log's encoding time);
 * neither library has a default export, so there is nothing for it to do.
 */
import * as fs from 'node:fs';
import { createJiti } from 'jiti';

export interface ParquetMetadata {
  num_rows: bigint;
  schema: Array<{ name: string }>;
  key_value_metadata?: Array<{ key: string; value?: string }>;
}

export interface Hyparquet {
  asyncBufferFromFile(file: string): Promise<unknown>;
  parquetMetadataAsync(file: unknown): Promise<ParquetMetadata>;
  parquetReadObjects(o: object): Promise<Array<Record<string, unknown>>>;
}

/** hyparquet-writer's output: an auto-expanding buffer whose `ensure` and `finish` a file writer overrides. */
interface ByteWriter {
  buffer: ArrayBuffer;
  view: DataView;
  index: number;
  ensure(size: number): void;
  finish(): void;
}

export interface HyparquetWriter {
  ParquetWriter: new (o: object) => { write(o: object): void; finish(): void };
  ByteWriter: new () => ByteWriter;
}

export function hyparquet(): Hyparquet {
  return createJiti(__filename, { interopDefault: false })('hyparquet');
}

function hyparquetWriter(): HyparquetWriter {
  return createJiti(__filename, { interopDefault: false })('hyparquet-writer');
}

/** A column of a flat Parquet schema. */
export interface ParquetColumn {
  name: string;
  type: string;
  converted_type?: string;
  repetition_type: 'REQUIRED' | 'OPTIONAL';
}

/**
 * A Parquet file written a row group at a time (bounded memory whatever its length), flat, with
 * one key-value metadata entry that says what invitesim wrote; no statistics, which nothing reads.
 */
export function openParquetWriter(file: string, columns: readonly ParquetColumn[], metaKey: string, meta: unknown): { write(o: object): void; finish(): void } {
  const { ParquetWriter, ByteWriter } = hyparquetWriter();
  return new ParquetWriter({
    writer: fileWriter(file, new ByteWriter()),
    schema: [{ name: 'root', num_children: columns.length }, ...columns],
    kvMetadata: [{ key: metaKey, value: JSON.stringify(meta) }],
    createdBy: 'invitesim',
    statistics: false,
  });
}

const FLUSH_BYTES = 1 << 20;

/**
 * The library's own fileWriter cannot be used: it takes `fs` as a default import, which jiti
 * without interopDefault leaves undefined. This one also keeps one descriptor open rather than
 * reopening the file for every flushed megabyte.
 */
function fileWriter(file: string, writer: ByteWriter): ByteWriter {
  const fd = fs.openSync(file, 'w');
  const flush = (): void => {
    fs.writeSync(fd, new Uint8Array(writer.buffer, 0, writer.index));
    writer.index = 0;
  };
  const grow = writer.ensure.bind(writer);
  writer.ensure = (size: number): void => {
    if (writer.index > FLUSH_BYTES) flush();
    grow(size);
  };
  writer.finish = (): void => {
    flush();
    fs.closeSync(fd);
  };
  return writer;
}

/** A Parquet file's footer: its schema, row count and key-value metadata. */
export async function parquetMetadata(file: string): Promise<ParquetMetadata> {
  const hp = hyparquet();
  return hp.parquetMetadataAsync(await hp.asyncBufferFromFile(file));
}
