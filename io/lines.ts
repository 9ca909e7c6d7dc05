/**
 * Line-by-line reading of a text file, gzip-compressed or not, streamed: a file is never held
 * whole, so a graph of tens of millions of edges costs only what the parsed arrays cost.
 * A truncated or corrupt gzip stream, or an unreadable file, is an InputError naming the file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import * as zlib from 'node:zlib';
import { InputError } from '../sim/errors';

/** Whether the file starts with gzip's magic bytes (so `.gz` is detected by content, not only by name). */
export function isGzip(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(2);
    return fs.readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    fs.closeSync(fd);
  }
}

/** Fails with an InputError unless `file` exists and is a readable regular file; `what` names the field (e.g. graph.file). */
export function checkReadable(file: string, what: string, hint = ' (relative paths are taken from the scenario file\'s folder)'): void {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw new InputError(`${what}: ${file} does not exist; give the path of an existing file${hint}`);
  }
  if (!st.isFile()) throw new InputError(`${what}: ${file} is not a file`);
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch {
    throw new InputError(`${what}: ${file} cannot be read (permission denied)`);
  }
}

/**
 * Calls `onLine(text, lineNumber)` for each line (1-based, without its line break). A line
 * handler's InputError passes through; a stream error (truncated gzip) becomes one.
 */
export async function forEachLine(file: string, what: string, onLine: (line: string, lineNo: number) => void, hint?: string): Promise<number> {
  checkReadable(file, what, hint);
  const raw = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  const gz = isGzip(file);
  const source = gz ? raw.pipe(zlib.createGunzip()) : raw;
  let streamError: Error | null = null;
  const fail = (e: Error) => {
    streamError = e;
    rl.close();
  };
  raw.on('error', fail);
  if (gz) source.on('error', fail);
  const rl = readline.createInterface({ input: source, crlfDelay: Infinity });
  // readline re-emits its input's errors: caught here, they end the loop below instead of the process.
  rl.on('error', (e) => {
    streamError = e;
  });
  let n = 0;
  try {
    for await (const line of rl) {
      n++;
      onLine(line, n);
    }
  } catch (e) {
    // A line's own message names the field and the line; the file is added where it does not say it.
    if (e instanceof InputError) throw e.message.includes(path.basename(file)) ? e : new InputError(`${e.message} (in ${path.basename(file)})`);
    streamError = e as Error;
  } finally {
    rl.close();
    raw.destroy();
  }
  if (streamError) {
    const msg = (streamError as Error).message;
    const why = gz ? `is a truncated or corrupt gzip file (${msg}); re-compress it or give the uncompressed file` : `could not be read (${msg})`;
    throw new InputError(`${what}: ${file} ${why}`);
  }
  return n;
}

/**
 * Splits a CSV line into fields (RFC 4180 quotes: "a,b" and "" inside quotes). Returns null for
 * an unterminated quote.
 */
export function splitCsv(line: string): string[] | null {
  if (line.indexOf('"') < 0) return line.split(',');
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  if (quoted) return null;
  out.push(field);
  return out;
}

/** A short, printable excerpt of a bad line for an error message. */
export function excerpt(line: string): string {
  const s = line.length > 60 ? `${line.slice(0, 57)}...` : line;
  return JSON.stringify(s);
}
