/**
 * writeFileAtomic: a runner file (manifest, rewritten journal) appears whole or not at all:
 * written to a temporary file in the same folder, fsynced, then renamed over the target.
 * (sim/ never imports reports/, which has its own streaming variant for report files.)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export function writeFileAtomic(file: string, content: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeFileSync(fd, content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    (e as NodeJS.ErrnoException).path ??= file;
    throw e;
  }
}
