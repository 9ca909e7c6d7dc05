/**
 * Which columns a log file has. The reader fills a missing optional column with its default
 * (no note, no photo, joined at the row's time), which is right for a replay but would make a
 * fit estimate 0% notes from a log that never recorded notes: the fit asks first, and keeps the
 * default with a warning instead.
 */
import * as fs from 'node:fs';
import * as readline from 'node:readline';
import * as zlib from 'node:zlib';
import { parquetMetadata } from '../io/parquet';
import { isGzip } from '../io/lines';

export async function logColumns(file: string): Promise<Set<string>> {
  const fd = fs.openSync(file, 'r');
  const magic = Buffer.alloc(4);
  const read = fs.readSync(fd, magic, 0, 4, 0);
  fs.closeSync(fd);
  if (read === 4 && magic.toString('latin1') === 'PAR1') {
    const md = await parquetMetadata(file);
    return new Set(md.schema.map((s) => s.name));
  }
  // CSV: the first line that is neither blank nor a # comment is the header (the reader has checked the file whole).
  const raw = fs.createReadStream(file);
  const rl = readline.createInterface({ input: isGzip(file) ? raw.pipe(zlib.createGunzip()) : raw, crlfDelay: Infinity });
  try {
    for await (const line of rl) {
      if (line.trim() === '' || line.startsWith('#')) continue;
      return new Set(line.split(',').map((h) => h.trim().replace(/^"|"$/g, '')));
    }
  } finally {
    rl.close();
    raw.destroy();
  }
  return new Set();
}
