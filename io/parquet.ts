/**
 * hyparquet (reader) and hyparquet-writer are ES modules; jiti (already here for TypeScript
 * plugins) loads them synchronously from CommonJS. One loader, typed to what invitesim uses,
 * for the event log's writer and reader, the features table and `fit`.
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
  return createJiti(__filename)('hyparquet');
}

export function hyparquetWriter(): HyparquetWriter {
  return createJiti(__filename)('hyparquet-writer');
}

/** A Parquet file's footer: its schema, row count and key-value metadata. */
export async function parquetMetadata(file: string): Promise<ParquetMetadata> {
  const hp = hyparquet();
  return hp.parquetMetadataAsync(await hp.asyncBufferFromFile(file));
}
