/**
 * hyparquet (reader) and hyparquet-writer are ES modules; jiti (already here for TypeScript
 * plugins) loads them synchronously from CommonJS. One loader, typed to what invitesim uses,
 * for the event log's writer and reader, the features table and `fit`. Without interopDefault:
 * with it, jiti hands each module's imports over through a Proxy, and every call between the
 * libraries' own functions went through its trap (a third of the event log's encoding time);
 * neither library has a default export, so there is nothing for it to do.
 */
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

export interface HyparquetWriter {
  ParquetWriter: new (o: object) => { write(o: object): void; finish(): void };
  fileWriter(file: string): object;
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
  const { ParquetWriter, fileWriter } = hyparquetWriter();
  return new ParquetWriter({
    writer: fileWriter(file),
    schema: [{ name: 'root', num_children: columns.length }, ...columns],
    kvMetadata: [{ key: metaKey, value: JSON.stringify(meta) }],
    createdBy: 'invitesim',
    statistics: false,
  });
}

/** A Parquet file's footer: its schema, row count and key-value metadata. */
export async function parquetMetadata(file: string): Promise<ParquetMetadata> {
  const hp = hyparquet();
  return hp.parquetMetadataAsync(await hp.asyncBufferFromFile(file));
}
