/**
 * File-system failures as users read them: one line naming the path and the cause
 * (`out/x/runs.ndjson: no space left on device (ENOSPC)`), never a stack trace. RunFailure
 * carries such a line once runs have started, which is exit 3 (finished runs are kept);
 * before that the same error is bad input, exit 2. And a closed pipe on stdout or stderr,
 * which is no failure at all.
 */

const CAUSES: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'is a folder, not a file',
  EEXIST: 'already exists',
  ENOENT: 'no such file or folder',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EIO: 'input/output error',
  ENAMETOOLONG: 'name too long',
  ELOOP: 'too many symbolic links',
  EBUSY: 'busy',
};

/** `path: cause (CODE)` for a Node file-system error, or null for anything else. */
export function describeIoError(e: unknown): string | null {
  const err = e as NodeJS.ErrnoException;
  if (!(err instanceof Error) || typeof err.code !== 'string' || !(err.code in CAUSES) || typeof err.syscall !== 'string') return null;
  return `${err.path ?? err.syscall}: ${CAUSES[err.code]} (${err.code})`;
}

/** A failure after runs started: the CLI prints its message alone and exits 3. */
export class RunFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunFailure';
  }
}

/**
 * Lets the command go on when whoever reads its stdout or stderr has gone (`invitesim list |
 * head`): writes to a closed pipe fail with EPIPE, which Node raises as an unhandled error
 * with a stack trace. The command still finishes, so a run piped into `head` writes its
 * reports; only what it would have printed is lost, and nobody is reading it. Other errors are raised.
 */
export function ignoreClosedReaders(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
    });
  }
}
