/** `invitesim report DIR`: rebuilds every report file from DIR/results.json alone; the exit code re-checks its gates. */
import { exitCode, rebuildReports } from '../reports';
import { RunFailure, describeIoError } from './io-errors';
import { OutputFolder } from './output-folder';

export function reportCommand(dir: string, opts: { quiet?: boolean }): number {
  const folder = OutputFolder.claim(dir, { command: 'report', flag: `report ${dir}`, mustBeOwn: true });
  try {
    const results = rebuildReports(dir);
    if (!opts.quiet) process.stderr.write(`invitesim: rebuilt the reports in ${dir}\n`);
    return exitCode(results);
  } catch (e) {
    const io = describeIoError(e);
    if (io) throw new RunFailure(`cannot write ${io}; the reports in ${dir} are incomplete: fix it and run \`invitesim report ${dir}\` again`);
    throw e;
  } finally {
    folder.release();
  }
}
