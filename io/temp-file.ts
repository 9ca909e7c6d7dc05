/**
 * Files streamed under a temporary name (the event log, the features table) and renamed into
 * place only when complete, so a file that exists is whole; a failed write leaves nothing.
 */
import * as fs from 'node:fs';

/** Where a streamed file is written until it is complete. */
export function tempPathOf(file: string): string {
  return `${file}.tmp`;
}

/** The streamed file is complete: it replaces `file`. */
export function commitTemp(file: string): void {
  fs.renameSync(tempPathOf(file), file);
}

/** The streamed file is abandoned: `finish` closes its writer (its errors do not matter now) and the file is removed. */
export function dropTemp(file: string, finish: () => void): void {
  try {
    finish();
  } catch {
    // The file is removed either way.
  }
  fs.rmSync(tempPathOf(file), { force: true });
}
