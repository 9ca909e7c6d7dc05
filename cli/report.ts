/** `invitesim report DIR`: rebuilds every report file from DIR/results.json alone; the exit code re-checks its gates. */
import { exitCode, rebuildReports } from '../reports';

export function reportCommand(dir: string, opts: { quiet?: boolean }): number {
  const results = rebuildReports(dir);
  if (!opts.quiet) process.stderr.write(`invitesim: rebuilt the reports in ${dir}\n`);
  return exitCode(results);
}
