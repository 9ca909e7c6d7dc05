/**
 * writeFileAtomic: a file invitesim writes (a report, the manifest, a rewritten journal, load's
 * files) appears whole or not at all. Content goes to a temporary file in the same folder (so
 * rename never crosses file systems), is fsynced, then replaces the target. In io/, so that
 * runner/, reports/, load/ and cli/ all use this one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Bytes gathered before each write, so thousands of small chunks cost few system calls. */
const FLUSH_AT = 1 << 20;

export function writeFileAtomic(file: string, content: string | Iterable<string>): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const fd = fs.openSync(tmp, 'w');
  try {
    let buffer = '';
    for (const chunk of typeof content === 'string' ? [content] : content) {
      buffer += chunk;
      if (buffer.length >= FLUSH_AT) {
        writeAll(fd, buffer);
        buffer = '';
      }
    }
    writeAll(fd, buffer);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, file);
  } catch (e) {
    try {
      fs.closeSync(fd);
    } catch {
      // already closed: the failure came from rename
    }
    fs.rmSync(tmp, { force: true });
    // write and fsync errors carry no path; the file is what the user needs to hear about.
    const err = e as NodeJS.ErrnoException;
    if (err && typeof err === 'object' && err.path === undefined) err.path = file;
    throw e;
  }
}

/** A write to a nearly full disk may take only part of the bytes: write the rest until all are in or the disk says why not. */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0; at < bytes.length; ) at += fs.writeSync(fd, bytes, at);
}
