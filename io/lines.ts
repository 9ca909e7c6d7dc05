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
 * Lines are taken from readline's 'line' event rather than its async iterator, which reads a
 * file of millions of lines about 1.3x slower (a promise per line).
 */
export function forEachLine(file: string, what: string, onLine: (line: string, lineNo: number) => void, hint?: string): Promise<number> {
  checkReadable(file, what, hint);
  const raw = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  const gz = isGzip(file);
  const source = gz ? raw.pipe(zlib.createGunzip()) : raw;
  const rl = readline.createInterface({ input: source, crlfDelay: Infinity });
  return new Promise((resolve, reject) => {
    let n = 0;
    let lineError: Error | null = null;
    let streamError: Error | null = null;
    const stop = () => {
      rl.close();
      raw.destroy();
    };
    const failStream = (e: Error) => {
      if (streamError === null && lineError === null) streamError = e;
      stop();
    };
    raw.on('error', failStream);
    if (gz) source.on('error', failStream);
    // readline re-emits its input's errors: caught here, they end the reading instead of the process.
    rl.on('error', failStream);
    rl.on('line', (line) => {
      if (lineError !== null || streamError !== null) return;
      n++;
      try {
        onLine(line, n);
      } catch (e) {
        lineError = e as Error;
        stop();
      }
    });
    rl.on('close', () => {
      if (lineError !== null) {
        const e = lineError;
        // A line's own message names the field and the line; the file is added where it does not say it.
        if (e instanceof InputError) reject(e.message.includes(path.basename(file)) ? e : new InputError(`${e.message} (in ${path.basename(file)})`));
        else reject(e);
        return;
      }
      if (streamError !== null) {
        const msg = (streamError as Error).message;
        const why = gz ? `is a truncated or corrupt gzip file (${msg}); re-compress it or give the uncompressed file` : `could not be read (${msg})`;
        reject(new InputError(`${what}: ${file} ${why}`));
        return;
      }
      resolve(n);
    });
  });
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
