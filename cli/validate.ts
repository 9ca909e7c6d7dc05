/** `invitesim validate`: loads a scenario, prints it resolved (every default filled in). */
import { loadScenario } from '../scenarios/load';
import { EXIT_OK } from './exit-codes';

export function validateCommand(ref: string, opts: { set: string[]; quiet?: boolean }): number {
  const scenario = loadScenario(ref, opts.set);
  if (!opts.quiet) {
    process.stderr.write(`${ref}: valid scenario "${scenario.name}"\n`);
    process.stdout.write(JSON.stringify(scenario, null, 2) + '\n');
  }
  return EXIT_OK;
}
