/**
 * `invitesim report DIR`: rebuilds every report file from DIR/results.json alone (an attack's
 * folder: from its attack.json); the exit code re-checks the gates.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exitCode, rebuildReports } from '../reports';
import { ATTACK_JSON, attackExitCode } from '../reports/attack';
import { rebuildAttackReports } from '../reports/write';
import { RunFailure, describeIoError } from './io-errors';
import { OutputFolder } from './output-folder';

export function reportCommand(dir: string, opts: { quiet?: boolean }): number {
  const folder = OutputFolder.claim(dir, { command: 'report', flag: `report ${dir}`, mustBeOwn: true });
  try {
    const attack = !fs.existsSync(path.join(dir, 'results.json')) && fs.existsSync(path.join(dir, ATTACK_JSON));
    const code = attack ? attackExitCode(rebuildAttackReports(dir)) : exitCode(rebuildReports(dir));
    if (!opts.quiet) process.stderr.write(`invitesim: rebuilt the reports in ${dir}\n`);
    return code;
  } catch (e) {
    const io = describeIoError(e);
    if (io) throw new RunFailure(`cannot write ${io}; the reports in ${dir} are incomplete: fix it and run \`invitesim report ${dir}\` again`);
    throw e;
  } finally {
    folder.release();
  }
}
