/**
 * `invitesim validate`: runs every check `run` makes before it starts (planRun: the file, --set,
 * the sweep, the run count, the gates), then says so in one line; --print adds the scenario resolved
 * (every default filled in) on stdout, which runs to hundreds of lines, so only when asked.
 */
import { EXIT_OK } from './exit-codes';
import { planRun } from './run';

export interface ValidateFlags {
  set: string[];
  /** A scenario overlay laid over the scenario before --set, as run does. */
  overlay?: string;
  quiet?: boolean;
  print?: boolean;
  maxRuns?: string;
  yes?: boolean;
}

export function validateCommand(ref: string, opts: ValidateFlags): number {
  const { scenario, plan } = planRun(ref, opts);
  if (!opts.quiet) {
    const points = plan.tasks.length / plan.scenario.replicates;
    process.stderr.write(`${ref}: valid scenario "${scenario.name}" (${points} point${points === 1 ? '' : 's'} × ${plan.scenario.replicates} replicates = ${plan.tasks.length} runs)\n`);
  }
  if (opts.print) process.stdout.write(JSON.stringify(scenario, null, 2) + '\n');
  return EXIT_OK;
}
