/**
 * DuckDB as an independent reader of the Parquet and CSV files invitesim writes: a query run in
 * a child process (the package's native binding, loaded outside jest's module sandbox), its rows as JSON.
 */
import { execFileSync } from 'node:child_process';

const SCRIPT = `
const { DuckDBInstance } = require('@duckdb/node-api');
(async () => {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const r = await c.runAndReadAll(process.argv[1]);
  process.stdout.write(JSON.stringify(r.getRowObjectsJson()));
})().catch((e) => { process.stderr.write(String(e)); process.exit(1); });`;

export function duckdb<T = Record<string, unknown>>(sql: string): T[] {
  return JSON.parse(execFileSync(process.execPath, ['-e', SCRIPT, sql], { encoding: 'utf8', cwd: __dirname, maxBuffer: 256 * 1024 * 1024 })) as T[];
}
